import type { LensDatabase, Row } from '../db/database';
import type { Capabilities } from '../schema/capabilities';
import { quoteIdent as ident } from '../sql/identifiers';
import { MEASURE_COLUMNS, MEASURE_KEYS } from './measures';

// The attribution modules import the one quoting function under its short local name.
export { ident };

/** `alias."column" AS "as"` when the column exists, else a typed NULL, so one query fits every schema level. */
export function optionalColumn(caps: Capabilities, table: string, column: string, type: string, alias: string, as = column): string {
  return caps.hasColumn(table, column) ? `${alias}.${ident(column)} AS ${ident(as)}` : `NULL::${type} AS ${ident(as)}`;
}

/**
 * `sum(col::float8) AS "measure"` for the eight daily counters, optionally FILTERed; a counter the table lacks
 * (older LiteLLM) reads as 0. Summing bigint counters as float8 is exact below 2^53, keeps the aggregate state a
 * by-value double (half the hash memory of an int8 sum) and makes the driver return numbers. `countersWhen`: the
 * counters other than spend are sent only for the rows that meet it (NULL otherwise: rows that need spend alone
 * then cost the driver one number instead of eight).
 */
export function measureSums(alias: string, has: (column: string) => boolean, filter?: string, countersWhen?: string): string {
  const f = filter ? ` FILTER (WHERE ${filter})` : '';
  return MEASURE_KEYS.map((k) => {
    const sum = has(MEASURE_COLUMNS[k]) ? `sum(${alias}.${MEASURE_COLUMNS[k]}::float8)${f}` : '0::float8';
    return (countersWhen && k !== 'spend' ? `CASE WHEN ${countersWhen} THEN ${sum} END` : sum) + ` AS ${ident(k)}`;
  }).join(',\n  ');
}

/** The column test `measureSums` needs, for one table. */
export function columnsOf(caps: Capabilities, table: string): (column: string) => boolean {
  return (column) => caps.hasColumn(table, column);
}

/** Runs a query and returns its rows (the only way this module talks to the database). */
export async function rows<T extends Row>(db: LensDatabase, sql: string, params: unknown[], signal?: AbortSignal): Promise<T[]> {
  return (await db.query<T>(sql, params, { signal })).rows;
}
