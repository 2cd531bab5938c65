import type { LensDatabase } from '../db/database';
import type { Capabilities } from '../schema/capabilities';
import { ident, rows } from './sql';
import type { TableCoverage } from './types';

/**
 * The daily tables in the order LiteLLM added them. Each is created empty by its migration and never back-filled
 * (team 20250415…, tag 20250416…, organisation 2025-11-14, end user 2025-12-04), so before its first row a table
 * says nothing about a period.
 */
export const COVERED_TABLES = [
  'LiteLLM_DailyUserSpend',
  'LiteLLM_DailyTeamSpend',
  'LiteLLM_DailyTagSpend',
  'LiteLLM_DailyOrganizationSpend',
  'LiteLLM_DailyEndUserSpend',
] as const;

/** First and last date of each daily table present (min/max read through the date index). */
export async function loadCoverage(db: LensDatabase, caps: Capabilities, signal?: AbortSignal): Promise<TableCoverage[]> {
  const present = COVERED_TABLES.filter((t) => caps.hasColumn(t, 'date'));
  if (present.length === 0) return [];
  const sql = present
    .map((t) => `SELECT '${t}' AS "table", min(d.date) AS first, max(d.date) AS last FROM ${ident(t)} d`)
    .join('\nUNION ALL\n');
  const found = new Map((await rows(db, sql, [], signal)).map((r) => [String(r.table), r]));
  return present.map((table) => {
    const r = found.get(table);
    return { table, firstDate: r?.first == null ? null : String(r.first), lastDate: r?.last == null ? null : String(r.last) };
  });
}

/** Whether `table` has rows from `day` on: false before its first date, and for a table without rows. */
export function recordsFrom(coverage: readonly TableCoverage[], table: string, day: string): boolean {
  const c = coverage.find((x) => x.table === table);
  return c !== undefined && c.firstDate !== null && day >= c.firstDate;
}
