import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import * as vscode from 'vscode';
import type { LensDatabase } from '../../core/db/database';
import { LensError } from '../../core/errors';
import { analysisSlug, buildAnalysisFile } from '../../core/sql/analysisFile';
import { planTree } from '../../core/sql/explainPlan';
import { FINDING_CODES } from '../../core/sql/findings';
import { QueryHistory, REDACTED, type HistoryEntry } from '../../core/sql/history';
import { lintSql } from '../../core/sql/lintSql';
import { loadSqlParser } from '../../core/sql/pgParser';
import { codeTokens } from '../../core/sql/tokens';
import { COMMANDS } from '../commandIds';
import { registerCommand, reportError } from '../commandRunner';
import { confirmUserSql } from '../confirmSql';
import { resultsExporter } from './exportResults';
import { offerFileActions } from '../fileActions';
import { exportQuery } from '../logic/exportQuery';
import { analysisFolders } from '../logic/analysisFolders';
import { ResultsPanel } from '../panels/resultsPanel';
import { withCancellableProgress } from '../progress';
import type { Services } from '../services';
import { readSettings } from '../settings';
import type { EditorCatalog } from '../sqlEditor/editorCatalog';
import { findingDoc } from '../sqlEditor/languageFeatures';
import { PLAN_SCHEME, PlanView } from '../sqlEditor/planView';
import { type StatementRef, targetStatement } from '../sqlEditor/statements';

interface Target {
  doc: vscode.TextDocument;
  sql: string;
  line: number;
}

function titleOf(t: Target): string {
  return `${t.doc.isUntitled ? 'Untitled' : basename(t.doc.uri.path)}:${t.line}`;
}

async function requireTarget(ref?: StatementRef): Promise<Target> {
  const t = await targetStatement(ref);
  if (!t || t.sql.trim() === '') {
    throw new LensError(
      'usage',
      'No SQL statement under the cursor.',
      'Put the cursor in a statement of a SQL file, or use the Run lens above it.',
    );
  }
  return t;
}

/** Warns before a statement that writes (the session is read-only, so it would fail); true to go on. */
async function confirmReadOnly(sql: string, catalog: EditorCatalog): Promise<boolean> {
  await loadSqlParser();
  const write = lintSql(sql, catalog.current()).find((f) => f.code === 'write-statement');
  if (!write) return true;
  const choice = await vscode.window.showWarningMessage(`${write.message} Lens sessions never write.`, { modal: true }, 'Run Anyway');
  return choice === 'Run Anyway';
}

/** Values for the statement's `$n` placeholders, asked one by one; undefined when the user cancels. */
async function askParams(sql: string): Promise<string[] | undefined> {
  const numbers = codeTokens(sql)
    .filter((t) => t.kind === 'param')
    .map((t) => Number(t.text.slice(1)));
  const count = numbers.length > 0 ? Math.max(...numbers) : 0;
  const values: string[] = [];
  for (let n = 1; n <= count; n++) {
    const value = await vscode.window.showInputBox({
      title: `Value for $${n}`,
      prompt: `Bound as a parameter (never spliced into the SQL).`,
      ignoreFocusOut: true,
    });
    if (value === undefined) return undefined;
    values.push(value);
  }
  return values;
}

/** The history key of the current connection (profile id, `demo`, `env`, …). */
function profileKey(services: Services): string {
  return services.session.info?.target.id ?? 'none';
}

