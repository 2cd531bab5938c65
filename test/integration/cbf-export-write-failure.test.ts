// A disk that fails while the export writes (ENOSPC) — the header, a batch written while the next is built, or
// the last batch: the export fails with the disk's error, and neither the file nor its temporary file is left.
import assert from 'node:assert/strict';
import { open, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { exportCbf } from '../../src/core/cbf/export';
import { type EngineFixture, openEngineFixture } from '../support/engineFixture';

describe('CBF export: a failing write loses nothing (real PostgreSQL)', () => {
  let fx: EngineFixture;
  let handleProto: { write: (...args: unknown[]) => Promise<unknown> };
  let realWrite: (...args: unknown[]) => Promise<unknown>;

  before(async () => {
    fx = await openEngineFixture({ version: '1.83' }, 'cbf-write-failure-');
    const probe = await open(join(fx.dir, 'probe'), 'w');
    handleProto = Object.getPrototypeOf(probe) as typeof handleProto;
    realWrite = handleProto.write;
    await probe.close();
  });
  after(async () => {
    if (handleProto) handleProto.write = realWrite;
    await fx?.close();
  });

  const exportTo = (out: string) =>
    exportCbf(fx.db, {
      selection: { source: 'user', profile: 'lens', from: fx.tdb.summary.from, to: fx.tdb.summary.to },
      format: 'csv',
      out,
      capabilities: fx.caps,
      batchSize: 20,
    });

  test('the export writes in several batches (so a failure can meet a write in flight)', async () => {
    let writes = 0;
    handleProto.write = function (this: unknown, ...args: unknown[]) {
      writes++;
      return realWrite.apply(this, args);
    };
    try {
      const summary = await exportTo(join(fx.dir, 'whole.csv'));
      assert.ok(summary.rows > 100, `${summary.rows} rows`);
      assert.ok(writes > 5, `${writes} writes`);
      assert.equal((await readFile(join(fx.dir, 'whole.csv'), 'utf8')).split('\r\n').length, summary.rows + 2);
    } finally {
      handleProto.write = realWrite;
    }
  });

  for (const failAt of ['first', 'third', 'last'] as const) {
    test(`the ${failAt} write fails: the error is the disk's, and no file is left`, async () => {
      const out = join(fx.dir, `fail-${failAt}.csv`);
      const total = await countWrites(() => exportTo(join(fx.dir, `count-${failAt}.csv`)));
      const failing = failAt === 'first' ? 1 : failAt === 'third' ? 3 : total;
      let writes = 0;
      handleProto.write = function (this: unknown, ...args: unknown[]) {
        if (++writes !== failing) return realWrite.apply(this, args);
        // At once: the export is reading the next batch meanwhile, and must not leave the failure unhandled.
        return Promise.reject(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }));
      };
      try {
        await assert.rejects(exportTo(out), (err: NodeJS.ErrnoException) => err.code === 'ENOSPC');
      } finally {
        handleProto.write = realWrite;
      }
      assert.ok(writes >= failing);
      const left = (await readdir(fx.dir)).filter((f) => f.includes(`fail-${failAt}`));
      assert.deepEqual(left, [], 'neither the file nor its temporary file');
    });
  }

  /** How many writes an export makes. */
  async function countWrites(run: () => Promise<unknown>): Promise<number> {
    let writes = 0;
    handleProto.write = function (this: unknown, ...args: unknown[]) {
      writes++;
      return realWrite.apply(this, args);
    };
    try {
      await run();
    } finally {
      handleProto.write = realWrite;
    }
    return writes;
  }
});
