// Issue 16, finding 1: a READ ONLY transaction is not a sandbox. Lens reads the connecting role's powers, shows
// them (CLI schema, --json key `role`), drops session advisory locks after each statement, and the README's
// least-privilege role really cannot reach the server's programs or files. Real PostgreSQL, real roles.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { openDatabase } from '../../src/core/db/database';
import { LensError } from '../../src/core/errors';
import { runCliCapture } from '../support/runCliCapture';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

/** The SQL block of the README's "Least-privilege role", with the role name and password made unique. */
function readmeLeastPrivilegeSql(role: string, password: string): string {
  const readme = readFileSync('README.md', 'utf8');
  const block = /```sql\n\s*-- least-privilege role\n([\s\S]*?)```/.exec(readme);
  assert.ok(block, 'the README has the least-privilege SQL block');
  return block[1].replaceAll('litellm_lens', role).replace("'change-me'", `'${password}'`);
}

describe('security: privileged roles are detected and shown; the documented least-privilege role works', () => {
  let tdb: TestDatabase;
  const suffix = randomBytes(3).toString('hex');
  const reader = `lens_reader_${suffix}`;
  const signaller = `lens_signal_${suffix}`;
  const password = `pw-${suffix}`;
  const urlFor = (role: string) => {
    const u = new URL(tdb.url);
    u.username = role;
    u.password = password;
    return u.toString();
  };

  before(async () => {
    tdb = await createTestDatabase({ version: '1.83' });
    await tdb.admin.query(readmeLeastPrivilegeSql(reader, password));
    await tdb.admin.query(
      `CREATE ROLE ${signaller} LOGIN PASSWORD '${password}'; GRANT pg_read_all_data, pg_signal_backend TO ${signaller}`,
    );
  });
  after(async () => {
    await tdb?.admin.query(`DROP ROLE IF EXISTS ${reader}; DROP ROLE IF EXISTS ${signaller}`).catch(() => undefined);
    await tdb?.drop();
  });

  test('the role is read at connect: superuser, a pg_signal_backend member, and the least-privilege reader', async () => {
    for (const [url, expected] of [
      [tdb.url, { name: 'postgres', superuser: true, privileged: true }],
      [urlFor(signaller), { name: signaller, superuser: false, memberOf: ['pg_signal_backend'], privileged: true }],
      [urlFor(reader), { name: reader, superuser: false, memberOf: [], privileged: false }],
    ] as const) {
      const db = await openDatabase({ url });
      try {
        const { role } = db.server;
        assert.equal(role.name, expected.name);
        assert.equal(role.superuser, expected.superuser);
        assert.equal(role.privileged, expected.privileged);
        if ('memberOf' in expected) assert.deepEqual(role.memberOf, expected.memberOf);
      } finally {
        await db.close();
      }
    }
  });

  test('CLI schema: --json gains `role` (existing keys kept); text and stderr say what the role can do', async () => {
    const su = await runCliCapture(['schema', '--db', tdb.url, '--json']);
    assert.equal(su.code, 0, su.stderr);
    const doc = JSON.parse(su.stdout) as Record<string, unknown>;
    for (const key of ['tables', 'groups', 'logicalRelations', 'capabilities', 'role']) assert.ok(key in doc, key);
    assert.deepEqual(doc.role, {
      name: 'postgres',
      superuser: true,
      memberOf: (doc.role as { memberOf: string[] }).memberOf,
      privileged: true,
    });
    assert.match(su.stderr, /warning: the role "postgres" is a superuser .*Least-privilege role/);
    const ro = await runCliCapture(['schema', '--db', urlFor(reader)]);
    assert.equal(ro.code, 0, ro.stderr);
    assert.match(ro.stdout, new RegExp(`Connected as role "${reader}" has no privileges beyond reading`));
    assert.doesNotMatch(ro.stderr, /warning/);
  });

  test('a session advisory lock does not outlive its statement in the pooled session', async () => {
    const db = await openDatabase({ url: tdb.url, poolSize: 1 });
    try {
      await db.query('SELECT pg_advisory_lock(424242)');
      const { rows } = await tdb.admin.query(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND objid = 424242`);
      assert.equal(rows[0].n, 0, 'no advisory lock is held after the statement');
      // The same pooled session is reused: it holds nothing, so another session can take the lock at once.
      assert.deepEqual((await tdb.admin.query('SELECT pg_try_advisory_lock(424242) AS got')).rows, [{ got: true }]);
      await tdb.admin.query('SELECT pg_advisory_unlock(424242)');
    } finally {
      await db.close();
    }
  });

  test('the least-privilege reader reads LiteLLM data but cannot run programs, write files or signal backends', async () => {
    const db = await openDatabase({ url: urlFor(reader) });
    try {
      const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM "LiteLLM_DailyUserSpend"');
      assert.ok(rows[0].n > 0);
      const adminPid = (await tdb.admin.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
      for (const sql of [
        `COPY (SELECT 1) TO PROGRAM 'true'`,
        `COPY (SELECT 1) TO '/tmp/lens-${suffix}'`,
        `SELECT pg_read_file('/etc/hostname')`,
        `SELECT pg_cancel_backend(${adminPid})`,
      ]) {
        await assert.rejects(
          db.query(sql),
          (err: unknown) =>
            err instanceof LensError && /permission|superuser|privilege|read-only|not allowed|must be/i.test(`${err.message}`),
          sql,
        );
      }
    } finally {
      await db.close();
    }
  });
});
