import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { openDatabase } from '../../src/core/db/database';
import { startDemoServer } from '../../src/core/demo/server';
import { LensError } from '../../src/core/errors';
import { connectInputFor, DEMO_TARGET, envTarget, profileTarget } from '../../src/extension/logic/connectTarget';
import { LensSession } from '../../src/extension/logic/lensSession';
import { outlineSchema } from '../../src/extension/logic/schemaOutline';
import { eventually } from '../support/eventually';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

const defaults = { statementTimeout: 10, applicationName: 'lens-ext-session' };

describe('extension session: connect, introspect, switch, disconnect (real PostgreSQL)', () => {
  let recent: TestDatabase;
  let early: TestDatabase;

  before(async () => {
    [recent, early] = await Promise.all([createTestDatabase({ version: '1.83' }), createTestDatabase({ version: 'early-2025' })]);
  });
  after(async () => {
    await recent?.drop();
    await early?.drop();
  });

  const backends = async (db: TestDatabase) => {
    const { rows } = await db.admin.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'lens-ext-session' AND datname = $1`,
      [db.name],
    );
    return rows[0].n as number;
  };
  /** Backends leave pg_stat_activity shortly after their client hangs up. */
  const noBackendsLeft = async (db: TestDatabase) => {
    await eventually('the backends to leave', async () => (await backends(db)) === 0, 5000).catch(() => undefined);
    return backends(db);
  };

  test('connecting through the env-var target reports version and LiteLLM generation; the schema tree is built from it', async () => {
    const session = new LensSession();
    let changes = 0;
    session.onDidChange(() => changes++);
    const target = envTarget('LENS_TEST_URL');
    const info = await session.connect(target, async () => ({
      db: await openDatabase(connectInputFor(target, defaults, { env: { LENS_TEST_URL: recent.url } })),
    }));
    assert.equal(info.generation, '1.83');
    assert.equal(info.isLiteLLM, true);
    assert.equal(info.tableCount, 57);
    assert.match(info.serverVersion, /^1[5-9]\.\d+$/);
    assert.doesNotMatch(info.display, /:\/\/[^@]*:[^*@]+@/, 'display has no password');
    assert.equal(changes, 1);
    const groups = outlineSchema(session.model);
    assert.deepEqual(
      groups.map((g) => g.group),
      ['users', 'teams & orgs', 'spend', 'config', 'audit'],
    );
    const logs = groups.find((g) => g.group === 'spend')!.tables.find((t) => t.name === 'LiteLLM_SpendLogs')!;
    assert.equal(logs.columns.find((c) => c.name === 'request_id')!.role, 'primary');
    assert.equal(logs.columns.find((c) => c.name === 'api_key')!.role, 'logical');
    assert.match(logs.rowEstimate, /^~\d+(\.\d)?k? rows$/);
    const membership = groups.find((g) => g.group === 'teams & orgs')!.tables.find((t) => t.name === 'LiteLLM_TeamMembership')!;
    assert.equal(membership.columns.find((c) => c.name === 'budget_id')!.role, 'foreign');
    assert.ok((await backends(recent)) > 0);
    await session.disconnect();
    assert.equal(session.info, undefined);
    assert.equal(changes, 2);
    assert.equal(await noBackendsLeft(recent), 0, 'disconnect closes the pool');
    assert.throws(
      () => session.db,
      (err: unknown) => err instanceof LensError && /Not connected/.test(err.message),
    );
  });

  test('switching connections closes the previous pool; a failed connect keeps the current one', async () => {
    const session = new LensSession();
    const open = (url: string) => async () => ({ db: await openDatabase({ ...defaults, url, env: {}, statementTimeoutMs: 10_000 }) });
    await session.connect(profileTarget({ name: 'recent', url: recent.url }), open(recent.url));
    await session.connect(profileTarget({ name: 'early', url: early.url }), open(early.url));
    assert.equal(session.info?.generation, 'early-2025');
    assert.equal(await noBackendsLeft(recent), 0);
    const missing = new URL(recent.url);
    missing.pathname = '/lens_does_not_exist';
    await assert.rejects(
      session.connect(profileTarget({ name: 'gone', url: missing.toString() }), open(missing.toString())),
      (err: unknown) => err instanceof LensError && err.kind === 'connection' && /does not exist/.test(err.message),
    );
    assert.equal(session.info?.target.label, 'early');
    await session.disconnect();
    assert.equal(await noBackendsLeft(early), 0);
  });

  test('a database without LiteLLM tables connects but says so', async () => {
    const admin = new pg.Client({ connectionString: recent.url });
    await admin.connect();
    const { rows } = await admin.query('SELECT current_database() AS d');
    await admin.end();
    const url = new URL(recent.url);
    url.pathname = '/postgres';
    const session = new LensSession();
    const info = await session.connect(profileTarget({ name: 'plain', url: url.toString() }), async () => ({
      db: await openDatabase({ ...defaults, url: url.toString(), env: {} }),
    }));
    assert.equal(rows[0].d, recent.name);
    assert.equal(info.isLiteLLM, false);
    assert.throws(
      () => session.capabilities.requireLiteLLM('postgres'),
      (err: unknown) => err instanceof LensError && err.kind === 'schema',
    );
    await session.disconnect();
  });

  test('the demo database opens through the session and disconnect stops its server', async () => {
    const server = await startDemoServer({});
    const session = new LensSession();
    const info = await session.connect(DEMO_TARGET, async () => ({
      db: await openDatabase({ url: server.url, env: {}, applicationName: 'lens-ext-demo' }),
      release: () => server.close(),
    }));
    assert.equal(info.isLiteLLM, true);
    assert.equal(info.generation, '029f645f');
    const port = Number(new URL(server.url).port);
    assert.equal(await canConnect(port), true);
    await session.disconnect();
    assert.equal(await canConnect(port), false, 'the demo server no longer listens');
  });
});

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
