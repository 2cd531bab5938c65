import type { LensDatabase, Row } from '../db/database';
import { bindParams } from './bindParams';
import { requireNoProblems } from './checkRunnable';
import { columnsFromRow, describeColumns } from './describeColumns';
import { requireResolved } from './optionalParts';
import type { Analysis, AnalysisResult, ResultColumn } from './types';

export interface RunOptions {
  signal?: AbortSignal;
  /** Preview cap (default 1000); reading stops and the server-side cursor closes once it is passed. */
  maxRows?: number;
  /** Clock for relative date defaults (tests pin it). */
  now?: Date;
}

export interface StreamOptions {
  signal?: AbortSignal;
  batchSize?: number;
  now?: Date;
}

/** A full result as a stream of row batches (constant memory), with its columns known up front. */
export interface AnalysisStream {
  columns: ResultColumn[];
  params: Record<string, string | number>;
  batches: AsyncIterable<Row[]>;
}

/**
 * Runs an analysis for a preview: parameters bound as `$n`, one read-only statement, rows read through a cursor
 * only up to `maxRows` (+1 to know whether more exist), so a huge result never reaches memory. An analysis with
 * `-- optional:` parts must be the one requireRunnable returned for this database.
 */
export async function runAnalysis(
  db: LensDatabase,
  analysis: Analysis,
  supplied: Readonly<Record<string, string>> = {},
  opts: RunOptions = {},
): Promise<AnalysisResult> {
  requireNoProblems(analysis);
  requireResolved(analysis);
  const maxRows = opts.maxRows ?? 1000;
  const bound = bindParams(analysis, supplied, opts.now);
  const started = performance.now();
  const described = await describeColumns(db, analysis.sql, bound.values, opts.signal);
  const rows: Row[] = [];
  let truncated = false;
  for await (const batch of db.cursor(analysis.sql, bound.values, {
    signal: opts.signal,
    batchSize: Math.min(Math.max(maxRows + 1, 1), 2000),
  })) {
    rows.push(...batch);
    if (rows.length > maxRows) {
      truncated = true;
      rows.length = maxRows;
      break;
    }
  }
  return {
    columns: described ?? columnsFromRow(rows[0]),
    rows,
    truncated,
    elapsedMs: Math.round(performance.now() - started),
    params: bound.byName,
    notes: analysis.notes ?? [],
  };
}

/** Runs an analysis for an export: every row, streamed in batches from a server-side cursor. */
export async function streamAnalysis(
  db: LensDatabase,
  analysis: Analysis,
  supplied: Readonly<Record<string, string>> = {},
  opts: StreamOptions = {},
): Promise<AnalysisStream> {
  requireNoProblems(analysis);
  requireResolved(analysis);
  const bound = bindParams(analysis, supplied, opts.now);
  const described = await describeColumns(db, analysis.sql, bound.values, opts.signal);
  const source = db.cursor(analysis.sql, bound.values, { signal: opts.signal, batchSize: opts.batchSize });
  if (described) return { columns: described, params: bound.byName, batches: source };
  // Not describable: the first batch names the columns (and surfaces the server's error, e.g. read-only).
  const first = await source.next();
  const head: Row[] = first.done ? [] : first.value;
  async function* rest(): AsyncGenerator<Row[]> {
    if (head.length > 0) yield head;
    if (!first.done) yield* source;
  }
  return { columns: columnsFromRow(head[0]), params: bound.byName, batches: rest() };
}
