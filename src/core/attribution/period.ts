import { LensError } from '../errors';

const DAY_MS = 86_400_000;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** An inclusive UTC date range as the daily tables store it (`'YYYY-MM-DD'` text). */
export interface Period {
  from: string;
  to: string;
  /** Every day of the period, in order. */
  days: string[];
  /** `[startMs, endMs)`: midnight of `from` to midnight after `to`, for SpendLogs."startTime". */
  startMs: number;
  endMs: number;
}

function parseDay(value: string, flag: string): number {
  const m = DAY.exec(value);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!m || Number.isNaN(ms) || formatDay(ms) !== value) {
    throw new LensError('usage', `Invalid --${flag} ${JSON.stringify(value)}.`, 'Dates are UTC days written YYYY-MM-DD, e.g. --from 2026-10-01 --to 2026-10-31.');
  }
  return ms;
}

export function formatDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(day: string, n: number): string {
  return formatDay(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS);
}

/** Validates `from`/`to` (LensError 'usage' otherwise) and lists the days. At most ~27 years, to stay sane. */
export function makePeriod(from: string, to: string): Period {
  const startMs = parseDay(from, 'from');
  const lastMs = parseDay(to, 'to');
  if (lastMs < startMs) throw new LensError('usage', `--from ${from} is after --to ${to}.`, 'The period is inclusive: --from must be on or before --to.');
  const count = (lastMs - startMs) / DAY_MS + 1;
  if (count > 10_000) throw new LensError('usage', `The period ${from} … ${to} spans ${count} days.`, 'Choose a period of at most 10000 days.');
  const days = Array.from({ length: count }, (_, i) => formatDay(startMs + i * DAY_MS));
  return { from, to, days, startMs, endMs: lastMs + DAY_MS };
}
