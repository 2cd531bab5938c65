// Issue 16, finding 2: timeouts and cancel must not fail open. A role at CONNECTION LIMIT 1 (as when LiteLLM's
// max_connections is exhausted) cannot open the second session the old pg_cancel_backend path needed; the
// protocol's CancelRequest needs none. When even that cannot reach the server, the socket is closed, the user is
// told, and the finite server-side limit of the stream ends the statement.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { openDatabase, type LensDatabase } from '../../src/core/db/database';
import { LensError } from '../../src/core/errors';
import { copyFields } from '../support/copyFields';
import { eventually } from '../support/eventually';
import { activeStatements, stillActive } from '../support/serverActivity';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

const drain = async (stream: AsyncIterable<unknown>) => {
  for await (const _ of stream) void _;
};

/** A TCP proxy to the server that forwards its first connection and then stops listening (refuses the rest). */
async function oneConnectionProxy(target: URL): Promise<{ port: number; close(): void }> {
  const sockets: Socket[] = [];
  const server: Server = createServer((client) => {
    server.close();
    const upstream = connect(Number(target.port), target.hostname);
    sockets.push(client, upstream);
    client.pipe(upstream).pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => {
      server.close();
      sockets.forEach((s) => s.destroy());
    },
  };
}

describe('security: statement limits and cancel on a connection-limited role (real PostgreSQL)', () => {
  let tdb: TestDatabase;
  let role: string;
  let limitedUrl: string;
  let db: LensDatabase;

  before(async () => {
    tdb = await createTestDatabase({ version: '1.83' });
    role = `lens_limited_${randomBytes(3).toString('hex')}`;
    await tdb.admin.query(`CREATE ROLE ${role} LOGIN PASSWORD 'limited-pw' CONNECTION LIMIT 1`);
    const u = new URL(tdb.url);
    u.username = role;
    u.password = 'limited-pw';
    limitedUrl = u.toString();
    db = await openDatabase({ url: limitedUrl, statementTimeoutMs: 1000, poolSize: 1 });
  });
  after(async () => {
    await db?.close();
    await tdb?.admin.query(`DROP ROLE IF EXISTS ${role}`).catch(() => undefined);
    await tdb?.drop();
  });

  test('the role really cannot open a second session', async () => {
    const second = openDatabase({ url: limitedUrl, statementTimeoutMs: 1000 });
    const holder = db.cursor('SELECT pg_sleep(0.5)');
    const first = holder.next();
    await assert.rejects(second, /too many connections|connection limit/i);
    await first.catch(() => undefined);
    await holder.return(undefined);
  });

  for (const kind of ['cursor', 'copyChunks'] as const) {
    test(`${kind}: a 1 s timeout stops pg_sleep(4) on the server after ~1 s`, async () => {
      const started = Date.now();
      const stream = kind === 'cursor' ? db.cursor('SELECT pg_sleep(4)') : db.copyChunks('SELECT pg_sleep(4)');
      await assert.rejects(
        drain(stream),
        (err: unknown) => err instanceof LensError && err.kind === 'timeout' && /stopped by the server/.test(err.message),
      );
      const elapsed = Date.now() - started;
      assert.ok(elapsed < 2500, `returned after ${elapsed} ms`);
      // Well before pg_sleep(4) would end: the backend reports the cancel to the client before it updates its state.
      assert.equal(await stillActive(tdb.admin, 'pg_sleep(4)', 500), 0, 'not running on the server any more');
    });
  }

  test('Cancel (abort) stops a statement on the server at once, with no second session', async () => {
    const other = `${role}_b`;
    await tdb.admin.query(`CREATE ROLE ${other} LOGIN PASSWORD 'limited-pw' CONNECTION LIMIT 1`);
    const u = new URL(limitedUrl);
    u.username = other;
    const untimed = await openDatabase({ url: u.toString(), statementTimeoutMs: 0, poolSize: 1 });
    try {
      const controller = new AbortController();
      const running = untimed.query('SELECT pg_sleep(30)', [], { signal: controller.signal });
      await eventually('pg_sleep to run on the server', async () => (await activeStatements(tdb.admin, 'pg_sleep(30)')) === 1, 2000, 20);
      const started = Date.now();
      controller.abort();
      await assert.rejects(running, (err: unknown) => err instanceof LensError && err.kind === 'cancelled');
      assert.ok(Date.now() - started < 1500, `cancel took ${Date.now() - started} ms`);
      assert.equal(await stillActive(tdb.admin, 'pg_sleep(30)', 500), 0);
      assert.deepEqual((await untimed.query('SELECT 1 AS one')).rows, [{ one: 1 }], 'the session is usable again');
    } finally {
      await untimed.close();
      await tdb.admin.query(`DROP ROLE IF EXISTS ${other}`).catch(() => undefined);
    }
  });

  test('every statement has a finite server-side limit, streams included (per-fetch bound kept client-side)', async () => {
    const settings = "SELECT current_setting('statement_timeout') AS st, current_setting('idle_in_transaction_session_timeout') AS idle";
    assert.deepEqual((await db.query(settings)).rows, [{ st: '1s', idle: '0' }]);
    const viaCursor: unknown[] = [];
    for await (const batch of db.cursor(settings)) viaCursor.push(...batch);
    assert.deepEqual(viaCursor, [{ st: '1h', idle: '1h' }]);
    const viaCopy: unknown[] = [];
    for await (const row of copyFields(db, settings)) viaCopy.push(row);
    assert.deepEqual(viaCopy, [['1h', '1h']]);
  });
});

describe('security: when CancelRequest cannot reach the server (real PostgreSQL)', () => {
  let tdb: TestDatabase;
  before(async () => {
    tdb = await createTestDatabase({ version: '1.83' });
  });
  after(async () => {
    await tdb?.drop();
  });

  test('the socket is destroyed, the user is told, and the stream limit ends the statement on the server', async () => {
    const server = new URL(tdb.url);
    const proxy = await oneConnectionProxy(server);
    const viaProxy = new URL(tdb.url);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    const db = await openDatabase({ url: viaProxy.toString(), statementTimeoutMs: 1000, streamTimeoutMs: 3000, poolSize: 1 });
    try {
      const started = Date.now();
      await assert.rejects(drain(db.cursor('SELECT pg_sleep(30)')), (err: unknown) => {
        assert.ok(err instanceof LensError, String(err));
        assert.equal(err.kind, 'timeout');
        assert.match(err.message, /could not be asked to stop it .*connection was closed instead.*at the latest after 3 s/);
        return true;
      });
      assert.ok(Date.now() - started < 7000, 'the caller is not left waiting for the statement');
      assert.equal(await stillActive(tdb.admin, 'pg_sleep(30)', 6000), 0, 'the server-side stream limit ended it');
    } finally {
      await db.close();
      proxy.close();
    }
  });
});
