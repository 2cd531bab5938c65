import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { sql } from './db';
import { closeEditors, openSqlEditor } from './editor';
import { eventually, extension } from './lens';
import { readGrid } from './resultsGrid';
import { ui } from './ui';

/** Query 2 of the original analysis (docs/reference/litellm-database-analysis.md), its table names quoted. */
const ORIGINAL_ATTRIBUTION = `SELECT
    u.user_id,
    t.team_id,
    SUM(dus.spend) as individual_spend,
    tm.spend as member_team_contribution
FROM "LiteLLM_UserTable" u
LEFT JOIN "LiteLLM_TeamTable" t ON u.team_id = t.team_id
LEFT JOIN "LiteLLM_DailyUserSpend" dus ON u.user_id = dus.user_id
LEFT JOIN "LiteLLM_TeamMembership" tm ON u.user_id = tm.user_id AND t.team_id = tm.team_id
GROUP BY u.user_id, t.team_id, tm.spend;`;

/** Few rows, so the whole result is rendered in the (virtualised) grid. */
const DAY_QUERY = `SELECT user_id, spend FROM "LiteLLM_DailyUserSpend" WHERE date = '2026-10-01' ORDER BY spend DESC, user_id LIMIT 5`;

/** Puts the cursor at `offset` of the active editor. */
function cursorAt(editor: vscode.TextEditor, offset: number): void {
  const p = editor.document.positionAt(offset);
  editor.selection = new vscode.Selection(p, p);
}

/** Clicks the CodeLens titled `title` above the first statement once it is rendered. */
async function clickLens(title: string): Promise<void> {
  await ui.click(`.contentWidgets .codelens-decoration a:text-is(${JSON.stringify(title)})`, 30_000);
}

