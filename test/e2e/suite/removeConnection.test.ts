import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { loadContext } from './context';
import { closeEditors } from './editor';
import { eventually, showLensViews, statusText, TITLES, VIEWS } from './lens';
import { logText } from './logs';
import { ui } from './ui';

const PASTED = 'Pasted connection string';
const REMOVE = 'Remove Pasted Connection';
// Nothing listens on port 1: the connection fails at once, as a mistyped or unreachable server would.
const UNREACHABLE = 'postgresql://lens_nobody:Unreachable42secret@127.0.0.1:1/litellm';

async function connectionLabels(): Promise<string[]> {
  return (await ui.treeRows(VIEWS.connections)).map((r) => r.label);
}

async function paste(url: string): Promise<void> {
  await ui.command(TITLES.connect);
  await ui.answer(undefined, 'Paste connection string…');
  await ui.answer(url);
}

suite('Remove a pasted connection', () => {
  suiteSetup(async () => {
    await vscode.commands.executeCommand('litellm.disconnect');
    await showLensViews();
  });
  teardown(async () => {
    await ui.press('Escape');
    await closeEditors();
  });

  test('a pasted connection that failed stays listed with Connect and Remove in its context menu; Remove forgets it', async () => {
    await paste(UNREACHABLE);
    await eventually('the pasted connection in the Connections view', async () => (await connectionLabels()).includes(PASTED));
    assert.match(await statusText(), /not connected/);
    const menu = await ui.treeContextMenu(VIEWS.connections, PASTED);
    assert.ok(menu.includes('Connect') && menu.includes(REMOVE), `context menu: ${menu.join(', ')}`);

    await ui.treeContextMenu(VIEWS.connections, PASTED, REMOVE);
    await eventually('the pasted connection to leave the view', async () => !(await connectionLabels()).includes(PASTED));
    // Gone from SecretStorage too: Connect… no longer offers it.
    await ui.command(TITLES.connect);
    const picks = await ui.texts('.quick-input-list .monaco-list-row .label-name');
    await ui.press('Escape');
    assert.ok(!picks.some((p) => p.includes('Last pasted connection string')), `Connect… offers: ${picks.join(', ')}`);
    assert.ok(!logText().includes('Unreachable42secret'), 'the pasted password never reaches the log');
  });

  test('removing the pasted connection in use disconnects first', async () => {
    await paste(loadContext().databaseUrl);
    await eventually('the pasted connection to connect', async () => (await statusText()).includes(PASTED));
    // The tree marks the node connected when it redraws after the session change, which may follow the status bar.
    const menu = await eventually("the connected node's Disconnect", async () => {
      const items = await ui.treeContextMenu(VIEWS.connections, PASTED);
      return items.includes('Disconnect') ? items : undefined;
    });
    assert.ok(menu.includes(REMOVE), `context menu: ${menu.join(', ')}`);
    await ui.treeContextMenu(VIEWS.connections, PASTED, REMOVE);
    await eventually('disconnect', async () => (await statusText()).includes('not connected'));
    await eventually('the pasted connection to leave the view', async () => !(await connectionLabels()).includes(PASTED));
  });

  test('the environment-variable connection has a context menu too', async () => {
    const menu = await ui.treeContextMenu(VIEWS.connections, '$DATABASE_URL');
    assert.ok(menu.includes('Connect'), `context menu: ${menu.join(', ')}`);
    assert.ok(!menu.includes(REMOVE), 'only a pasted string is removed from here');
  });
});
