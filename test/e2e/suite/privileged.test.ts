import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { loadContext } from './context';
import { closeEditors, notificationTexts, openSqlEditor, showNotifications } from './editor';
import { eventually, STATUS_ITEM, TITLES } from './lens';
import { readGrid } from './resultsGrid';
import { ui } from './ui';

const PROFILE = 'E2E superuser';

/** Query tabs open in the editor area (a results grid is titled "Query: …"). */
function queryTabs(): string[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((t) => t.label)).filter((l) => l.startsWith('Query:'));
}

suite('Privileged roles (issue 16)', () => {
  suiteSetup(async () => {
    await vscode.workspace
      .getConfiguration('litellmLens')
      .update('connections', [{ name: PROFILE, url: loadContext().databaseUrl }], vscode.ConfigurationTarget.Global);
  });
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('litellm.disconnect');
    await vscode.workspace.getConfiguration('litellmLens').update('connections', undefined, vscode.ConfigurationTarget.Global);
  });
  teardown(closeEditors);

  test('as a superuser the status bar warns, and Run Query asks for confirmation before any SQL runs', async () => {
    await vscode.commands.executeCommand('litellm.connectTarget', `profile:${PROFILE}`);
    await eventually('the status bar to show the profile', async () =>
      (await ui.texts(STATUS_ITEM)).join(' ').includes(PROFILE) ? true : undefined,
    );
    assert.ok((await ui.texts(`${STATUS_ITEM} .codicon-warning`, 10_000)).length >= 1, 'the status bar item shows the warning icon');
    await openSqlEditor(`SELECT 'privileged-e2e' AS marker`);
    await ui.command(TITLES.runQuery);
    // The workbench under extension tests refuses modal dialogs and says what it refused: the question is asked,
    // and because it was not answered "Run", nothing ran.
    await showNotifications();
    const refused = await eventually('the confirmation', async () => (await notificationTexts()).find((t) => /privileged role/.test(t)));
    assert.match(refused, /Run query with a privileged role\? The connection's role "postgres" is a superuser/);
    assert.deepEqual(queryTabs(), [], 'no results grid opened: the SQL did not run');
  });

  test('as the least-privilege reader (DATABASE_URL) the same query runs without a question', async () => {
    await vscode.commands.executeCommand('litellm.connectTarget', 'env');
    await openSqlEditor(`SELECT 'reader-e2e' AS marker`);
    await ui.command(TITLES.runQuery);
    const grid = await readGrid();
    assert.deepEqual(grid.rows, [['reader-e2e']]);
  });
});
