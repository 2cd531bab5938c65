import { describeColumns, pgTypeName } from '../../core/analyses/describeColumns';
import type { LensDatabase, Row } from '../../core/db/database';
import { LensError } from '../../core/errors';
import type { Cell, ResultColumn } from '../../shared/resultsProtocol';
import { kindOfTypeName, toCell } from './cells';

/** A query result shaped for the grid: typed columns and rows of cells, capped at `maxRows`. */
export interface GridResult {
  columns: ResultColumn[];
  rows: Cell[][];
  /** `rows.length`, or `maxRows + 1` when `truncated` (reading stops at the first row past the cap). */
  rowCount: number;
  truncated: boolean;
  elapsedMs: number;
}

export interface GridQueryOptions {
  maxRows: number;
  signal?: AbortSignal;
}

/**
 * Runs one read-only statement for the grid. A describable statement (SELECT/WITH/VALUES/TABLE) is typed with a
 * `LIMIT 0` wrapper and read through a server-side cursor that stops after `maxRows`, so a huge result never
 * reaches memory; anything else (EXPLAIN, SHOW) runs as a plain query. Cancelling the signal cancels it on the
 * server; a text holding several statements is refused with a hint.
 */
export async function runGridQuery(db: LensDatabase, sql: string, params: unknown[], opts: GridQueryOptions): Promise<GridResult> {
  const started = performance.now();
  try {
    const described = await describeColumns(db, sql, params, opts.signal);
    if (!described) {
      const { rows, fields } = await db.query(sql, params, { signal: opts.signal });
      const columns = fields.map((f) => column(f.name, pgTypeName(f.dataTypeID)));
      return shape(columns, rows, rows.length > opts.maxRows, started, opts.maxRows);
    }
    const rows: Row[] = [];
    let truncated = false;
    const batchSize = Math.min(opts.maxRows + 1, 5000);
    for await (const batch of db.cursor(sql, params, { signal: opts.signal, batchSize })) {
      for (const r of batch) rows.push(r);
      if (rows.length > opts.maxRows) {
        truncated = true;
        break;
      }
    }
    return shape(
      described.map((c) => column(c.name, c.type)),
      rows,
      truncated,
      started,
      opts.maxRows,
    );
  } catch (err) {
    throw explainQueryError(err);
  }
}

function column(name: string, type: string): ResultColumn {
  return { name, type, kind: kindOfTypeName(type) };
}

function shape(columns: ResultColumn[], rows: Row[], truncated: boolean, started: number, maxRows: number): GridResult {
  const kept = rows.length > maxRows ? rows.slice(0, maxRows) : rows;
  const keys = columns.map((c) => c.name);
  return {
    columns,
    rows: kept.map((row) => keys.map((k) => toCell(row[k]))),
    rowCount: truncated ? maxRows + 1 : rows.length,
    truncated,
    elapsedMs: Math.round(performance.now() - started),
  };
}

/** Turns PostgreSQL's multi-statement refusal into a usage error that says what to do. */
export function explainQueryError(err: unknown): unknown {
  if (err instanceof Error && /cannot insert multiple commands into a prepared statement/i.test(err.message)) {
    return new LensError(
      'usage',
      'The SQL holds more than one statement; LiteLLM Lens runs one statement at a time.',
      'Select the statement to run, then run the command again.',
    );
  }
  return err;
}
