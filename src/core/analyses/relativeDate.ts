const DAY_MS = 86_400_000;

/** The forms `resolveDate` accepts, for error messages and documentation. */
export const DATE_FORMS =
  'YYYY-MM-DD, today, yesterday, N days|weeks|months|years ago, start of week|month|year, start of last week|month|year, end of last week|month|year';

function utcDay(year: number, month: number, day: number): Date {
  return new Date(Date.UTC(year, month, day));
}

function format(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** Calendar arithmetic that clamps to the month's last day (Mar 31 − 1 month = Feb 28/29). */
function addMonths(d: Date, months: number): Date {
  const first = utcDay(d.getUTCFullYear(), d.getUTCMonth() + months, 1);
  const last = utcDay(first.getUTCFullYear(), first.getUTCMonth() + 1, 0).getUTCDate();
  return utcDay(first.getUTCFullYear(), first.getUTCMonth(), Math.min(d.getUTCDate(), last));
}

/** Monday of the ISO week containing `d`. */
function startOfWeek(d: Date): Date {
  return new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * DAY_MS);
}

function validIsoDate(text: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return undefined;
  const d = utcDay(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return format(d) === text ? text : undefined;
}

/** The clock relative dates resolve against; `dataEnds` is set when it is the data's last day rather than today. */
export interface DateClock {
  now: Date;
  dataEnds?: string;
}

/**
 * Today, or the data's last day (`YYYY-MM-DD`) when the data ended before today: on a database whose spend stopped
 * in March, "30 days ago" … "today" means its last 30 days of spend, not an empty window (as in the spend view).
 */
export function dateClock(lastDataDay: string | undefined, now: Date = new Date()): DateClock {
  const last = lastDataDay === undefined ? undefined : validIsoDate(lastDataDay);
  if (!last || last >= format(now)) return { now };
  return { now: new Date(`${last}T00:00:00Z`), dataEnds: last };
}

/** What the UI says when relative dates follow the data: "data ends 2026-03-14; defaults follow it". */
export function dateClockNote(clock: DateClock): string | undefined {
  return clock.dataEnds ? `data ends ${clock.dataEnds}; defaults follow it` : undefined;
}

/**
 * Resolves an absolute (`2026-10-31`) or relative (`30 days ago`, `start of last month`) date to `YYYY-MM-DD`,
 * in UTC like LiteLLM's daily `date` column; undefined when the text is neither.
 */
export function resolveDate(text: string, now: Date = new Date()): string | undefined {
  const t = text.trim().toLowerCase().replace(/\s+/g, ' ');
  const absolute = validIsoDate(t);
  if (absolute) return absolute;
  const today = utcDay(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  if (t === 'today') return format(today);
  if (t === 'yesterday') return format(new Date(today.getTime() - DAY_MS));
  const ago = /^(\d{1,4}) (day|week|month|year)s? ago$/.exec(t);
  if (ago) {
    const n = Number(ago[1]);
    if (ago[2] === 'day') return format(new Date(today.getTime() - n * DAY_MS));
    if (ago[2] === 'week') return format(new Date(today.getTime() - 7 * n * DAY_MS));
    return format(addMonths(today, ago[2] === 'month' ? -n : -12 * n));
  }
  const edge = /^(start|end) of (this |last )?(week|month|year)$/.exec(t);
  if (!edge) return undefined;
  const [, side, which, unit] = edge;
  if (side === 'end' && which !== 'last ') return undefined; // the end of the current period is in the future
  const back = which === 'last ' ? 1 : 0;
  let start: Date;
  let next: Date;
  if (unit === 'week') {
    start = new Date(startOfWeek(today).getTime() - 7 * back * DAY_MS);
    next = new Date(start.getTime() + 7 * DAY_MS);
  } else if (unit === 'month') {
    start = utcDay(today.getUTCFullYear(), today.getUTCMonth() - back, 1);
    next = utcDay(start.getUTCFullYear(), start.getUTCMonth() + 1, 1);
  } else {
    start = utcDay(today.getUTCFullYear() - back, 0, 1);
    next = utcDay(start.getUTCFullYear() + 1, 0, 1);
  }
  return format(side === 'start' ? start : new Date(next.getTime() - DAY_MS));
}
