import { buildDdl } from './ddl';
import type { SqlExecutor } from './executor';
import { generateDemoData, type DemoOptions, type DemoSummary } from './generator';
import { insertRows } from './insert';
import type { SchemaVersion } from './versions';
import { buildViews } from './views';

// Bulk-load order: tables first, rows next, then indexes and foreign keys (built once instead of per row).
const AFTER_LOAD = /^(CREATE (UNIQUE )?INDEX|ALTER TABLE)/;

/**
 * Builds a LiteLLM database of the given schema level in an empty database: DDL, runtime views and the
 * generated rows. No explicit transaction, so a `pg.Pool` works as well as a single client or PGlite.
 */
export async function createDemoDatabase(exec: SqlExecutor, version: SchemaVersion, opts: DemoOptions = {}): Promise<DemoSummary> {
  const { tables, summary } = generateDemoData(version, opts);
  const ddl = buildDdl(version);
  for (const statement of ddl.filter((s) => !AFTER_LOAD.test(s))) await exec.query(statement);
  for (const statement of buildViews(version)) await exec.query(statement);
  for (const [table, rows] of Object.entries(tables)) await insertRows(exec, table, rows);
  for (const statement of ddl.filter((s) => AFTER_LOAD.test(s))) await exec.query(statement);
  const modelIds = (tables.LiteLLM_ModelTable ?? []).map((r) => Number(r.id));
  if (modelIds.length > 0) await exec.query(`SELECT setval('"LiteLLM_ModelTable_id_seq"', $1)`, [Math.max(...modelIds)]);
  // Row estimates for schema browsers (LiteLLM's own view check reads pg_class.reltuples too). A small
  // statistics target keeps this quick; the tables are small enough to be counted exactly anyway.
  const filled = Object.keys(tables).filter((t) => tables[t].length > 0);
  await exec.query('SET default_statistics_target = 10');
  await exec.query(`ANALYZE ${filled.map((t) => `"${t}"`).join(', ')}`);
  await exec.query('RESET default_statistics_target');
  return summary;
}
