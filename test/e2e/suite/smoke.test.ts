import assert from 'node:assert/strict';
import { loadContext } from './context';
import { relationNames } from './db';
import { eventually, extension, showLensViews, statusText, TITLES } from './lens';
import { schemaTables } from './schemaView';
import { ui } from './ui';

suite('Installed .vsix', () => {
  test('the packaged extension is the one running, connects and lists every table', async () => {
    assert.ok(extension().extensionPath.startsWith(loadContext().extensionsDir), `loaded from ${extension().extensionPath}`);
    await showLensViews();
    await ui.command(TITLES.connect);
    await ui.answer(undefined, 'From environment variable DATABASE_URL');
    await eventually('the connection', async () => (await statusText()).includes('$DATABASE_URL'));
    assert.deepEqual([...(await schemaTables()).tables].sort(), await relationNames());
  });
});
