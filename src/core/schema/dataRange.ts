import { type DateClock, dateClock } from '../analyses/relativeDate';
import type { LensDatabase } from '../db/database';
import type { Capabilities } from './capabilities';

/** First and last UTC day with spend rows, `YYYY-MM-DD`, inclusive. */
export interface DataRange {
  first: string;
  last: string;
}

/**
 * The days the database has spend for: LiteLLM_DailyUserSpend's `date` (text `YYYY-MM-DD`, one row per user/day
 * written by db_spend_update_writer.py), or SpendLogs' `startTime` days on a schema without the daily table.
 * Both columns are indexed, so min/max is an index lookup. Null when neither table exists or holds a row.
 */
export async function readDataRange(db: LensDatabase, caps: Capabilities, signal?: AbortSignal): Promise<DataRange | null> {
  const sql = caps.hasTable('LiteLLM_DailyUserSpend')
    ? 'SELECT min("date") AS first, max("date") AS last FROM "LiteLLM_DailyUserSpend"'
    : caps.hasColumn('LiteLLM_SpendLogs', 'startTime')
      ? `SELECT to_char(min("startTime"), 'YYYY-MM-DD') AS first, to_char(max("startTime"), 'YYYY-MM-DD') AS last FROM "LiteLLM_SpendLogs"`
      : undefined;
  if (!sql) return null;
  const { rows } = await db.query(sql, [], { signal });
  return rows[0]?.first ? { first: String(rows[0].first), last: String(rows[0].last) } : null;
}

/** The clock relative dates resolve against on this database (dateClock over its last day with spend). */
export async function readDateClock(db: LensDatabase, caps: Capabilities, signal?: AbortSignal): Promise<DateClock> {
  return dateClock((await readDataRange(db, caps, signal))?.last);
}
