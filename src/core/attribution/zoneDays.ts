import { LensError } from '../errors';
import { addDays, type Period } from './period';
import type { ZoneCoverage, ZoneDay } from './types';
import { isKnownTimezone, midnightIn } from './window';

/**
 * Report days in an IANA time zone. The daily tables hold UTC days (`date` = the UTC date of `startTime`,
 * docs/reference/litellm-schema.md §8.4), so a local day can only come from LiteLLM_SpendLogs, whose
 * `startTime` is the exact request time in UTC (`startTime=_ensure_datetime_utc(start_time)` in
 * litellm/proxy/spend_tracking/spend_tracking_utils.py get_logging_payload). Where retention removed the
 * SpendLogs, a day falls back to its UTC day in the daily tables, and the report says so.
 */

export const DEFAULT_REPORT_TIMEZONE = 'UTC';

/** Throws a usage error (exit 2) unless `tz` is an IANA zone name this runtime knows. */
export function validateReportTimezone(tz: string): string {
  if (isKnownTimezone(tz)) return tz;
  throw new LensError(
    'usage',
    `Unknown report time zone ${JSON.stringify(tz)}.`,
    'Use an IANA zone name such as Europe/Berlin, America/New_York or UTC (the default): --timezone on the CLI, litellmLens.reportTimezone in VS Code.',
  );
}

/** How the period's days split: a prefix of UTC fallback days, then local days from SpendLogs. */
export interface ZonePlan extends ZoneCoverage {
  /** The UTC fallback days as a period (null when every day is local). */
  fallback: Period | null;
  /** The local days: `[startMs, endMs)` and each day's first instant (null when every day falls back). */
  local: { startMs: number; endMs: number; starts: number[]; dates: string[] } | null;
}

const HOUR_MS = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Splits `period` (local dates in `tz`) into report days. A day is local when SpendLogs are complete from its
 * first instant on (`coveredFromMs`: the first complete UTC day's midnight, probeCoverage; -Infinity for the
 * request basis, +Infinity without SpendLogs). SpendLogs coverage only ever starts (retention deletes the oldest
 * rows), so the fallback days are a prefix of the period and each instant belongs to exactly one day.
 */
export function planZoneDays(period: Period, tz: string, coveredFromMs: number): ZonePlan {
  const days: ZoneDay[] = [];
  let cursor: number | null = null;
  for (const date of period.days) {
    const localEnd = midnightIn(addDays(date, 1), tz);
    const start: number = cursor ?? midnightIn(date, tz);
    const local = start >= coveredFromMs && localEnd > start;
    const span: number[] = local ? [start, localEnd] : [Date.parse(`${date}T00:00:00Z`), Date.parse(`${addDays(date, 1)}T00:00:00Z`)];
    days.push({
      date,
      source: local ? 'spend-logs' : 'daily-utc',
      start: iso(span[0]),
      end: iso(span[1]),
      hours: (span[1] - span[0]) / HOUR_MS,
    });
    cursor = span[1];
  }
  const fallbackDays = days.filter((d) => d.source === 'daily-utc');
  const localDays = days.filter((d) => d.source === 'spend-logs');
  const fallback =
    fallbackDays.length > 0
      ? {
          from: fallbackDays[0].date,
          to: fallbackDays[fallbackDays.length - 1].date,
          days: fallbackDays.map((d) => d.date),
          startMs: Date.parse(fallbackDays[0].start),
          endMs: Date.parse(fallbackDays[fallbackDays.length - 1].end),
        }
      : null;
  const local =
    localDays.length > 0
      ? {
          startMs: Date.parse(localDays[0].start),
          endMs: Date.parse(localDays[localDays.length - 1].end),
          starts: localDays.map((d) => Date.parse(d.start)),
          dates: localDays.map((d) => d.date),
        }
      : null;
  return { timezone: tz, days, notes: coverageNotes(tz, fallbackDays, localDays), fallback, local };
}

function coverageNotes(tz: string, fallback: ZoneDay[], local: ZoneDay[]): string[] {
  const range = (d: ZoneDay[]) => (d.length === 1 ? d[0].date : `${d[0].date} … ${d[d.length - 1].date}`);
  const notes: string[] = [];
  if (local.length > 0) notes.push(`${range(local)}: days in ${tz}, from LiteLLM_SpendLogs.`);
  if (fallback.length > 0) {
    notes.push(
      `${range(fallback)}: UTC days from the daily tables — SpendLogs do not cover them (retention or disable_spend_logs), so they cannot be cut at ${tz} midnight.`,
    );
  }
  if (fallback.length > 0 && local.length > 0 && local[0].hours !== 24) {
    notes.push(`${local[0].date} starts at ${local[0].start}, where the last UTC day ends, so it spans ${local[0].hours} hours.`);
  }
  return notes;
}

/** A timestamp literal for SpendLogs."startTime" (timestamp without time zone, holding UTC). */
export function pgTimestamp(ms: number): string {
  return iso(ms).slice(0, 23).replace('T', ' ');
}

/**
 * The local date of a SpendLogs row in the plan's local days, as SQL: the day whose first instant is the last one
 * at or before `startTime` (width_bucket over the days' starts). `startsParam`/`datesParam` are the numbers of the
 * two array parameters (`zoneDayParams`). Rows must already be limited to `[local.startMs, local.endMs)`.
 */
export function zoneDaySql(alias: string, startsParam: number, datesParam: number): string {
  return `($${datesParam}::text[])[width_bucket(${alias}."startTime", $${startsParam}::timestamp[])]`;
}

export function zoneDayParams(local: NonNullable<ZonePlan['local']>): [string[], string[]] {
  return [local.starts.map(pgTimestamp), local.dates];
}
