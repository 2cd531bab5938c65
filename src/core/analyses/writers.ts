import type { Row } from '../db/database';
import { streamSink, type TextSink, writeAtomically } from '../files/atomicFile';
import { CsvEncoding } from '../files/csv';
import { JSON_ARRAY, jsonRecord } from '../files/json';
import { valueText } from '../files/valueText';
import type { ResultColumn } from './types';

/** Columns plus row batches: what `streamAnalysis` returns and what the writers consume. */
export interface RowSource {
  columns: ResultColumn[];
  batches: AsyncIterable<Row[]>;
}

export interface WriteSummary {
  rows: number;
}

/** Human-facing CSV: a person opens it in a spreadsheet, so formulas are escaped. */
const CSV = new CsvEncoding({ escapeFormulas: true });

async function csvTo(out: TextSink, source: RowSource): Promise<WriteSummary> {
  const names = source.columns.map((c) => c.name);
  let rows = 0;
  let header = names.length > 0;
  if (header) await out.write(CSV.records([names]));
  for await (const batch of source.batches) {
    if (batch.length === 0) continue;
    if (!header) {
      // Undescribed statements: the first row names the columns.
      names.push(...Object.keys(batch[0]));
      await out.write(CSV.records([names]));
      header = true;
    }
    await out.write(CSV.records(batch.map((row) => names.map((n) => valueText(row[n])))));
    rows += batch.length;
  }
  return { rows };
}

async function jsonTo(out: TextSink, source: RowSource): Promise<WriteSummary> {
  let rows = 0;
  await out.write(JSON_ARRAY.start);
  for await (const batch of source.batches) {
    if (batch.length === 0) continue;
    await out.write(
      JSON_ARRAY.rows(
        batch.map((row) => jsonRecord(row, Object.keys(row))),
        rows,
      ),
    );
    rows += batch.length;
  }
  await out.write(JSON_ARRAY.end(rows));
  return { rows };
}

/** Streams CSV (header row first, RFC 4180 quoting, formulas escaped) to `out`, one batch at a time. */
export function pipeCsv(out: NodeJS.WritableStream, source: RowSource): Promise<WriteSummary> {
  return csvTo(streamSink(out), source);
}

/** Streams a JSON array of row objects to `out`, one row per line. */
export function pipeJson(out: NodeJS.WritableStream, source: RowSource): Promise<WriteSummary> {
  return jsonTo(streamSink(out), source);
}

export async function writeCsv(file: string, source: RowSource): Promise<WriteSummary & { path: string }> {
  return writeAtomically(file, async (f) => ({ ...(await csvTo(f, source)), path: f.target }));
}

export async function writeJson(file: string, source: RowSource): Promise<WriteSummary & { path: string }> {
  return writeAtomically(file, async (f) => ({ ...(await jsonTo(f, source)), path: f.target }));
}
