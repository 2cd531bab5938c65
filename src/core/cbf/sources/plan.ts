import type { Capabilities } from '../../schema/capabilities';
import { SOURCE_COLUMNS, type SourceRow } from '../sourceRow';

/** A source query ready to stream: SQL with $1 = from and $2 = to (`YYYY-MM-DD`), and how to name a row's origin. */
export interface SourcePlan {
  table: string;
  /** The rows as SourceRow columns. */
  sql: string;
  /** `$1` from, `$2` to (`YYYY-MM-DD`), and with buckets `$3`, their number (days or hours) in the range. */
  params: (string | number)[];
  /** What the user should know about this source on this database (fallbacks, overlaps). */
  notes: string[];
  /** Identifies the source rows behind one aggregated row, for invalid-row reports. */
  describe(row: SourceRow): string;
}

/** `api_key` hashes are long; the first 12 hex digits find the key in LiteLLM's UI and tables. */
export function shortKey(key: string | null): string {
  if (key === null) return 'NULL';
  return key.length > 12 ? `${key.slice(0, 12)}…` : JSON.stringify(key);
}

export function quoted(value: string | null): string {
  return value === null ? 'NULL' : JSON.stringify(value);
}

/** How a source query is put together (see `sourceQuery`). */
export interface QueryParts {
  /** One SELECT producing SourceRow columns for the rows matching `where` (aggregation and joins included). */
  rows(where: string): string;
  /**
   * Set when an index allows walking the range bucket by bucket: the buckets (column `lo`; `$3` is their count)
   * and a bucket's condition.
   */
  buckets?: { sql: string; where: string };
  /** The condition for the whole range, when there are no buckets. */
  rangeWhere: string;
  /** Output columns of the deterministic order after time (`usage_start`). */
  order: string[];
}

/**
 * The source query, ordered by time first (AnyCost batching relies on it), then the group key in byte order.
 * With buckets, aggregation and joins run inside a LATERAL subquery per bucket, so the nested loop keeps the
 * buckets' order and PostgreSQL only sorts within a bucket (incremental sort) and streams bucket after bucket;
 * joins outside the LATERAL would lose that order (a hash join's output counts as unordered) and force one
 * sort of everything before the first row.
 */
export function sourceQuery(parts: QueryParts): string {
  const order = ['usage_start', ...parts.order].map((c) => `x.${c} COLLATE "C"`).join(', ');
  // The columns in SOURCE_COLUMNS order: rows arrive as COPY fields, matched to names by position.
  const columns = SOURCE_COLUMNS.map((c) => `x.${c}`).join(', ');
  if (!parts.buckets) return `SELECT ${columns} FROM (${parts.rows(parts.rangeWhere)}) x\nORDER BY ${order}`;
  // LIMIT $3 (the bucket count) is a no-op that gives the planner the real count instead of its default of 1000
  // rows for generate_series, which overstated small exports enough to trigger JIT compilation.
  return `SELECT ${columns} FROM (${parts.buckets.sql} ORDER BY 1 LIMIT $3) g\nCROSS JOIN LATERAL (${parts.rows(parts.buckets.where)}) x\nORDER BY g.lo, ${order}`;
}

/**
 * True when an index leads with `column`. Then the source query walks the range bucket by bucket (a day, an
 * hour) through that index: rows leave the server as each bucket is done instead of after one sort of
 * everything, so the server works while this process writes. Without such an index each bucket would scan the
 * whole table, so the query falls back to one aggregation and one sort.
 */
export function hasLeadingIndex(caps: Capabilities, table: string, column: string): boolean {
  return caps.model.tables.some((t) => t.name === table && t.indexes.some((i) => i.columns[0] === column));
}

/** Days in the inclusive range `from`..`to` (`YYYY-MM-DD`). */
export function daysIn(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

/** The query parameters: the range, and the bucket count when the query walks buckets. */
export function rangeParams(from: string, to: string, parts: QueryParts, bucketsPerDay: number): (string | number)[] {
  return parts.buckets ? [from, to, bucketsPerDay * daysIn(from, to)] : [from, to];
}
