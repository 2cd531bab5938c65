import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { basename, dirname, join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { Row } from '../db/database';
import type { ResultColumn } from './types';

/** Columns plus row batches: what `streamAnalysis` returns and what the writers consume. */
export interface RowSource {
  columns: ResultColumn[];
  batches: AsyncIterable<Row[]>;
}

export interface WriteSummary {
  rows: number;
}

async function put(out: NodeJS.WritableStream, chunk: string): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

// Spreadsheet-friendly text: ISO instants, true/false, JSON for jsonb and arrays.
const CSV_CAST = {
  boolean: (v: boolean) => (v ? 'true' : 'false'),
  date: (v: Date) => v.toISOString(),
  object: (v: object) => (Buffer.isBuffer(v) ? `\\x${v.toString('hex')}` : JSON.stringify(v)),
};

/** Streams CSV (header row first, RFC 4180 quoting) to `out`, one batch at a time. */
export async function pipeCsv(out: NodeJS.WritableStream, source: RowSource): Promise<WriteSummary> {
  const names = source.columns.map((c) => c.name);
  let rows = 0;
  let header = names.length > 0;
  if (header) await put(out, stringify([names]));
  for await (const batch of source.batches) {
    if (batch.length === 0) continue;
    if (!header) {
      // Undescribed statements: the first row names the columns.
      names.push(...Object.keys(batch[0]));
      await put(out, stringify([names]));
      header = true;
    }
    await put(out, stringify(batch.map((row) => names.map((n) => row[n])), { cast: CSV_CAST }));
    rows += batch.length;
  }
  return { rows };
}

/** Streams a JSON array of row objects to `out`, one row per line. */
export async function pipeJson(out: NodeJS.WritableStream, source: RowSource): Promise<WriteSummary> {
  let rows = 0;
  await put(out, '[');
  for await (const batch of source.batches) {
    if (batch.length === 0) continue;
    await put(out, batch.map((row, i) => `${rows + i === 0 ? '\n' : ',\n'}${JSON.stringify(row)}`).join(''));
    rows += batch.length;
  }
  await put(out, rows === 0 ? ']\n' : '\n]\n');
  return { rows };
}

/** Writes through a temp file in the target folder and renames it on success; a failure leaves no partial file. */
async function writeAtomically(file: string, write: (out: NodeJS.WritableStream) => Promise<WriteSummary>): Promise<WriteSummary & { path: string }> {
  const tmp = join(dirname(file), `.${basename(file)}.${randomBytes(4).toString('hex')}.tmp`);
  const out = createWriteStream(tmp, { flags: 'wx' });
  // Keep the first stream error: it may arrive while no one awaits the stream (and must not go uncaught).
  let failure: unknown;
  out.on('error', (err) => (failure ??= err));
  try {
    await once(out, 'open');
    const summary = await write(out);
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    if (failure) throw failure;
    await rename(tmp, file);
    return { ...summary, path: file };
  } catch (err) {
    out.destroy();
    await rm(tmp, { force: true });
    throw err;
  }
}

export function writeCsv(file: string, source: RowSource): Promise<WriteSummary & { path: string }> {
  return writeAtomically(file, (out) => pipeCsv(out, source));
}

export function writeJson(file: string, source: RowSource): Promise<WriteSummary & { path: string }> {
  return writeAtomically(file, (out) => pipeJson(out, source));
}
