/** Synthetic CBF rows for the AnyCost tests: lens-profile shaped, deterministic, ordered by hour. */
import type { CbfRow } from '../../src/core/cbf/types';
import { DecimalSum } from '../../src/core/cbf/anycostDecimal';

/** One row of `hour` (`YYYY-MM-DDTHH`); `n` varies the identity and the cost (decimals a float sum would drift on). */
export function cbfRow(hour: string, n: number): CbfRow {
  const user = `user-${n % 37}`;
  return {
    'time/usage_start': `${hour}:00:00Z`,
    'cost/cost': `${n % 3}.${String((n * 7919) % 1_000_000).padStart(6, '0')}1`,
    'usage/amount': String(1000 + n),
    'usage/units': 'tokens',
    'lineitem/type': 'Usage',
    'resource/service': 'gpt-4o',
    'resource/id': `llm-usage/openai|org-1|team-${n % 5}|${user}|key-${n % 11}|gpt-4o`,
    'resource/tag:user': user,
    'resource/tag:team': `team-${n % 5}`,
    'resource/tag:czrn': `czrn:litellm:openai:cross-region:org-1:llm-usage:org-1|team-${n % 5}|${user}|gpt-4o`,
    'lineitem/description': 'prompt 800 completion 200 requests 3 — naïve ünïcödé',
  };
}

/** `perHour` rows for every hour in `hours`, in order. */
export function rowsForHours(hours: readonly string[], perHour: number): CbfRow[] {
  let n = 0;
  return hours.flatMap((hour) => Array.from({ length: perHour }, () => cbfRow(hour, n++)));
}

/** Every hour of a UTC day, `YYYY-MM-DDTHH`. */
export function hoursOfDay(day: string): string[] {
  return Array.from({ length: 24 }, (_, h) => `${day}T${String(h).padStart(2, '0')}`);
}

/** Every hour of the days from `from` to `to` inclusive. */
export function hoursBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = new Date(`${from}T00:00:00Z`); d <= new Date(`${to}T00:00:00Z`); d.setUTCDate(d.getUTCDate() + 1)) {
    out.push(...hoursOfDay(d.toISOString().slice(0, 10)));
  }
  return out;
}

export async function* streamOf(rows: Iterable<CbfRow>): AsyncGenerator<CbfRow> {
  yield* rows;
}

export function sumCost(rows: Iterable<CbfRow>): string {
  const sum = new DecimalSum();
  for (const row of rows) sum.add(row['cost/cost']);
  return sum.toString();
}
