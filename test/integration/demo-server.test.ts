import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { startDemoServer, type DemoServer } from '../../src/core/demo/server';

describe('PGlite demo server', () => {
  let server: DemoServer;

  before(async () => {
    server = await startDemoServer({ endDate: '2026-10-31', days: 21, requestsPerDay: 60, retentionDays: 14 });
  });
  after(async () => {
    await server?.close();
  });

  test('serves the seeded database to pg over its URL', async () => {
    assert.match(server.url, /^postgresql:\/\/postgres@127\.0\.0\.1:\d+\/postgres\?sslmode=disable$/);
    assert.equal(server.summary.version, '029f645f');
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    try {
      const logs = await client.query('SELECT count(*)::int AS n FROM "LiteLLM_SpendLogs" WHERE "startTime" >= $1', [
        `${server.summary.retentionFrom} 00:00:00`,
      ]);
      assert.equal(logs.rows[0].n, server.summary.spendLogsRows);
      const tables = await client.query(
        `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
      );
      assert.equal(tables.rows[0].n, 64);
      const version = await client.query('SHOW server_version_num');
      assert.ok(Number(version.rows[0].server_version_num) >= 150000);
    } finally {
      await client.end();
    }
  });

  test('two clients can query at the same time', async () => {
    const clients = [new pg.Client({ connectionString: server.url }), new pg.Client({ connectionString: server.url })];
    await Promise.all(clients.map((c) => c.connect()));
    try {
      const sums = await Promise.all(
        clients.flatMap((c, i) =>
          Array.from({ length: 10 }, (_, j) =>
            c.query('SELECT $1::int AS tag, count(*)::int AS n FROM "LiteLLM_DailyUserSpend" WHERE date >= $2', [
              i * 100 + j,
              server.summary.from,
            ]),
          ),
        ),
      );
      sums.forEach((r, k) => {
        assert.equal(r.rows[0].tag, Math.floor(k / 10) * 100 + (k % 10));
        assert.equal(r.rows[0].n, server.summary.tables.LiteLLM_DailyUserSpend);
      });
    } finally {
      await Promise.all(clients.map((c) => c.end()));
    }
  });
});
