import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { sql } from './db';
import { closeEditors } from './editor';
import { eventually, productShot, TITLES } from './lens';
import { ui } from './ui';

suite('Spend attribution', () => {
  suiteSetup(async () => {
    await vscode.commands.executeCommand('litellm.connectTarget', 'env');
  });
  teardown(closeEditors);

  test('the total spend card equals the SQL total of the daily user spend for the period shown', async () => {
    await ui.command(TITLES.showSpend);
    const [value] = await eventually(
      'the total spend card',
      async () => {
        const v = await ui.webviewAttrs('.summary .card-value[data-value]', 'data-value', { timeout: 60_000 });
        return v.length > 0 ? v : undefined;
      },
      90_000,
    );
    const cards = await ui.webviewTexts('.summary .card-value');
    const period = /(\d{4}-\d{2}-\d{2}) – (\d{4}-\d{2}-\d{2})/.exec(cards.join(' '));
    assert.ok(period, `period card: ${cards.join(' | ')}`);
    const [truth] = await sql<{ total: number }>(
      `SELECT SUM(spend) AS total FROM "LiteLLM_DailyUserSpend" WHERE date >= $1 AND date <= $2`,
      [period[1], period[2]],
    );
    assert.ok(truth.total > 0, 'the period has spend');
    assert.ok(Math.abs(Number(value) - truth.total) < 1e-6, `card ${value} vs SQL ${truth.total} for ${period[1]}..${period[2]}`);
    await productShot('spend-attribution');
  });
});
