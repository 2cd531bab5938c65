/**
 * Dry-run output: each request body, byte for byte as it would be sent, in its own file, named in sending
 * order (`0001_2024-08_batch-01.json`), each through the atomic writer so a partial file never looks complete.
 */
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { LensError } from '../errors';
import { writeTextFile } from '../files/atomicFile';
import type { AnycostBatch } from './anycostBatcher';

/** Creates the folder; refuses one that already holds files, so bodies of two runs are never mixed. */
export async function prepareDryRunDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const entries = await readdir(dir);
  if (entries.length > 0) {
    throw new LensError('usage', `The dry-run folder ${dir} is not empty.`, 'Name a new or empty folder for the request bodies.');
  }
}

/** Writes one body; returns the file's path. `sequence` is the 1-based position in the whole run. */
export async function writeDryRunBody(dir: string, sequence: number, batch: AnycostBatch): Promise<string> {
  const name = `${String(sequence).padStart(4, '0')}_${batch.month}_batch-${String(batch.index).padStart(2, '0')}.json`;
  const file = join(dir, name);
  await writeTextFile(file, batch.body);
  return file;
}