suite('SQL editor', () => {
  suiteSetup(async () => {
    await extension().activate();
  });
  teardown(closeEditors);

  test('typing "SELECT * FROM Lit" and accepting the completion inserts the quoted table name', async () => {
    // Opened with the cursor at the end, so no later selection change races the keystrokes.
    const doc = await vscode.workspace.openTextDocument({ language: 'sql', content: 'SELECT * FROM ' });
    const end = doc.positionAt(doc.getText().length);
    const editor = await vscode.window.showTextDocument(doc, {
      preview: false,
      viewColumn: vscode.ViewColumn.One,
      selection: new vscode.Range(end, end),
    });
    for (const key of ['L', 'i', 't']) await ui.press(key);
    await eventually('the typed prefix', () => editor.document.getText().endsWith('Lit')).catch(async (err: Error) => {
      await ui.screenshot('sql-typing');
      throw new Error(
        `${err.message}; document: ${JSON.stringify(editor.document.getText())}, active: ${vscode.window.activeTextEditor?.document.uri.toString()}`,
      );
    });
    // Quick suggestions open on typing; asking explicitly as well keeps a slow machine from missing the moment.
    await vscode.commands.executeCommand('editor.action.triggerSuggest');
    const [focused] = await ui.texts('.suggest-widget .monaco-list-row.focused .label-name', 20_000);
    assert.match(focused, /^LiteLLM_\w+$/);
    await ui.press('Enter');
    const text = await eventually('the accepted completion', () =>
      editor.document.getText().includes('"') ? editor.document.getText() : undefined,
    );
    assert.equal(text, `SELECT * FROM "${focused}"`);
  });

  test("hovering a daily table's date shows its type and meaning", async () => {
    const editor = await openSqlEditor('SELECT d.date, d.spend FROM "LiteLLM_DailyUserSpend" d');
    cursorAt(editor, 'SELECT d.da'.length);
    await vscode.commands.executeCommand('editor.action.showHover');
    const hover = await eventually(
      'the hover',
      async () => (await ui.texts('.monaco-hover .hover-contents')).join('\n').match(/LiteLLM_DailyUserSpend\.date[\s\S]*/)?.[0],
    );
    assert.match(hover, /text.*NOT NULL/);
    assert.match(hover, /UTC day as text 'YYYY-MM-DD'/);
  });

  test('the original attribution query gets the fan-out warning, with its explanation offered as a quick fix', async () => {
    const editor = await openSqlEditor(ORIGINAL_ATTRIBUTION);
    const fanout = await eventually('the fan-out diagnostic', () =>
      vscode.languages.getDiagnostics(editor.document.uri).find((d) => d.code === 'membership-fanout'),
    );
    assert.equal(fanout.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(editor.document.getText(fanout.range), '"LiteLLM_TeamMembership"');
    assert.match(fanout.message, /multiplied by the member count/);
    editor.selection = new vscode.Selection(fanout.range.start, fanout.range.start);
    await vscode.commands.executeCommand('editor.action.quickFix');
    const actions = await ui.texts('.action-widget .action-list-item, .action-widget .monaco-list-row', 20_000);
    assert.ok(
      actions.some((a) => a.includes('Explain membership-fanout')),
      actions.join(' | '),
    );
    await ui.press('Escape');
  });

  test('CodeLens Run opens the results grid, and Explain shows the plan tree', async () => {
    await vscode.commands.executeCommand('litellm.connectTarget', 'env');
    await openSqlEditor(DAY_QUERY);
    await clickLens('▷ Run');
    const grid = await readGrid();
    const truth = await sql<{ user_id: string }>(DAY_QUERY);
    assert.ok(truth.length > 0);
    assert.match(grid.summary, new RegExp(`^${truth.length} rows · `));
    assert.deepEqual(
      grid.rows.map((r) => r[0]),
      truth.map((r) => r.user_id),
    );

    await vscode.commands.executeCommand('workbench.action.focusFirstEditorGroup');
    await clickLens('Explain');
    const plan = await eventually('the plan document', () =>
      vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'litellm-plan'),
    );
    const text = plan.document.getText();
    assert.match(text, /^EXPLAIN .*:1 on /);
    assert.match(text, /Total cost [\d.]+ \(estimate; no ANALYZE\)/);
    assert.match(text, /on "LiteLLM_DailyUserSpend"/);
    assert.match(text, /▲ +\d+%/);
    const lines = await ui.texts('.view-line');
    assert.ok(
      lines.some((l) => l.includes('LiteLLM_DailyUserSpend')),
      'the plan is on screen',
    );
  });

  test('Ctrl+Enter runs the statement under the cursor, the query history lists it, Save as Analysis writes it', async () => {
    await vscode.commands.executeCommand('litellm.connectTarget', 'env');
    const editor = await openSqlEditor(`SELECT 1 AS one;\n${DAY_QUERY};\n`);
    cursorAt(editor, 'SELECT 1 AS one;\nSELECT user'.length);
    await ui.press('Control+Enter');
    const grid = await readGrid();
    assert.match(grid.summary, /^5 rows · /);
    assert.deepEqual(grid.columns, ['user_id', 'spend']);

    await ui.command('LiteLLM: Show Query History');
    const rows = await eventually('the history entry', async () => {
      const texts = await ui.texts('.quick-input-list .monaco-list-row', 20_000);
      return texts.some((t) => t.includes("WHERE date = '2026-10-01'") && t.includes('5 rows')) ? texts : undefined;
    });
    assert.ok(!rows.some((t) => t.includes('SELECT 1 AS one')), 'only the statement under the cursor ran');
    await ui.press('Escape');

    await vscode.window.showTextDocument(editor.document, vscode.ViewColumn.One);
    cursorAt(editor, 'SELECT 1 AS one;\nSELECT user'.length);
    await ui.command('LiteLLM: Save as Analysis…');
    await ui.answer('Top five on Oct 1');
    const folder = vscode.workspace.workspaceFolders![0].uri;
    const file = vscode.Uri.joinPath(folder, '.litellm-lens', 'analyses', 'top-five-on-oct-1.sql');
    const saved = await eventually('the saved analysis', async () =>
      Buffer.from(await vscode.workspace.fs.readFile(file)).toString('utf8'),
    );
    assert.equal(saved, `-- name: Top five on Oct 1\n-- description: \n-- requires: LiteLLM_DailyUserSpend\n${DAY_QUERY}\n`);
    await vscode.workspace.fs.delete(file);
  });
});