/** Commands of the SQL editor: run/explain the statement under the cursor or a CodeLens, history, save as analysis. */
export function registerSqlEditorCommands(services: Services, catalog: EditorCatalog): void {
  const history = new QueryHistory(join(services.context.globalStorageUri.fsPath, 'query-history'));
  const plans = new PlanView();
  services.context.subscriptions.push(plans, vscode.workspace.registerTextDocumentContentProvider(PLAN_SCHEME, plans));

  const record = async (entry: HistoryEntry): Promise<void> => {
    await history.add(profileKey(services), entry).catch((err: unknown) => services.log.error('Query history', err));
  };

  const run = async (db: LensDatabase, sql: string, params: string[], title: string): Promise<void> => {
    await confirmUserSql(services, `Run ${title}`);
    const at = new Date();
    const started = performance.now();
    try {
      const result = await ResultsPanel.show(
        services,
        `sql:${title}`,
        { title: `Query: ${title}`, connection: db.connection.display, sql, params },
        resultsExporter(services),
      );
      await record({
        sql,
        params,
        at: at.toISOString(),
        durationMs: Math.round(performance.now() - started),
        ...(result ? { rows: result.rowCount } : {}),
      });
    } catch (err) {
      await record({
        sql,
        params,
        at: at.toISOString(),
        durationMs: Math.round(performance.now() - started),
        error: services.redactions.redact(err instanceof Error ? err.message : String(err)),
      });
      throw err;
    }
  };

  registerCommand(services, COMMANDS.runStatement, 'Run statement', async (ref?: StatementRef) => {
    const t = await requireTarget(ref);
    const db = services.session.db; // "not connected" before asking for anything
    if (!(await confirmReadOnly(t.sql, catalog))) return;
    const params = await askParams(t.sql);
    if (params) await run(db, t.sql, params, titleOf(t));
  });

  registerCommand(services, COMMANDS.runStatementToFile, 'Run statement to file', async (ref?: StatementRef) => {
    const t = await requireTarget(ref);
    const db = services.session.db;
    if (!(await confirmReadOnly(t.sql, catalog))) return;
    const params = await askParams(t.sql);
    if (!params) return;
    await confirmUserSql(services, `Run ${titleOf(t)} to a file`);
    const file = await vscode.window.showSaveDialog({
      title: `Run ${titleOf(t)} to file`,
      filters: { CSV: ['csv'], JSON: ['json'] },
      saveLabel: 'Run and Save',
    });
    if (!file) return;
    const format = file.fsPath.toLowerCase().endsWith('.json') ? 'json' : 'csv';
    const summary = await withCancellableProgress(services, `Running ${titleOf(t)} to ${basename(file.fsPath)}`, (signal, report) =>
      exportQuery(db, t.sql, params, {
        format,
        out: file.fsPath,
        delimiter: readSettings().csvDelimiter,
        signal,
        onProgress: (rows) => report(`${rows.toLocaleString('en-US')} rows`),
      }),
    );
    offerFileActions(`Wrote ${summary.rows.toLocaleString('en-US')} rows to ${basename(summary.out)}.`, file);
  });

  const explain = async (ref: StatementRef | undefined, analyze: boolean): Promise<void> => {
    const t = await requireTarget(ref);
    const db = services.session.db;
    await loadSqlParser();
    const write = lintSql(t.sql, catalog.current()).find((f) => f.code === 'write-statement');
    if (write && analyze) {
      throw new LensError(
        'readonly',
        `${write.message}`,
        'EXPLAIN ANALYZE executes the statement; it is offered for reading statements only.',
      );
    }
    if (analyze) {
      const ok = await vscode.window.showWarningMessage(
        'EXPLAIN ANALYZE runs the statement to measure it (in the read-only session; nothing is written). Continue?',
        { modal: true },
        'Explain Analyze',
      );
      if (ok !== 'Explain Analyze') return;
      await confirmUserSql(services, `Explain analyze ${titleOf(t)}`);
    }
    const params = await askParams(t.sql);
    if (!params) return;
    const prefix = analyze ? 'EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ' : 'EXPLAIN (FORMAT JSON) ';
    const { rows } = await withCancellableProgress(services, `Explaining ${titleOf(t)}…`, (signal) =>
      db.query(prefix + t.sql, params, { signal }),
    );
    const raw = Object.values(rows[0] ?? {})[0];
    await plans.show(
      planTree(typeof raw === 'string' ? JSON.parse(raw) : raw),
      `${analyze ? 'EXPLAIN ANALYZE' : 'EXPLAIN'} ${titleOf(t)} on ${db.connection.display}`,
    );
  };
  registerCommand(services, COMMANDS.explainStatement, 'Explain statement', (ref?: StatementRef) => explain(ref, false));
  registerCommand(services, COMMANDS.explainAnalyzeStatement, 'Explain analyze statement', (ref?: StatementRef) => explain(ref, true));

  /** Re-runs a history entry; values that were redacted as secrets are asked for again. */
  const rerun = async (entry: HistoryEntry): Promise<void> => {
    const db = services.session.db;
    const params: string[] = [];
    for (const [i, value] of entry.params.entries()) {
      const again =
        value === REDACTED
          ? await vscode.window.showInputBox({
              title: `Value for $${i + 1}`,
              prompt: 'It was not stored because it looked like a secret.',
              password: true,
              ignoreFocusOut: true,
            })
          : value;
      if (again === undefined) return;
      params.push(again);
    }
    await run(db, entry.sql, params, 'history');
  };

  registerCommand(services, COMMANDS.showQueryHistory, 'Query history', async () => {
    const entries = await history.list(profileKey(services));
    if (entries.length === 0) {
      void vscode.window.showInformationMessage(`No queries run yet on ${services.session.info?.target.label ?? 'this connection'}.`);
      return;
    }
    const openButton = { iconPath: new vscode.ThemeIcon('go-to-file'), tooltip: 'Open in Editor' };
    const pick = vscode.window.createQuickPick<vscode.QuickPickItem & { entry: HistoryEntry }>();
    pick.title = `Query history: ${services.session.info?.target.label ?? 'no connection'} (Enter re-runs)`;
    pick.matchOnDetail = true;
    pick.items = entries.map((entry) => ({
      entry,
      label: entry.sql.replace(/\s+/g, ' ').slice(0, 120),
      description: `${new Date(entry.at).toLocaleString()} · ${entry.durationMs} ms · ${entry.error ? 'failed' : `${entry.rows ?? '?'} rows`}`,
      detail: entry.sql.replace(/\s+/g, ' '),
      buttons: [openButton],
    }));
    pick.onDidTriggerItemButton(async (e) => {
      pick.hide();
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: 'sql', content: `${e.item.entry.sql}\n` }));
    });
    pick.onDidAccept(() => {
      const chosen = pick.selectedItems[0]?.entry;
      pick.hide();
      if (chosen) void rerun(chosen).catch((err: unknown) => reportError(services, 'Re-run query', err));
    });
    pick.onDidHide(() => pick.dispose());
    pick.show();
  });

  registerCommand(services, COMMANDS.saveAsAnalysis, 'Save as analysis', async (ref?: StatementRef) => {
    const t = await requireTarget(ref);
    const folders = analysisFolders(
      readSettings().analysesFolders,
      (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath),
    );
    if (folders.length === 0) {
      throw new LensError('usage', 'Open a folder first: analyses are saved in its .litellm-lens/analyses.', 'File → Open Folder…');
    }
    const name = await vscode.window.showInputBox({
      title: 'Save as Analysis',
      prompt: 'Name shown in the Saved Analyses view',
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : 'A name is required.'),
    });
    if (!name) return;
    const file = join(folders[0], `${analysisSlug(name)}.sql`);
    if (
      existsSync(file) &&
      (await vscode.window.showWarningMessage(`${basename(file)} exists. Replace it?`, { modal: true }, 'Replace')) !== 'Replace'
    ) {
      return;
    }
    await mkdir(folders[0], { recursive: true });
    await writeFile(file, buildAnalysisFile(name, t.sql, catalog.current()), 'utf8');
    await vscode.commands.executeCommand(COMMANDS.refreshAnalyses);
    await vscode.window.showTextDocument(vscode.Uri.file(file));
  });

  registerCommand(services, COMMANDS.explainFinding, 'Explain SQL diagnostic', async (code?: string) => {
    const chosen = code ?? (await vscode.window.showQuickPick(Object.keys(FINDING_CODES), { title: 'SQL diagnostic codes' }));
    const doc = chosen ? findingDoc(chosen) : undefined;
    if (chosen && doc) void vscode.window.showInformationMessage(`${chosen}: ${doc}`, { modal: true });
  });
}
