// All demo instants are epoch milliseconds in UTC; LiteLLM stores them as UTC `timestamp(3)`.

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** Midnight UTC of a `YYYY-MM-DD` day, or NaN when the text is not a real date. */
export function parseDay(day: string): number {
  if (!DATE_RE.test(day)) return Number.NaN;
  const ms = Date.parse(`${day}T00:00:00.000Z`);
  return Number.isNaN(ms) || formatDay(ms) !== day ? Number.NaN : ms;
}

/** `YYYY-MM-DD` (UTC), the daily tables' `date` value. */
export function formatDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');
// Date#toISOString dominated the generator's profile; the day part repeats for thousands of rows.
const dayPrefixes = new Map<number, string>();

/** `YYYY-MM-DD HH:MM:SS.mmm`, a UTC wall-clock value for a `timestamp(3) without time zone` column. */
export function formatTimestamp(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  let prefix = dayPrefixes.get(day);
  if (prefix === undefined) {
    prefix = formatDay(day * DAY_MS);
    dayPrefixes.set(day, prefix);
  }
  const t = ms - day * DAY_MS;
  return `${prefix} ${pad(Math.floor(t / HOUR_MS), 2)}:${pad(Math.floor(t / MINUTE_MS) % 60, 2)}:${pad(Math.floor(t / 1000) % 60, 2)}.${pad(t % 1000, 3)}`;
}

/** Midnight UTC of the day holding `ms`. */
export function startOfDay(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}
