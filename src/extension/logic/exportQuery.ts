import type { LensDatabase, Row } from '../../core/db/database';
import { writeAtomically } from '../../core/files/atomicFile';
import { CsvEncoding } from '../../core/files/csv';
import { JSON_ARRAY, jsonRecord } from '../../core/files/json';
import type { ExportFormat } from '../../shared/resultsProtocol';
import { toText } from './cells';
import { explainQueryError, type GridResult } from './gridQuery';

export interface ExportQueryOptions {
  format: ExportFormat;
  out: string;
  /** CSV field delimiter (`litellmLens.export.csv.delimiter`). */
  delimiter?: string;
  /** Header for a result with no rows (rows otherwise name their own columns). */
  columns?: string[];
  signal?: AbortSignal;
  onProgress?: (rows: number) => void;
}

export interface ExportQuerySummary {
  rows: number;
  out: string;
}

/**
 * Re-runs a statement through a server-side cursor and streams every row to `out` (not capped like the grid).
 * The file goes through the atomic writer (exclusive random temp name, renamed on success), so a cancelled or
 * failed export leaves no half-written file behind and a planted symlink is never followed.
 */
export function exportQuery(db: LensDatabase, sql: string, params: unknown[], opts: ExportQueryOptions): Promise<ExportQuerySummary> {
  return writeRows(db.cursor(sql, params, { batchSize: 2000, signal: opts.signal }), opts);
}

/** Writes rows already in memory (a result with no query behind it, e.g. invalid CBF rows) the same way. */
export function exportGrid(result: GridResult, opts: ExportQueryOptions): Promise<ExportQuerySummary> {
  const names = result.columns.map((c) => c.name);
  const rows = result.rows.map((cells) => Object.fromEntries(names.map((n, i) => [n, cells[i]])));
  return writeRows(
    (async function* () {
      if (rows.length > 0) yield rows;
    })(),
    { ...opts, columns: names },
  );
}

async function writeRows(batches: AsyncIterable<Row[]>, opts: ExportQueryOptions): Promise<ExportQuerySummary> {
  const writer = opts.format === 'csv' ? csvWriter(opts.delimiter ?? ',') : jsonWriter();
  try {
    return await writeAtomically(opts.out, async (file) => {
      let rows = 0;
      await file.write(writer.start());
      let header: string[] | undefined;
      for await (const batch of batches) {
        header ??= Object.keys(batch[0]);
        await file.write(writer.rows(batch, header, rows));
        rows += batch.length;
        opts.onProgress?.(rows);
      }
      await file.write(writer.end(rows, opts.columns ?? []));
      return { rows, out: opts.out };
    });
  } catch (err) {
    throw explainQueryError(err);
  }
}

interface Writer {
  start(): string;
  rows(batch: Row[], header: string[], written: number): string;
  /** `columns` heads a CSV that got no rows. */
  end(written: number, columns: string[]): string;
}

/** A person opens this file in a spreadsheet: formulas are escaped. */
function csvWriter(delimiter: string): Writer {
  const csv = new CsvEncoding({ delimiter, escapeFormulas: true });
  return {
    start: () => '',
    rows: (batch, header, written) =>
      (written === 0 ? csv.records([header]) : '') + csv.records(batch.map((r) => header.map((k) => toText(r[k])))),
    end: (written, columns) => (written === 0 && columns.length > 0 ? csv.records([columns]) : ''),
  };
}

function jsonWriter(): Writer {
  return {
    start: () => JSON_ARRAY.start,
    rows: (batch, header, written) =>
      JSON_ARRAY.rows(
        batch.map((r) => jsonRecord(r, header)),
        written,
      ),
    end: (written) => JSON_ARRAY.end(written),
  };
}
