import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import { stringify } from 'csv-stringify/sync';
import type { LensDatabase, Row } from '../../core/db/database';
import type { ExportFormat } from '../../shared/resultsProtocol';
import { jsonReplacer, toJsonValue, toText } from './cells';
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
 * The file is written under a temporary name and renamed on success, so a cancelled or failed export leaves
 * no half-written file behind.
 */
export function exportQuery(db: LensDatabase, sql: string, params: unknown[], opts: ExportQueryOptions): Promise<ExportQuerySummary> {
  return writeRows(db.cursor(sql, params, { batchSize: 2000, signal: opts.signal }), opts);
}

/** Writes rows already in memory (a result with no query behind it, e.g. invalid CBF rows) the same way. */
export function exportGrid(result: GridResult, opts: ExportQueryOptions): Promise<ExportQuerySummary> {
  const names = result.columns.map((c) => c.name);
  const rows = result.rows.map((cells) => Object.fromEntries(names.map((n, i) => [n, cells[i]])));
  return writeRows((async function* () {
    if (rows.length > 0) yield rows;
  })(), { ...opts, columns: names });
}

async function writeRows(batches: AsyncIterable<Row[]>, opts: ExportQueryOptions): Promise<ExportQuerySummary> {
  const partial = `${opts.out}.${process.pid}.partial`;
  const stream = createWriteStream(partial, { encoding: 'utf8' });
  let streamError: unknown;
  stream.on('error', (err) => (streamError = err));
  const writer = opts.format === 'csv' ? csvWriter(opts.delimiter ?? ',') : jsonWriter();
  let rows = 0;
  try {
    await once(stream, 'open');
    await write(stream, writer.start());
    let header: string[] | undefined;
    for await (const batch of batches) {
      header ??= Object.keys(batch[0]);
      await write(stream, writer.rows(batch, header, rows === 0));
      rows += batch.length;
      opts.onProgress?.(rows);
    }
    await write(stream, writer.end(rows > 0, opts.columns ?? []));
    stream.end();
    await finished(stream);
    await rename(partial, opts.out);
    return { rows, out: opts.out };
  } catch (err) {
    stream.destroy();
    await unlink(partial).catch(() => undefined);
    throw explainQueryError(streamError ?? err);
  }
}

interface Writer {
  start(): string;
  rows(batch: Row[], header: string[], first: boolean): string;
  /** `columns` heads a CSV that got no rows. */
  end(wroteRows: boolean, columns: string[]): string;
}

function csvWriter(delimiter: string): Writer {
  const lines = (records: string[][]) => stringify(records, { delimiter, record_delimiter: '\n' });
  return {
    start: () => '',
    rows: (batch, header, first) => (first ? lines([header]) : '') + lines(batch.map((r) => header.map((k) => toText(r[k])))),
    end: (wroteRows, columns) => (!wroteRows && columns.length > 0 ? lines([columns]) : ''),
  };
}

function jsonWriter(): Writer {
  const record = (r: Row, header: string[]) => JSON.stringify(Object.fromEntries(header.map((k) => [k, toJsonValue(r[k])])), jsonReplacer);
  return {
    start: () => '[',
    rows: (batch, header, first) => (first ? '\n' : ',\n') + batch.map((r) => record(r, header)).join(',\n'),
    end: (wroteRows) => (wroteRows ? '\n]\n' : ']\n'),
  };
}

/** Writes with backpressure so a large export keeps memory flat. */
async function write(stream: WriteStream, chunk: string): Promise<void> {
  if (chunk !== '' && !stream.write(chunk)) await once(stream, 'drain');
}
