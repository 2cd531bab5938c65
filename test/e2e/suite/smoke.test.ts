import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { loadContext } from './context';
import { relationNames } from './db';
import { eventually, extension, showLensViews, statusText } from './lens';
import { schemaTables } from './schemaView';
import { ui } from './ui';

suite('Installed .vsix', () => {
  test('as `npm start` sets it up, the LiteLLM side bar and the spend attribution view open once the startup profile is connected', async () => {
    const settings = vscode.workspace.getConfiguration('litellmLens');
    assert.equal(settings.get<string>('showOnStartup'), 'spendAttribution', 'the session configures litellmLens.showOnStartup');
    await eventually('the startup connection', async () => (await statusText()).includes(settings.get<string>('connectOnStartup') ?? '?'));
    // Nothing here opens either: the extension does, after its startup connection.
    await eventually(
      'the spend attribution tab',
      () =>
        vscode.window.tabGroups.all
          .flatMap((g) => g.tabs)
          .find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('litellm.spend')),
      60_000,
    );
    const views = await ui.texts('.part.sidebar .pane-header h3.title');
    assert.ok(
      views.some((v) => /^connections$/i.test(v.trim())),
      `side bar views: ${views.join(', ')}`,
    );
    const [total] = await ui.webviewAttrs('.summary .card-value[data-value]', 'data-value', { timeout: 60_000 });
    assert.ok(Number(total) > 0, `the spend view shows the database's spend (${total})`);
  });

  test('the packaged extension is the one running, connects on startup to the configured profile and lists every table', async () => {
    assert.ok(extension().extensionPath.startsWith(loadContext().extensionsDir), `loaded from ${extension().extensionPath}`);
    const profile = vscode.workspace.getConfiguration('litellmLens').get<string>('connectOnStartup');
    assert.ok(profile, 'the session configures litellmLens.connectOnStartup');
    // No Connect… here: onStartupFinished activation reads the setting and connects by itself.
    await eventually('the startup connection', async () => (await statusText()).includes(profile));
    await showLensViews();
    assert.deepEqual([...(await schemaTables()).tables].sort(), await relationNames());
  });
});
