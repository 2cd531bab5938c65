import type { LensDatabase } from '../db/database';
import type { Capabilities } from '../schema/capabilities';
import { C } from './dailyFacts';
import { measuresOf } from './measures';
import type { Period } from './period';
import { columnsOf, ident, measureSums, rows } from './sql';
import type { Measures } from './types';

/** Spend per day and model (LiteLLM_DailyUserSpend) or per day and team (LiteLLM_DailyTeamSpend). */
export interface DayPoint {
  series: 'model' | 'team';
  date: string;
  id: string;
  spend: number;
}

/** The period's daily series in one statement (two grouped scans of the period's rows). */
export async function loadDailySeries(db: LensDatabase, caps: Capabilities, period: Period, signal?: AbortSignal): Promise<DayPoint[]> {
  const parts = [`SELECT 'model' AS series, d.date, COALESCE(d.model, '') AS id, sum(d.spend)::float8 AS spend
    FROM "LiteLLM_DailyUserSpend" d WHERE d.date >= $1 AND d.date <= $2 GROUP BY d.date, COALESCE(d.model, '')`];
  if (caps.hasTable('LiteLLM_DailyTeamSpend')) {
    parts.push(`SELECT 'team', d.date, COALESCE(d.team_id, ''), sum(d.spend)::float8
    FROM "LiteLLM_DailyTeamSpend" d WHERE d.date >= $1 AND d.date <= $2 GROUP BY d.date, COALESCE(d.team_id, '')`);
  }
  const result = await rows(db, parts.join('\nUNION ALL\n'), [period.from, period.to], signal);
  return result.map((r) => ({ series: r.series as DayPoint['series'], date: String(r.date), id: String(r.id), spend: Number(r.spend ?? 0) }));
}

/** One entity's figures in a daily table: the period's counters and its all-time spend. */
export interface EntityHistory {
  range: Measures;
  lifetime: number;
}

/**
 * Per-entity figures of a daily table keyed by one entity column (tags, end users): one grouped scan.
 * Returns null when the table or column does not exist.
 */
export async function loadEntityHistory(db: LensDatabase, caps: Capabilities, table: string, entity: string, period: Period, signal?: AbortSignal): Promise<Map<string, EntityHistory> | null> {
  if (!caps.hasTable(table) || !caps.hasColumn(table, entity)) return null;
  const e = `COALESCE(d.${ident(entity)}, '')`;
  const sql = `SELECT ${e} AS id, ${measureSums('d', columnsOf(caps, table), `d.date ${C} >= $1 AND d.date ${C} <= $2`)}, sum(d.spend)::float8 AS lifetime
FROM ${ident(table)} d GROUP BY ${e}`;
  const result = await rows(db, sql, [period.from, period.to], signal);
  return new Map(result.map((r) => [String(r.id), { range: measuresOf(r), lifetime: Number(r.lifetime ?? 0) }]));
}
