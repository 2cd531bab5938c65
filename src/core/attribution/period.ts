import { LensError } from '../errors';
import { midnightIn } from './window';

const DAY_MS = 86_400_000;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * An inclusive range of dates (`'YYYY-MM-DD'` text): UTC days as the daily tables store them, or — with
 * `timezone` — local dates of a report time zone (zoneDays.ts).
 */
export interface Period {
  from: string;
  to: string;
  /** Every day of the period, in order. */
  days: string[];
  /** `[startMs, endMs)`: midnight of `from` to midnight after `to` (in `timezone`, else UTC), for SpendLogs."startTime". */
  startMs: number;
  endMs: number;
  /** The report time zone the dates are local to; absent for UTC. */
  timezone?: string;
}

function parseDay(value: string, flag: string): number {
  const m = DAY.exec(value);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!m || Number.isNaN(ms) || formatDay(ms) !== value) {
    throw new LensError(
      'usage',
      `Invalid --${flag} ${JSON.stringify(value)}.`,
      'Dates are UTC days written YYYY-MM-DD, e.g. --from 2026-10-01 --to 2026-10-31.',
    );
  }
  return ms;
}

export function formatDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(day: string, n: number): string {
  return formatDay(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS);
}

/**
 * Validates `from`/`to` (LensError 'usage' otherwise) and lists the days. At most ~27 years, to stay sane. With
 * a report time zone other than UTC (an IANA name, validated by the caller) the bounds are its local midnights.
 */
export function makePeriod(from: string, to: string, timezone = 'UTC'): Period {
  const startMs = parseDay(from, 'from');
  const lastMs = parseDay(to, 'to');
  if (lastMs < startMs) {
    throw new LensError('usage', `--from ${from} is after --to ${to}.`, 'The period is inclusive: --from must be on or before --to.');
  }
  const count = (lastMs - startMs) / DAY_MS + 1;
  if (count > 10_000) {
    throw new LensError('usage', `The period ${from} … ${to} spans ${count} days.`, 'Choose a period of at most 10000 days.');
  }
  const days = Array.from({ length: count }, (_, i) => formatDay(startMs + i * DAY_MS));
  if (timezone === 'UTC') return { from, to, days, startMs, endMs: lastMs + DAY_MS };
  return { from, to, days, startMs: midnightIn(from, timezone), endMs: midnightIn(addDays(to, 1), timezone), timezone };
}
