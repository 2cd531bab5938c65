import { LensError } from '../errors';

/**
 * Budget windows as LiteLLM aligns them. After each reset the reset job stores the *next* boundary from
 * `get_next_standardized_reset_time` (litellm/litellm_core_utils/duration_parser.py ~L120-225, called from
 * litellm/proxy/common_utils/reset_budget_job.py ~L606-611) in LiteLLM's timezone (`litellm_settings.timezone`,
 * default UTC, read by timezone_utils.get_budget_reset_timezone):
 * - `1d` → the next midnight, `7d` (and `1w`) → the next Monday midnight, `30d` and `1mo` → the 1st of the next
 *   month at midnight, other `Nd` → midnight N days on;
 * - `Nh` / `Nm` / `Ns` → the next multiple of N hours / minutes / seconds.
 * So the current window began at the *previous* boundary (a 31-day month is a 31-day window), not at
 * `budget_reset_at − duration`.
 */

export const DEFAULT_BUDGET_TIMEZONE = 'UTC';

/** True when `tz` is an IANA zone name this runtime (Intl) knows. */
export function isKnownTimezone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Throws a usage error unless `tz` is an IANA zone name this runtime knows. */
export function validateTimezone(tz: string): string {
  if (isKnownTimezone(tz)) return tz;
  throw new LensError(
    'usage',
    `Unknown budget timezone ${JSON.stringify(tz)}.`,
    'Use the IANA name LiteLLM is configured with (litellm_settings.timezone), e.g. UTC, America/New_York, Asia/Kolkata.',
  );
}

interface Wall {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock time of `ms` in `tz`. */
function wallOf(ms: number, tz: string): Wall {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(tz, f);
  }
  const p = Object.fromEntries(f.formatToParts(ms).map((x) => [x.type, Number(x.value)]));
  return { y: p.year, mo: p.month, d: p.day, h: p.hour, mi: p.minute, s: p.second };
}

/** The instant whose wall-clock time in `tz` is `w` (fields may overflow, e.g. day 0 = last day of the month before). */
function instantOf(w: Wall, tz: string): number {
  const asUtc = Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s);
  let ms = asUtc;
  // Two rounds settle the zone offset, including across a DST change between the guess and the answer.
  for (let i = 0; i < 2; i++) {
    const seen = wallOf(ms, tz);
    ms += asUtc - Date.UTC(seen.y, seen.mo - 1, seen.d, seen.h, seen.mi, seen.s);
  }
  return ms;
}

/** The instant local midnight of `day` (`YYYY-MM-DD`) begins in `tz` (report time zones, zoneDays.ts). */
export function midnightIn(day: string, tz: string): number {
  const [y, mo, d] = day.split('-').map(Number);
  return instantOf({ y, mo, d, h: 0, mi: 0, s: 0 }, tz);
}

const WORDS: Record<string, string> = { hourly: '1h', daily: '1d', weekly: '7d', monthly: '1mo' };
const SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600 };

/**
 * The instant the current budget window began: the boundary before `budget_reset_at` (ms since epoch), or null
 * when either value is missing or the duration is not LiteLLM's `<n>s|m|h|d|w|mo` (regex in duration_parser.py
 * `_extract_from_regex`). A reset time that is not on a calendar boundary (written by an older LiteLLM as
 * "now + duration") falls back to `reset − duration` in wall-clock days.
 */
export function budgetWindowStart(resetAt: string | null, duration: string | null, tz: string = DEFAULT_BUDGET_TIMEZONE): number | null {
  if (!resetAt || !duration) return null;
  const reset = Date.parse(resetAt);
  const m = /^(\d+)(mo|[smhdw])/.exec(WORDS[duration.trim().toLowerCase()] ?? duration.trim().toLowerCase());
  if (Number.isNaN(reset) || !m) return null;
  const n = Number(m[1]);
  const unit = m[2];
  if (unit in SECONDS) return reset - n * SECONDS[unit] * 1000;
  const w = wallOf(reset, tz);
  const midnight = w.h === 0 && w.mi === 0 && w.s === 0;
  const monthly = (unit === 'd' && n === 30) || (unit === 'mo' && n === 1);
  if (monthly && midnight && w.d === 1) return instantOf({ ...w, mo: w.mo - 1 }, tz);
  if (unit === 'mo') return instantOf({ ...w, mo: w.mo - n }, tz);
  return instantOf({ ...w, d: w.d - (unit === 'w' ? 7 * n : n) }, tz);
}
