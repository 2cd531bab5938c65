import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { openDatabase, type LensDatabase } from '../../src/core/db/database';
import { LensError } from '../../src/core/errors';
import { copyFields } from '../support/copyFields';
import { eventually } from '../support/eventually';
import { activeStatements, stillActive } from '../support/serverActivity';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

describe('read-only session against real PostgreSQL', () => {
  let tdb: TestDatabase;
  let db: LensDatabase;

  before(async () => {
    tdb = await createTestDatabase({ version: '1.83' });
    db = await openDatabase({ url: tdb.url, statementTimeoutMs: 1500, applicationName: 'lens-session-test' });
  });
  after(async () => {
    await db?.close();
    await tdb?.drop();
  });

  test('session is read-only and named', async () => {
    assert.equal(db.server.readOnly, true);
    const { rows } = await db.query<{ ro: string; app: string; timeout: string }>(
      `SELECT current_setting('transaction_read_only') AS ro, current_setting('application_name') AS app, current_setting('statement_timeout') AS timeout`,
    );
    assert.deepEqual(rows[0], { ro: 'on', app: 'lens-session-test', timeout: '1500ms' });
  });

  test('queries and streams plan aggregates with 32 MB work_mem, hash tables of 4x that, and no JIT', async () => {
    // database.ts beginReadOnly: the attribution's grouped scans stay hashed when the planner overestimates groups.
    const sql = `SELECT current_setting('work_mem') AS work_mem, current_setting('hash_mem_multiplier') AS hash, current_setting('jit') AS jit`;
    const expected = { work_mem: '32MB', hash: '4', jit: 'off' };
    assert.deepEqual((await db.query(sql)).rows, [expected]);
    const streamed: unknown[] = [];
    for await (const batch of db.cursor(sql)) streamed.push(...batch);
    assert.deepEqual(streamed, [expected]);
  });

  for (const [label, sql] of [
    ['INSERT', `INSERT INTO "LiteLLM_Config" (param_name, param_value) VALUES ('lens_probe', '{}')`],
    ['UPDATE', `UPDATE "LiteLLM_UserTable" SET spend = spend + 1`],
    ['DELETE', `DELETE FROM "LiteLLM_SpendLogs"`],
    ['DDL', `CREATE TABLE lens_probe (id int)`],
    ['escape attempt', `SET default_transaction_read_only = off`],
  ] as const) {
    test(`${label} is refused with a clear read-only error and nothing changes`, async () => {
      const before = await tdb.admin.query(
        `SELECT (SELECT sum(spend) FROM "LiteLLM_UserTable") AS s, (SELECT count(*) FROM "LiteLLM_SpendLogs") AS n, (SELECT count(*) FROM "LiteLLM_Config") AS c`,
      );
      if (label === 'escape attempt') {
        // Even after SET inside the wrapper transaction, the next statement is still read-only.
        await db.query(sql);
        await assert.rejects(
          db.query(`UPDATE "LiteLLM_UserTable" SET spend = 0`),
          (err: unknown) => err instanceof LensError && err.kind === 'readonly',
        );
      } else {
        await assert.rejects(db.query(sql), (err: unknown) => {
          assert.ok(err instanceof LensError);
          assert.equal(err.kind, 'readonly');
          assert.match(err.message, /read-only/);
          return true;
        });
      }
      const afterRows = await tdb.admin.query(
        `SELECT (SELECT sum(spend) FROM "LiteLLM_UserTable") AS s, (SELECT count(*) FROM "LiteLLM_SpendLogs") AS n, (SELECT count(*) FROM "LiteLLM_Config") AS c`,
      );
      assert.deepEqual(afterRows.rows, before.rows);
      const probe = await tdb.admin.query(`SELECT to_regclass('lens_probe') AS t`);
      assert.equal(probe.rows[0].t, null);
    });
  }

  test('a COMMIT smuggled into one statement cannot leave the read-only transaction', async () => {
    await assert.rejects(db.query(`COMMIT; UPDATE "LiteLLM_UserTable" SET spend = 0`), LensError);
    const { rows } = await tdb.admin.query(`SELECT count(*)::int AS n FROM "LiteLLM_UserTable" WHERE spend = 0`);
    const { rows: total } = await tdb.admin.query(`SELECT count(*)::int AS n FROM "LiteLLM_UserTable"`);
    assert.ok(rows[0].n < total[0].n, 'spend counters were not zeroed');
  });

  const activeSleepers = () => activeStatements(tdb.admin, 'pg_sleep(30)');

  test('a query exceeding statement_timeout stops server-side', async () => {
    const started = Date.now();
    await assert.rejects(
      db.query('SELECT pg_sleep(30)'),
      (err: unknown) => err instanceof LensError && err.kind === 'timeout' && /statement_timeout/.test(err.message),
    );
    assert.ok(Date.now() - started < 10_000);
    assert.equal(await stillActive(tdb.admin, 'pg_sleep(30)'), 0);
  });

  test('a cancelled query stops server-side (pg_cancel_backend from a second connection)', async () => {
    const long = await openDatabase({ url: tdb.url, statementTimeoutMs: 0 });
    try {
      const controller = new AbortController();
      const running = long.query('SELECT pg_sleep(30)', [], { signal: controller.signal });
      await eventually('the query to run on the server', async () => (await activeSleepers()) === 1, 2500);
      controller.abort();
      await assert.rejects(running, (err: unknown) => err instanceof LensError && err.kind === 'cancelled');
      assert.equal(await stillActive(tdb.admin, 'pg_sleep(30)'), 0);
    } finally {
      await long.close();
    }
  });

  test('cursor streams in batches and cancels mid-stream', async () => {
    let rows = 0;
    let batches = 0;
    for await (const batch of db.cursor('SELECT g FROM generate_series(1, 5000) g', [], { batchSize: 1000 })) {
      rows += batch.length;
      batches++;
    }
    assert.equal(rows, 5000);
    assert.equal(batches, 5);
    const controller = new AbortController();
    await assert.rejects(
      (async () => {
        for await (const batch of db.cursor('SELECT g FROM generate_series(1, 100000) g', [], {
          batchSize: 100,
          signal: controller.signal,
        })) {
          if (batch.length) controller.abort();
        }
      })(),
      (err: unknown) => err instanceof LensError && err.kind === 'cancelled',
    );
  });

  test('copyChunks streams COPY bytes whose fields equal what the driver reads, NULL apart from empty and \\N', async () => {
    const sql = `SELECT * FROM (VALUES (E'tab\\there', E'new\\nline\\r', E'back\\\\slash', '\\N', NULL, '', 'Zoë 😀 ✓', 42::int8, $1::text)) v(a, b, c, d, e, f, g, h, i)`;
    const { rows } = await db.query(sql, ["it's"]);
    const copied: unknown[][] = [];
    for await (const row of copyFields(db, sql, ["it's"])) copied.push(row);
    assert.deepEqual(copied, [Object.values(rows[0]).map((v) => (v === null ? null : String(v)))]);
    assert.deepEqual(copied[0].slice(0, 6), ['tab\there', 'new\nline\r', 'back\\slash', '\\N', null, '']);
    let bytes = 0;
    let chunks = 0;
    for await (const chunk of db.copyChunks('SELECT g, md5(g::text) FROM generate_series(1, 20000) g')) {
      bytes += chunk.length;
      chunks++;
    }
    let expected = 0;
    for (let g = 1; g <= 20000; g++) expected += `${g}\t`.length + 32 + 1; // g, tab, md5 hex, newline
    assert.equal(bytes, expected);
    assert.ok(chunks >= 10, `${chunks} chunks`);
  });

  test('copyChunks is read-only and runs exactly one statement', async () => {
    const count = async () => (await tdb.admin.query('SELECT count(*)::int AS n FROM "LiteLLM_SpendLogs"')).rows[0].n as number;
    const before = await count();
    const drain = async (sql: string) => {
      for await (const _ of db.copyChunks(sql)) void _;
    };
    await assert.rejects(drain(`WITH d AS (DELETE FROM "LiteLLM_SpendLogs" RETURNING 1) SELECT * FROM d`), LensError);
    // A write hidden in a function runs only when the COPY does (not when its query is planned): the read-only
    // transaction refuses it.
    await tdb.admin.query(
      `CREATE FUNCTION lens_hidden_write() RETURNS int LANGUAGE sql VOLATILE AS $$ DELETE FROM "LiteLLM_SpendLogs" RETURNING 1 $$`,
    );
    try {
      await assert.rejects(drain('SELECT lens_hidden_write()'), (err: unknown) => err instanceof LensError && err.kind === 'readonly');
    } finally {
      await tdb.admin.query('DROP FUNCTION lens_hidden_write()');
    }
    // A second statement smuggled past COPY's parenthesis is refused before anything runs.
    await assert.rejects(
      drain(`SELECT 1) TO STDOUT; COMMIT; BEGIN READ WRITE; DELETE FROM "LiteLLM_SpendLogs"; COMMIT; COPY (SELECT 1`),
      LensError,
    );
    assert.equal(await count(), before);
    assert.deepEqual((await db.query(`SELECT current_setting('transaction_read_only') AS ro`)).rows, [{ ro: 'on' }]);
  });

  test('copyChunks: a consumer that stops early, or cancels, leaves no COPY running and the pool usable', async () => {
    const big = "SELECT g, repeat('x', 200) FROM generate_series(1, 2000000) g";
    for await (const chunk of db.copyChunks(big)) {
      assert.ok(chunk.length > 0);
      break;
    }
    assert.equal(await stillActive(tdb.admin, 'generate_series(1, 2000000)'), 0);
    const controller = new AbortController();
    await assert.rejects(
      (async () => {
        for await (const chunk of db.copyChunks(big, [], { signal: controller.signal })) if (chunk.length) controller.abort();
      })(),
      (err: unknown) => err instanceof LensError && err.kind === 'cancelled',
    );
    assert.equal(await stillActive(tdb.admin, 'generate_series(1, 2000000)'), 0);
    assert.deepEqual((await db.query('SELECT 1 AS one')).rows, [{ one: 1 }]);
  });

  test(
    'a backend terminated mid-stream ends a cursor and a COPY with a connection error, and the pool recovers',
    { timeout: 60_000 },
    async () => {
      const sql = "SELECT g, repeat('x', 200) FROM generate_series(1, 2000000) g";
      // Its own pool without the suite's 1.5 s statement timeout: on a loaded machine a fetch may take longer, and a
      // timeout would end the stream before the kill this test is about.
      const own = await openDatabase({ url: tdb.url, statementTimeoutMs: 0, applicationName: 'lens-session-test' });
      try {
        const streams = { cursor: () => own.cursor(sql, [], { batchSize: 100 }), copy: () => own.copyChunks(sql) };
        for (const [name, open] of Object.entries(streams)) {
          let terminated = 0;
          let seen: unknown;
          await assert
            .rejects(
              (async () => {
                for await (const _ of open()) {
                  void _;
                  if (terminated > 0) continue;
                  // Between fetches a cursor's backend is idle in transaction; a COPY's is active. A pooled connection the
                  // previous test left idle shows the same last query text, so plain 'idle' backends are excluded.
                  // OFFSET 0: the backends are chosen before any is terminated (the planner may order quals so that
                  // pg_terminate_backend runs before the pid test, on this very backend).
                  const { rows } = await tdb.admin
                    .query(`SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS n FROM (SELECT pid FROM pg_stat_activity
              WHERE datname = current_database() AND pid <> pg_backend_pid() AND state IN ('active', 'idle in transaction')
              AND strpos(query, 'generate_series(1, 2000000)') > 0 OFFSET 0) s`);
                  terminated = rows[0].n;
                }
              })(),
              (err: unknown) => ((seen = err), err instanceof LensError && err.kind === 'connection'),
              name,
            )
            .catch((failure: Error) => {
              throw new Error(
                `${name}: ${failure.message}; terminated ${terminated}; error ${String(seen)} (${(seen as LensError)?.kind})`,
              );
            });
          assert.equal(terminated, 1, name);
          assert.deepEqual((await own.query('SELECT 1 AS one')).rows, [{ one: 1 }], name);
        }
      } finally {
        await own.close();
      }
    },
  );

  test('timestamps come back as UTC ISO strings regardless of TZ', async () => {
    const { rows } = await db.query<{ t: string }>(`SELECT '2026-10-01 12:34:56.7'::timestamp(3) AS t`);
    assert.equal(rows[0].t, '2026-10-01T12:34:56.700Z');
  });

  test('the admin fixture client can still write (sanity: the harness is not read-only)', async () => {
    const c = new pg.Client({ connectionString: tdb.url });
    await c.connect();
    await c.query('CREATE TEMP TABLE t (x int)');
    await c.end();
  });
});

