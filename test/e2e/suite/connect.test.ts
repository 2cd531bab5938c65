import assert from 'node:assert/strict';
import { relationNames } from './db';
import { eventually, productShot, showLensViews, statusText, TITLES, VIEWS } from './lens';
import { schemaTables } from './schemaView';
import { ui } from './ui';

suite('Connect through DATABASE_URL', () => {
  test('Connect… offers $DATABASE_URL and connects to it', async () => {
    await showLensViews();
    await ui.command(TITLES.connect);
    await ui.answer(undefined, 'From environment variable DATABASE_URL');
    const text = await eventually('the status bar to show the connection', async () => {
      const t = await statusText();
      return t.includes('$DATABASE_URL') ? t : undefined;
    });
    assert.match(text, /\$DATABASE_URL · PG 15\.\d+ · LiteLLM /);
  });

  test('the Schema view lists every table and view of the database, grouped', async () => {
    const expected = await relationNames();
    assert.ok(expected.length >= 50, `the test database has ${expected.length} relations`);
    const { tables, labels, groups } = await schemaTables();
    assert.deepEqual([...tables].sort(), expected);
    assert.ok(labels.includes('SpendLogs') && !labels.includes('LiteLLM_SpendLogs'), 'labels drop the LiteLLM_ prefix');
    // Each group's badge is the number of its tables.
    assert.equal(
      groups.reduce((n, g) => n + Number(g.description), 0),
      expected.length,
    );
    await productShot('schema-tree');
  });

  test('Disconnect empties the Schema view, which shows its welcome again', async () => {
    await showLensViews();
    await ui.command(TITLES.disconnect);
    await eventually('the status bar to say not connected', async () => (await statusText()).includes('not connected'));
    const welcome = await ui.texts(`.pane:has(.pane-header:has-text("${VIEWS.schema}")) .welcome-view-content`);
    assert.match(welcome.join(' '), /Not connected/);
  });
});
