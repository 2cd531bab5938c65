import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { loadContext } from './context';
import { sql } from './db';
import { eventually, statusText, TITLES } from './lens';
import { logText, userDataFiles } from './logs';
import { ui } from './ui';

const ROLE = 'lens_e2e_reader';
const PROFILE = 'E2E reader';
// Letters and digits only, so the same text appears however a leak would encode it.
const PASSWORD = `Pw${randomBytes(12).toString('hex')}`;

suite('Passwords live in SecretStorage only', () => {
  suiteSetup(async () => {
    await vscode.commands.executeCommand('litellm.disconnect');
    await sql(`DROP ROLE IF EXISTS ${ROLE}`);
    await sql(`CREATE ROLE ${ROLE} LOGIN PASSWORD '${PASSWORD}' IN ROLE pg_read_all_data`);
    const url = new URL(loadContext().databaseUrl);
    url.username = ROLE;
    await vscode.workspace
      .getConfiguration('litellmLens')
      .update('connections', [{ name: PROFILE, url: url.toString() }], vscode.ConfigurationTarget.Global);
  });
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('litellm.disconnect');
    await vscode.workspace.getConfiguration('litellmLens').update('connections', undefined, vscode.ConfigurationTarget.Global);
  });

  teardown(async () => {
    // A failed step can leave an input box open; it would swallow the next test's keystrokes.
    await ui.press('Escape');
  });

  test('connecting to a profile without a stored password asks for it and connects', async () => {
    await ui.command(TITLES.connect);
    await ui.answer(undefined, PROFILE);
    await ui.answer(PASSWORD);
    await eventually('the status bar to show the profile', async () => (await statusText()).includes(PROFILE));
    await vscode.commands.executeCommand('litellm.disconnect');
  });

  test('"Set Connection Password…" stores the password and Connect… uses it', async () => {
    await ui.command(TITLES.setPassword);
    await ui.answer(undefined, PROFILE);
    await ui.answer(PASSWORD);
    await ui.command(TITLES.connect);
    await ui.answer(undefined, PROFILE);
    await eventually('the status bar to show the profile', async () => (await statusText()).includes(PROFILE));
  });

  test('the password is in neither settings.json, the log nor any file of the user data folder', async () => {
    const settings = readFileSync(loadContext().settingsFile, 'utf8');
    assert.match(settings, new RegExp(`"${PROFILE}"`));
    assert.ok(!settings.includes(PASSWORD));
    const log = await eventually('the connection in the log', () =>
      logText().includes(`Connected to ${PROFILE}`) ? logText() : undefined,
    );
    assert.ok(!log.includes(PASSWORD));
    const leaks = userDataFiles().filter((f) => readFileSync(f).includes(PASSWORD));
    assert.deepEqual(leaks, []);
  });

  test('reconnecting takes the password from SecretStorage without asking', async () => {
    await vscode.commands.executeCommand('litellm.disconnect');
    await eventually('disconnect', async () => (await statusText()).includes('not connected'));
    await vscode.commands.executeCommand('litellm.connectTarget', `profile:${PROFILE}`);
    // No prompt may appear: the command has returned connected (or failed) without any input.
    await eventually('the status bar to show the profile', async () => (await statusText()).includes(PROFILE), 5_000);
    const [row] = await sql<{ n: string }>(`SELECT count(*) AS n FROM pg_stat_activity WHERE usename = $1`, [ROLE]);
    assert.ok(Number(row.n) >= 1, 'the profile session runs as the password-protected role');
  });
});
