import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { sql } from './db';
import { closeEditors } from './editor';
import { productShot, TITLES } from './lens';
import { readGrid } from './resultsGrid';
import { ui } from './ui';

const FROM = '2026-10-01';
const TO = '2026-10-31';

suite('Saved analyses', () => {
  suiteSetup(async () => {
    await vscode.commands.executeCommand('litellm.connectTarget', 'env');
  });
  teardown(closeEditors);

  test('"Daily spend trend" with a date range fills the grid with one row per day and the day totals', async () => {
    await ui.command(TITLES.runAnalysis);
    await ui.answer(undefined, 'Daily spend trend');
    await ui.answer(FROM);
    await ui.answer(TO);
    const grid = await readGrid();
    assert.match(grid.summary, /^31 rows · /);
    const spendCol = grid.columns.indexOf('spend');
    const dates = grid.rows.map((r) => r[0]);
    const spends = grid.rows.map((r) => Number(r[spendCol]));
    const truth = await sql<{ date: string; spend: number }>(
      `SELECT date, SUM(spend) AS spend FROM "LiteLLM_DailyUserSpend" WHERE date >= $1 AND date <= $2 GROUP BY date ORDER BY date`,
      [FROM, TO],
    );
    assert.equal(dates.length, 31);
    assert.equal(dates[0], FROM);
    assert.equal(dates[30], TO);
    for (const t of truth) {
      const i = dates.indexOf(t.date);
      assert.ok(Math.abs(spends[i] - t.spend) < 1e-9, `${t.date}: grid ${spends[i]} vs SQL ${t.spend}`);
    }
    await productShot('analysis-results');
  });

  test('"Top users by spend" honours its limit parameter', async () => {
    await ui.command(TITLES.runAnalysis);
    await ui.answer(undefined, 'Top users by spend');
    await ui.answer(FROM);
    await ui.answer(TO);
    await ui.answer('3');
    const grid = await readGrid();
    assert.match(grid.summary, /^3 rows · /);
    assert.equal(grid.rows.length, 3);
    const [top] = await sql<{ user_id: string }>(
      `SELECT user_id FROM "LiteLLM_DailyUserSpend" WHERE date >= $1 AND date <= $2 GROUP BY user_id ORDER BY SUM(spend) DESC, user_id LIMIT 1`,
      [FROM, TO],
    );
    assert.equal(grid.rows[0][grid.columns.indexOf('user_id')], top.user_id);
  });
});
