import assert from 'node:assert/strict';
import { relationNames } from './db';
import { eventually, showLensViews, statusText, TITLES } from './lens';
import { logText } from './logs';
import { schemaTables } from './schemaView';
import { ui } from './ui';

suite('Demo database', function () {
  // The demo is generated inside the extension host on first open.
  this.timeout(240_000);
  test('Open Demo Database connects to the embedded demo and the Schema view lists all its tables', async () => {
    await showLensViews();
    await ui.command(TITLES.openDemo);
    await eventually('the status bar to show the demo', async () => (await statusText()).includes('Demo database'), 200_000);
    const line = await eventually('the log line naming the demo server', () =>
      /Opened the demo database \((postgresql:\/\/[^)\s]+)\)/.exec(logText()),
    );
    const expected = await relationNames(line[1]);
    assert.ok(expected.length >= 50, `the demo database has ${expected.length} relations`);
    const { tables } = await schemaTables();
    assert.deepEqual([...tables].sort(), expected);
  });
});
