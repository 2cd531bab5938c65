import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { loadContext } from './context';
import { relationNames } from './db';
import { eventually, extension, showLensViews, statusText } from './lens';
import { schemaTables } from './schemaView';

suite('Installed .vsix', () => {
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
