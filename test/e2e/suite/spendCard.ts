import assert from 'node:assert/strict';
import { sql } from './db';
import { eventually, TITLES } from './lens';
import { ui } from './ui';

/**
 * Opens the spend view and reads its total card and the period it shows, with the SQL total of
 * LiteLLM_DailyUserSpend over that period for the caller to compare.
 */
export async function openSpendTotal(): Promise<{ card: number; truth: number; from: string; to: string }> {
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
  const [truth] = await sql<{ total: number }>('SELECT SUM(spend) AS total FROM "LiteLLM_DailyUserSpend" WHERE date >= $1 AND date <= $2', [
    period[1],
    period[2],
  ]);
  return { card: Number(value), truth: Number(truth.total), from: period[1], to: period[2] };
}
