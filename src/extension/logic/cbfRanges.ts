import { type DateClock, resolveDate } from '../../core/analyses/relativeDate';
import { checkSelection } from '../../core/cbf/selection';
import { LensError } from '../../core/errors';

/** An inclusive UTC day range, `YYYY-MM-DD`. */
export interface DayRange {
  from: string;
  to: string;
}

export interface RangePreset extends DayRange {
  label: string;
}

const day = (d: Date) => d.toISOString().slice(0, 10);
const utc = (y: number, m: number, d: number) => new Date(Date.UTC(y, m, d));

/**
 * Last month, this month (to today) and the last 7 days (today included), in UTC like LiteLLM's daily rows; when
 * the clock follows the data (dateClock: it ended before today) the same periods around its last day.
 */
export function rangePresets(clock: DateClock = { now: new Date() }): RangePreset[] {
  const { now, dataEnds } = clock;
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  const today = utc(y, m, now.getUTCDate());
  return [
    { label: dataEnds ? 'Month before' : 'Last month', from: day(utc(y, m - 1, 1)), to: day(utc(y, m, 0)) },
    { label: dataEnds ? 'Latest month' : 'This month', from: day(utc(y, m, 1)), to: day(today) },
    { label: dataEnds ? 'Last 7 days of data' : 'Last 7 days', from: day(new Date(today.getTime() - 6 * 86_400_000)), to: day(today) },
  ];
}

/** A typed date (`YYYY-MM-DD` or a relative form such as `start of last month`) as a UTC day, or an error text. */
export function parseDay(text: string, now: Date = new Date()): { day: string } | { error: string } {
  const resolved = resolveDate(text.trim(), now);
  return resolved ? { day: resolved } : { error: `"${text}" is not a date: use YYYY-MM-DD or e.g. "start of last month".` };
}

/** Checks a custom range the way the export engine will (inclusive, from ≤ to). */
export function checkRange(from: string, to: string): DayRange {
  try {
    const s = checkSelection({ from, to });
    return { from: s.from, to: s.to };
  } catch (err) {
    // The engine words its messages for the CLI (--from/--to); the extension asks for "start" and "end".
    if (err instanceof LensError) {
      throw new LensError(err.kind, err.message.replace('--from', 'The start').replace('--to', 'the end'), 'Both days are included (UTC).');
    }
    throw err;
  }
}
