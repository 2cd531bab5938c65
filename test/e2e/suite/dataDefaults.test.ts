import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { sql } from './db';
import { closeEditors } from './editor';
import { eventually, TITLES } from './lens';
import { logText } from './logs';
import { readGrid } from './resultsGrid';
import { ui } from './ui';

/** The message under the open input box (prompt or validation message). */
async function inputMessage(): Promise<string> {
  return (await ui.texts('.quick-input-widget .quick-input-message')).join(' ').trim();
}

/**
 * The e2e database's spend ends on 2026-10-31 (TEST_DEMO_OPTIONS), before today: relative defaults and period
 * presets follow that day, and the prompts say so.
 */
suite('Defaults follow the data', () => {
  let last: string;
  suiteSetup(async () => {
    await vscode.commands.executeCommand('litellm.connectTarget', 'env');
    [{ last }] = await sql<{ last: string }>('SELECT max("date") AS last FROM "LiteLLM_DailyUserSpend"');
    assert.ok(last < new Date().toISOString().slice(0, 10), `the test data ends before today (${last})`);
  });
  teardown(async () => {
    await ui.press('Escape');
    await closeEditors();
  });

  test('an analysis run with its defaults ("30 days ago" … "today") covers the data\'s last 30 days', async () => {
    const before = logText().length;
    await ui.command(TITLES.runAnalysis);
    await ui.answer(undefined, 'Top users by spend');
    const note = `data ends ${last}; defaults follow it`;
    // Each date prompt says what its default follows (the prompt, or the message naming the day it resolves to).
    const said = async (param: string, day: string) => {
      const text = await eventually(`the ${param} prompt`, async () => {
        const t = await inputMessage();
        return t.includes(note) ? t : undefined;
      });
      assert.ok(text.startsWith(`${param}: a UTC date`) || text.startsWith(`= ${day} (UTC; `), text);
    };
    await said('from', '2026-10-01');
    await ui.answer();
    await said('to', '2026-10-31');
    await ui.answer();
    await ui.answer('1000');
    const grid = await readGrid();
    const [params] = await ui.webviewTexts('.params');
    assert.match(params, /from 2026-10-01 · to 2026-10-31/);
    const [truth] = await sql<{ n: number }>(
      `SELECT count(DISTINCT user_id)::int AS n FROM "LiteLLM_DailyUserSpend" WHERE date BETWEEN '2026-10-01' AND '2026-10-31'`,
    );
    assert.ok(truth.n > 0);
    assert.equal(grid.rows.length, truth.n);
    assert.ok(logText().slice(before).includes(`(${note})`), 'the log names the data clock');
  });

  test("the CBF export's period presets are the data's latest month, the month before and its last 7 days", async () => {
    await ui.command(TITLES.exportCbf);
    await ui.answer(undefined, 'Users (total spend)');
    await ui.answer(undefined, 'lens');
    const rows = await eventually('the period presets', async () => {
      const texts = await ui.texts('.quick-input-list .monaco-list-row');
      return texts.some((t) => t.includes('Latest month')) ? texts : undefined;
    });
    assert.ok(
      rows.some((t) => t.includes('Month before') && t.includes('2026-09-01 … 2026-09-30')),
      rows.join(' | '),
    );
    assert.ok(
      rows.some((t) => t.includes('Latest month') && t.includes('2026-10-01 … 2026-10-31')),
      rows.join(' | '),
    );
    assert.ok(
      rows.some((t) => t.includes('Last 7 days of data') && t.includes('2026-10-25 … 2026-10-31')),
      rows.join(' | '),
    );
  });
});
