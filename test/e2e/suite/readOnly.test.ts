import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { sql } from './db';
import { closeEditors, notificationTexts, openSqlEditor, showNotifications } from './editor';
import { eventually, TITLES } from './lens';
import { ui } from './ui';

suite('Read-only queries from the editor', () => {
  suiteSetup(async () => {
    await vscode.commands.executeCommand('litellm.connectTarget', 'env');
  });
  teardown(closeEditors);

  test('an UPDATE is refused by the read-only session and the row is unchanged', async () => {
    const [row] = await sql<{ user_id: string; spend: number }>(`SELECT user_id, spend FROM "LiteLLM_UserTable" ORDER BY user_id LIMIT 1`);
    await openSqlEditor(`UPDATE "LiteLLM_UserTable" SET spend = spend + 1000 WHERE user_id = '${row.user_id}';`);
    await ui.command(TITLES.runQuery);
    const [shown] = await ui.webviewTexts('.message.error');
    assert.match(shown, /read-only transaction/i);
    await showNotifications();
    const notified = await eventually('the error notification', async () => (await notificationTexts()).find((t) => /read-only/i.test(t)));
    assert.match(notified, /^Run query failed: Refused/);
    const [after] = await sql<{ spend: number }>(`SELECT spend FROM "LiteLLM_UserTable" WHERE user_id = $1`, [row.user_id]);
    assert.equal(after.spend, row.spend);
  });
});