describe('cursor timeouts bound server work, not the consumer', () => {
  let tdb: TestDatabase;
  let db: LensDatabase;
  before(async () => {
    tdb = await createTestDatabase({ version: '1.83' });
    db = await openDatabase({ url: tdb.url, statementTimeoutMs: 1000 });
  });
  after(async () => {
    await db?.close();
    await tdb?.drop();
  });

  test('a slow consumer streams past statement_timeout', async () => {
    let rows = 0;
    for await (const batch of db.cursor('SELECT g FROM generate_series(1, 3000) g', [], { batchSize: 1000 })) {
      rows += batch.length;
      await new Promise((r) => setTimeout(r, 600)); // 3 batches x 0.6 s > 1 s timeout
    }
    assert.equal(rows, 3000);
  });

  test('copyChunks: a slow consumer streams past statement_timeout, the server does not wait forever', async () => {
    let rows = 0;
    const started = Date.now();
    for await (const _ of copyFields(db, "SELECT g, repeat('x', 500) FROM generate_series(1, 200000) g")) {
      // ~5 pauses of 0.3 s > 1 s timeout; the server waits on the socket
      if (++rows % 40000 === 0) await new Promise((r) => setTimeout(r, 300));
    }
    assert.equal(rows, 200000);
    assert.ok(Date.now() - started > 1000);
    await assert.rejects(
      (async () => {
        for await (const _ of db.copyChunks('SELECT pg_sleep(30)')) void _;
      })(),
      (err: unknown) => err instanceof LensError && err.kind === 'timeout',
    );
    assert.equal(await stillActive(tdb.admin, 'pg_sleep(30)'), 0);
  });

  test('a fetch that takes longer than statement_timeout on the server is stopped', async () => {
    await assert.rejects(
      (async () => {
        for await (const _ of db.cursor('SELECT pg_sleep(30)', [])) void _;
      })(),
      (err: unknown) => err instanceof LensError && err.kind === 'timeout',
    );
    assert.equal(await stillActive(tdb.admin, 'pg_sleep(30)'), 0);
  });
});
