import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { budgetLine } from '../../src/core/attribution/budgets';
import { forecastBudget } from '../../src/core/attribution/forecast';
import type { BudgetEntity, BudgetForecast } from '../../src/core/attribution/types';

const DAY = 86_400_000;
const at = (iso: string) => Date.parse(iso);
const close = (a: number | null, b: number) => a !== null && Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));

/**
 * A budget line as the attribution builds it: the window comes from budget_reset_at the way LiteLLM aligns it
 * (duration_parser.py get_next_standardized_reset_time ~L120-225: 30d/1mo → the 1st, 7d → Monday), so these clocks
 * cross real calendar boundaries.
 */
function line(entity: BudgetEntity, spend: number, max: number | null, duration: string | null, resetAt: string | null, tz = 'UTC') {
  return budgetLine(
    entity,
    'x',
    'x',
    spend,
    { maxBudget: max, softBudget: max === null ? 5 : null, budgetDuration: duration, budgetResetAt: resetAt, source: 'own' },
    tz,
  );
}

function forecast(l: ReturnType<typeof line>, trailing7d: number | null, now: string): BudgetForecast {
  const f = forecastBudget(l, trailing7d, at(now));
  assert.ok(f, 'a budget with a positive max_budget has a forecast');
  return f;
}

describe('budget forecast, monthly window across the month boundary (30d → reset on the 1st)', () => {
  const now = '2026-10-29T12:00:00.000Z';

  test('will not cross 100 % before the reset on Nov 1: it would only after the boundary', () => {
    const l = line('key', 70, 100, '30d', '2026-11-01T00:00:00.000Z');
    assert.equal(l.windowStart, '2026-10-01T00:00:00.000Z');
    const f = forecast(l, 70, now); // $10 a day over the 7 finished days
    assert.equal(f.trailing7dPerDay, 10);
    assert.ok(close(f.windowPerDay, 70 / 28.5), `window average over 28.5 days: ${f.windowPerDay}`);
    assert.equal(f.rateBasis, 'trailing-7d');
    assert.deepEqual([f.nextResetAt, f.resetsInDays, f.resetOverdue], ['2026-11-01T00:00:00.000Z', 2.5, false]);
    assert.equal(f.projectedAtReset, 95);
    assert.equal(f.crosses80At, '2026-10-30T12:00:00.000Z');
    assert.equal(f.crosses100At, null, '100 % would be reached on Nov 1 12:00, after the reset');
    assert.equal(f.exceedsBeforeReset, false);
  });

  test('will cross 100 % on Oct 31, before the reset', () => {
    const f = forecast(line('key', 85, 100, '30d', '2026-11-01T00:00:00.000Z'), 70, now);
    assert.equal(f.projectedAtReset, 110);
    assert.equal(f.crosses80At, null, 'already past 80 %');
    assert.equal(f.crosses100At, '2026-10-31T00:00:00.000Z');
    assert.equal(f.exceedsBeforeReset, true);
  });

  test('1mo in Europe/Berlin: the window and the reset are Berlin midnights on the 1st', () => {
    const l = line('user', 50, 100, '1mo', '2026-10-31T23:00:00.000Z', 'Europe/Berlin');
    assert.equal(l.windowStart, '2026-09-30T22:00:00.000Z');
    const f = forecast(l, 140, '2026-10-30T23:00:00.000Z'); // $20 a day, one day before the reset
    assert.deepEqual([f.resetsInDays, f.projectedAtReset, f.crosses80At, f.crosses100At, f.exceedsBeforeReset], [1, 70, null, null, false]);
    // Oct 1 00:00 CEST → Oct 31 00:00 CET: 30 days and the hour DST gave back on Oct 25.
    assert.ok(close(f.windowPerDay, 50 / (30 + 1 / 24)), `window average: ${f.windowPerDay}`);
  });
});

