import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { freePort } from '../support/pgCluster';
import { runCliCapture } from '../support/runCliCapture';
import { createEmptyDatabase, createTestDatabase, testServerUrl, type TestDatabase } from '../support/testDatabase';

const GOOD_SECRET = 'correct-Horse-Battery-9';
const BAD_SECRET = 'Wr0ng-S3cret-Pa55';

describe('CLI connection failures: exit codes, actionable messages, no secrets', () => {
  let tdb: TestDatabase;
  let empty: { url: string; drop(): Promise<void> };
  let port: string;

  before(async () => {
    tdb = await createTestDatabase({ version: '1.83' });
    empty = await createEmptyDatabase();
    port = new URL(await testServerUrl()).port;
    const root = new pg.Client({ connectionString: await testServerUrl() });
    await root.connect();
    await root.query(
      `DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'lens_reader') THEN CREATE ROLE lens_reader LOGIN PASSWORD '${GOOD_SECRET}'; END IF; END $$`,
    );
    await root.query(`GRANT pg_read_all_data TO lens_reader`);
    await root.end();
  });
  after(async () => {
    await tdb?.drop();
    await empty?.drop();
  });

  function assertNoSecret(r: { stdout: string; stderr: string }, secret: string) {
    assert.ok(!r.stdout.includes(secret) && !r.stderr.includes(secret), `secret leaked:\n${r.stdout}\n${r.stderr}`);
    assert.ok(!r.stderr.includes(encodeURIComponent(secret)));
  }

  test('the right password connects and reads the schema as a non-superuser role', async () => {
    const r = await runCliCapture([
      'schema',
      '--json',
      '--db',
      `postgresql://lens_reader:${GOOD_SECRET}@127.0.0.1:${port}/${tdb.name}?sslmode=disable`,
    ]);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.equal(doc.capabilities.generation, '1.83');
    assertNoSecret(r, GOOD_SECRET);
  });

  test('wrong password → exit 3, says authentication failed', async () => {
    const r = await runCliCapture([
      'schema',
      '--json',
      '--db',
      `postgresql://lens_reader:${BAD_SECRET}@127.0.0.1:${port}/${tdb.name}?sslmode=disable`,
    ]);
    assert.equal(r.code, 3);
    assert.match(r.stderr, /Authentication failed for user "lens_reader"/);
    assert.equal(JSON.parse(r.stdout).error.kind, 'auth');
    assertNoSecret(r, BAD_SECRET);
  });

  test('password from DATABASE_URL is never echoed either', async () => {
    const r = await runCliCapture(['schema'], {
      DATABASE_URL: `postgresql://lens_reader:${BAD_SECRET}@127.0.0.1:${port}/${tdb.name}?sslmode=disable`,
    });
    assert.equal(r.code, 3);
    assertNoSecret(r, BAD_SECRET);
  });

  test('unknown host → exit 3 with a host hint', async () => {
    const r = await runCliCapture(['schema', '--db', `postgresql://u:${BAD_SECRET}@no-such-host.invalid:5432/litellm?sslmode=disable`]);
    assert.equal(r.code, 3);
    assert.match(r.stderr, /no-such-host\.invalid/);
    assertNoSecret(r, BAD_SECRET);
  });

  test('closed port → exit 3, connection refused', async () => {
    const closed = await freePort();
    const r = await runCliCapture(['schema', '--db', `postgresql://u:${BAD_SECRET}@127.0.0.1:${closed}/litellm?sslmode=disable`]);
    assert.equal(r.code, 3);
    assert.match(r.stderr, /connection refused/);
    assertNoSecret(r, BAD_SECRET);
  });

  test('a database without LiteLLM tables → exit 4, says where to point', async () => {
    const r = await runCliCapture(['schema', '--db', empty.url]);
    assert.equal(r.code, 4);
    assert.match(r.stderr, /has no LiteLLM tables/);
    assert.match(r.stderr, /DATABASE_URL/);
  });

  test('malformed URL → exit 2 (usage), secret not echoed', async () => {
    const r = await runCliCapture(['schema', '--db', `postgresql://user:${BAD_SECRET}@host:notaport/db`]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Malformed connection string|Invalid port/);
    assertNoSecret(r, BAD_SECRET);
  });

  test('no database at all → exit 2 with the three ways to give one', async () => {
    const r = await runCliCapture(['schema']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--db/);
    assert.match(r.stderr, /DATABASE_URL/);
    assert.match(r.stderr, /--demo/);
  });

  test('unknown flag → exit 2; unknown command → exit 2', async () => {
    assert.equal((await runCliCapture(['schema', '--bogus'])).code, 2);
    assert.equal((await runCliCapture(['frobnicate'])).code, 2);
  });
});

describe('a server that wants a password the user did not give', () => {
  test('missing password → exit 3 (auth), says how to supply it', async () => {
    const port = new URL(await testServerUrl()).port;
    const r = await runCliCapture(['schema', '--json', '--db', `postgresql://lens_reader@127.0.0.1:${port}/postgres?sslmode=disable`]);
    assert.equal(r.code, 3, r.stderr);
    assert.equal(JSON.parse(r.stdout).error.kind, 'auth');
    assert.match(r.stderr, /requires a password/);
  });
});
