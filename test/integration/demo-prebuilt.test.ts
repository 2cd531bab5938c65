import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDemoDatabase } from '../../src/core/demo/open';
import { writePrebuilt, type PrebuiltManifest } from '../../src/core/demo/prebuilt';
import { startDemoServer, type DemoServer } from '../../src/core/demo/server';
import { watchEventLoop } from '../support/eventLoop';

const SMALL = { endDate: '2026-10-31', days: 21, requestsPerDay: 60, retentionDays: 14 };

/** Every table's rows as one fingerprint: row count and md5 of the rows' text in a fixed order. */
async function fingerprint(url: string): Promise<Record<string, string>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows: tables } = await client.query<{ t: string }>(
      `SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`,
    );
    const out: Record<string, string> = {};
    for (const { t } of tables) {
      const {
        rows: [r],
      } = await client.query<{ n: string; h: string | null }>(
        `SELECT count(*) AS n, md5(string_agg(x::text, '|' ORDER BY x::text)) AS h FROM "${t}" x`,
      );
      out[t] = `${r.n}:${r.h}`;
    }
    return out;
  } finally {
    await client.end();
  }
}

describe('prebuilt demo database', () => {
  let dir: string;
  let generated: DemoServer;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lens-demo-prebuilt-'));
    generated = await startDemoServer({ ...SMALL, prebuiltDir: null });
    const { db, summary } = await openDemoDatabase('029f645f', SMALL, undefined);
    try {
      await writePrebuilt(dir, db, '029f645f', SMALL, summary);
    } finally {
      await db.close();
    }
  });
  after(async () => {
    await generated?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the event-loop watcher sees a thread held by JavaScript', () => {
    const watch = watchEventLoop();
    const start = process.cpuUsage();
    while (process.cpuUsage(start).user < 120_000) Math.sqrt(Math.random());
    assert.ok(watch.stop().longestBusyMs >= 80);
  });

  test('opening it loads the data directory: the same rows and summary as seeding', async () => {
    assert.equal(generated.origin, 'generated');
    const watch = watchEventLoop();
    const started = performance.now();
    const server = await startDemoServer({ ...SMALL, prebuiltDir: dir });
    const openMs = performance.now() - started;
    const loop = watch.stop();
    try {
      assert.equal(server.origin, 'prebuilt');
      assert.deepEqual(server.summary, generated.summary);
      const [loaded, seeded] = [await fingerprint(server.url), await fingerprint(generated.url)];
      assert.equal(Object.keys(loaded).length, 64);
      assert.deepEqual(loaded, seeded);
      console.log(
        `prebuilt demo opened in ${openMs.toFixed(0)} ms; longest main-thread stretch ${loop.longestBusyMs.toFixed(1)} ms, longest timer delay ${loop.maxDelayMs.toFixed(0)} ms`,
      );
      assert.ok(loop.longestBusyMs < 50, `the caller's event loop was blocked ${loop.longestBusyMs.toFixed(1)} ms at a time`);
    } finally {
      await server.close();
    }
  });

  test('seeding (no prebuilt fits) runs off the calling thread too', async () => {
    const watch = watchEventLoop();
    const server = await startDemoServer({ ...SMALL, seed: 7, prebuiltDir: dir });
    const loop = watch.stop();
    await server.close();
    assert.equal(server.origin, 'generated', 'another seed is other data');
    assert.ok(loop.longestBusyMs < 50, `the caller's event loop was blocked ${loop.longestBusyMs.toFixed(1)} ms at a time`);
  });

  test('a prebuilt made by other demo sources is never loaded', async () => {
    const stale = mkdtempSync(join(tmpdir(), 'lens-demo-stale-'));
    try {
      cpSync(dir, stale, { recursive: true });
      const file = readdirSync(stale).find((f) => f.endsWith('.json'))!;
      const manifest = JSON.parse(readFileSync(join(stale, file), 'utf8')) as PrebuiltManifest;
      writeFileSync(join(stale, file), JSON.stringify({ ...manifest, sourceHash: `${manifest.sourceHash.slice(1)}0` }));
      const server = await startDemoServer({ ...SMALL, prebuiltDir: stale });
      await server.close();
      assert.equal(server.origin, 'generated');
    } finally {
      rmSync(stale, { recursive: true, force: true });
    }
  });

  test('without an end date the latest prebuilt period is served; with another end date it is not', async () => {
    const { endDate: _endDate, ...undated } = SMALL;
    const latest = await startDemoServer({ ...undated, prebuiltDir: dir });
    await latest.close();
    assert.equal(latest.origin, 'prebuilt');
    assert.equal(latest.summary.to, SMALL.endDate);
    const other = await startDemoServer({ ...SMALL, endDate: '2026-10-30', prebuiltDir: dir });
    await other.close();
    assert.equal(other.origin, 'generated');
    assert.equal(other.summary.to, '2026-10-30');
  });
});
