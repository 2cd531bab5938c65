import type { SqlExecutor } from './executor';
import { quoteIdent } from '../sql/identifiers';

// ~2 MB of JSON per statement for SpendLogs rows: few round trips, and PGlite (measured) is fastest around here.
const CHUNK_ROWS = 1000;

/**
 * Bulk-inserts rows with one parameter per chunk: the rows travel as a JSON array and PostgreSQL maps them
 * onto the table's column types (`jsonb_populate_recordset`), which works alike on PostgreSQL and PGlite.
 * Only the columns present in the rows are listed, so omitted columns get their database defaults.
 */
export async function insertRows(exec: SqlExecutor, table: string, rows: readonly Record<string, unknown>[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]);
  for (const row of rows) {
    if (Object.keys(row).length !== columns.length || !columns.every((c) => c in row)) {
      throw new Error(`demo rows for ${table} do not all have the same columns`);
    }
  }
  const list = columns.map(quoteIdent).join(', ');
  const sql = `INSERT INTO ${quoteIdent(table)} (${list}) SELECT ${list} FROM jsonb_populate_recordset(NULL::${quoteIdent(table)}, $1::jsonb)`;
  for (let i = 0; i < rows.length; i += CHUNK_ROWS) {
    await exec.query(sql, [JSON.stringify(rows.slice(i, i + CHUNK_ROWS))]);
  }
}
