import type { LensDatabase } from '../db/database';
import { scanSql } from './sqlScan';
import type { ResultColumn } from './types';

// Built-in type OIDs (pg_type.h); anything else is reported as `unknown`.
const TYPE_NAMES: Record<number, string> = {
  16: 'bool',
  17: 'bytea',
  18: 'char',
  19: 'name',
  20: 'int8',
  21: 'int2',
  23: 'int4',
  25: 'text',
  26: 'oid',
  114: 'json',
  700: 'float4',
  701: 'float8',
  1000: 'bool[]',
  1005: 'int2[]',
  1007: 'int4[]',
  1009: 'text[]',
  1016: 'int8[]',
  1021: 'float4[]',
  1022: 'float8[]',
  1042: 'bpchar',
  1043: 'varchar',
  1082: 'date',
  1083: 'time',
  1114: 'timestamp',
  1115: 'timestamp[]',
  1184: 'timestamptz',
  1186: 'interval',
  1231: 'numeric[]',
  1700: 'numeric',
  2950: 'uuid',
  3802: 'jsonb',
  3807: 'jsonb[]',
  2249: 'record',
};

export function pgTypeName(oid: number): string {
  return TYPE_NAMES[oid] ?? 'unknown';
}

/**
 * The result columns of a statement without running it: wrapped as `SELECT * FROM (…) LIMIT 0`, the executor
 * stops before reading a row. Statements that cannot be wrapped (writes, data-modifying CTEs) yield undefined;
 * the caller then runs them unwrapped, where the read-only session refuses them with its own clear error.
 */
export async function describeColumns(
  db: LensDatabase,
  sql: string,
  values: unknown[],
  signal?: AbortSignal,
): Promise<ResultColumn[] | undefined> {
  const body = scanSql(sql).body;
  if (!/^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*(select|with|values|table)\b/i.test(body)) return undefined;
  try {
    const { fields } = await db.query(`SELECT * FROM (\n${body}\n) AS lens_describe LIMIT 0`, values, { signal });
    return fields.map((f) => ({ name: f.name, type: pgTypeName(f.dataTypeID) }));
  } catch (err) {
    if (signal?.aborted) throw err;
    return undefined;
  }
}

/** Fallback when a statement could not be described: names from the first row, type unknown. */
export function columnsFromRow(row: Record<string, unknown> | undefined): ResultColumn[] {
  return row ? Object.keys(row).map((name) => ({ name, type: 'unknown' })) : [];
}
