import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { sql } from './db';
import { closeEditors, openSqlEditor, showNotifications } from './editor';
import { eventually, TITLES } from './lens';
import { ui } from './ui';

const MARKER = 'lens-e2e-cancel';

async function backends(): Promise<number[]> {
  const rows = await sql<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity WHERE state = 'active' AND query LIKE $1 AND pid <> pg_backend_pid()`,
    [`%${MARKER}%`],
  );
  return rows.map((r) => r.pid);
}

suite('Cancelling a long query', () => {
  suiteSetup(async () => {
    await vscode.commands.executeCommand('litellm.connectTarget', 'env');
  });
  teardown(closeEditors);

  test('Cancel on the progress notification stops the query on the server', async () => {
    await openSqlEditor(`SELECT pg_sleep(120), '${MARKER}' AS marker`);
    await ui.command(TITLES.runQuery);
    const [pid] = await eventually('the query to run on the server', async () => ((await backends()).length > 0 ? backends() : undefined));
    assert.ok(pid > 0);
    await showNotifications();
    await ui.screenshot('cancel-progress');
    const started = Date.now();
    await ui.click('.notifications-center .monaco-button:has-text("Cancel")');
    await eventually('the backend to leave pg_stat_activity', async () => (await backends()).length === 0, 10_000);
    assert.ok(Date.now() - started < 10_000);
    assert.deepEqual(await ui.webviewTexts('.message'), ['Query cancelled.']);
  });
});