describe('budget forecast, weekly window across a Monday (7d → reset on Monday midnight)', () => {
  test('Saturday: the window began on Monday Nov 30; without daily history it burns at the window average and crosses on Sunday', () => {
    const l = line('team', 50, 60, '7d', '2026-12-07T00:00:00.000Z');
    assert.equal(l.windowStart, '2026-11-30T00:00:00.000Z');
    const f = forecast(l, null, '2026-12-05T00:00:00.000Z');
    assert.deepEqual([f.trailing7dPerDay, f.windowPerDay, f.rateBasis], [null, 10, 'window-average']);
    assert.deepEqual([f.resetsInDays, f.projectedAtReset], [2, 70]);
    assert.deepEqual([f.crosses80At, f.crosses100At, f.exceedsBeforeReset], [null, '2026-12-06T00:00:00.000Z', true]);
  });

  test('Monday 06:00 after the reset job ran: a new window of a quarter day, the next reset a week on', () => {
    const l = line('team', 2, 60, '7d', '2026-12-14T00:00:00.000Z');
    assert.equal(l.windowStart, '2026-12-07T00:00:00.000Z');
    const f = forecast(l, 56, '2026-12-07T06:00:00.000Z'); // $8 a day last week
    assert.deepEqual([f.windowPerDay, f.trailing7dPerDay, f.resetsInDays, f.projectedAtReset], [8, 8, 6.75, 56]);
    assert.deepEqual([f.crosses80At, f.crosses100At, f.exceedsBeforeReset], ['2026-12-13T00:00:00.000Z', null, false]);
  });
});

describe('budget forecast edge cases', () => {
  test('no budget, no forecast: a soft budget only, or max_budget 0', () => {
    assert.equal(forecastBudget(line('key', 3, null, '30d', '2026-11-01T00:00:00.000Z'), 7, at('2026-10-29T00:00:00Z')), null);
    assert.equal(forecastBudget(line('key', 3, 0, '30d', '2026-11-01T00:00:00.000Z'), 7, at('2026-10-29T00:00:00Z')), null);
  });

  test('reset overdue (the reset job did not run): due now, nothing projected beyond the counter, no crossing', () => {
    const f = forecast(line('user', 40, 100, '30d', '2026-10-25T00:00:00.000Z'), 70, '2026-11-01T00:00:00.000Z');
    assert.deepEqual(
      [f.resetOverdue, f.resetsInDays, f.projectedAtReset, f.crosses80At, f.crosses100At, f.exceedsBeforeReset],
      [true, 0, 40, null, null, false],
    );
    assert.equal(f.nextResetAt, '2026-10-25T00:00:00.000Z');
  });

  test('organisation counters never reset: crossings within a year, no reset, never "before reset"', () => {
    const f = forecast(line('organization', 100, 200, '30d', '2026-11-01T00:00:00.000Z'), 70, '2026-10-29T00:00:00.000Z');
    assert.deepEqual([f.nextResetAt, f.resetsInDays, f.projectedAtReset, f.windowPerDay], [null, null, null, null]);
    assert.equal(f.crosses80At, new Date(at('2026-10-29T00:00:00Z') + 6 * DAY).toISOString());
    assert.equal(f.crosses100At, new Date(at('2026-10-29T00:00:00Z') + 10 * DAY).toISOString());
    assert.equal(f.exceedsBeforeReset, false);
    const slow = forecast(line('organization', 100, 200, null, null), 0.7, '2026-10-29T00:00:00.000Z');
    assert.equal(slow.crosses100At, null, '$0.10 a day needs 1000 days: beyond the one-year horizon');
  });

  test('no spend in the last 7 days: rate 0, projected = counter, no crossing', () => {
    const f = forecast(line('key', 30, 100, '1d', '2026-10-30T00:00:00.000Z'), 0, '2026-10-29T18:00:00.000Z');
    assert.deepEqual(
      [f.rateBasis, f.projectedAtReset, f.crosses80At, f.crosses100At, f.exceedsBeforeReset],
      ['trailing-7d', 30, null, null, false],
    );
  });
});
