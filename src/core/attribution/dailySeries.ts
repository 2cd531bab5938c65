import type { LensDatabase } from '../db/database';
import type { Capabilities } from '../schema/capabilities';
import { C } from './dailyFacts';
import { measuresOf, zero } from './measures';
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

/** One entity's figures in a daily table: the period's counters and its all-time spend. */
export interface EntityHistory {
  range: Measures;
  lifetime: number;
}

/**
 * Per-entity figures of a daily table keyed by one entity column (tags, end users): one grouped scan, split by
 * whether the row's date is in the period (tested once per row rather than in every aggregate's FILTER).
 * Returns null when the table or column does not exist.
 */
export async function loadEntityHistory(
  db: LensDatabase,
  caps: Capabilities,
  table: string,
  entity: string,
  period: Period,
  signal?: AbortSignal,
): Promise<Map<string, EntityHistory> | null> {
  if (!caps.hasTable(table) || !caps.hasColumn(table, entity)) return null;
  const e = `COALESCE(d.${ident(entity)}, '')`;
  const sql = `SELECT ${e} AS id, (d.date ${C} >= $1 AND d.date ${C} <= $2) AS in_range, ${measureSums('d', columnsOf(caps, table))}
FROM ${ident(table)} d GROUP BY 1, 2`;
  const out = new Map<string, EntityHistory>();
  for (const r of await rows(db, sql, [period.from, period.to], signal)) {
    const id = String(r.id);
    const history = out.get(id) ?? { range: zero(), lifetime: 0 };
    if (r.in_range) history.range = measuresOf(r);
    history.lifetime += Number(r.spend ?? 0);
    out.set(id, history);
  }
  return out;
}
