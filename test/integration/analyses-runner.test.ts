import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { requireRunnable } from '../../src/core/analyses/checkRunnable';
import { loadAnalyses } from '../../src/core/analyses/loadAnalyses';
import { selectVariant } from '../../src/core/analyses/optionalParts';
import { parseAnalysis } from '../../src/core/analyses/parseAnalysis';
import { runAnalysis, streamAnalysis } from '../../src/core/analyses/runAnalysis';
import type { Analysis } from '../../src/core/analyses/types';
import { writeCsv, writeJson } from '../../src/core/analyses/writers';
import { openDatabase, type LensDatabase } from '../../src/core/db/database';
import { LensError } from '../../src/core/errors';
import { Capabilities } from '../../src/core/schema/capabilities';
import { introspect } from '../../src/core/schema/introspect';
import { stillActive } from '../support/serverActivity';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

const HOSTILE = `'; DROP TABLE "LiteLLM_SpendLogs"; --`;
const user = (id: string, sql: string): Analysis => parseAnalysis(sql, { id, origin: 'workspace' });
const isKind = (kind: string, pattern: RegExp) => (err: unknown) =>
  err instanceof LensError && err.kind === kind && pattern.test(err.describe());

describe('analysis runner on real PostgreSQL', () => {
  let t: TestDatabase;
  let db: LensDatabase;
  let dir: string;
  const lib = new Map(loadAnalyses({ workspaceDirs: [] }).map((a) => [a.id, a]));
  // 1.83 has every optional part, so the full variant is the one to run.
  const shipped = (id: string): Analysis => selectVariant(lib.get(id) ?? assert.fail(`no analysis ${id}`), new Set());
  const counts = async () =>
    (
      await t.admin.query(
        `SELECT (SELECT count(*) FROM "LiteLLM_SpendLogs")::int AS logs, (SELECT count(*) FROM "LiteLLM_TeamTable")::int AS teams`,
      )
    ).rows[0];

  before(async () => {
    t = await createTestDatabase({ version: '1.83' });
    // A team whose alias is itself the injection attempt: only a bound value can match it exactly.
    await t.admin.query(
      `INSERT INTO "LiteLLM_TeamTable" (team_id, team_alias, members_with_roles, updated_at) VALUES ('hostile-team', $1, '[]', now())`,
      [HOSTILE],
    );
    db = await openDatabase({ url: t.url });
    dir = mkdtempSync(join(tmpdir(), 'lens-runner-'));
  });
  after(async () => {
    await db?.close();
    await t?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('hostile parameter values are bound as values, never executed', async () => {
    const before = await counts();
    const byAlias = user('by-alias', '-- param: alias text\nSELECT team_id, team_alias FROM "LiteLLM_TeamTable" WHERE team_alias = $1');
    const result = await runAnalysis(db, byAlias, { alias: HOSTILE });
    assert.deepEqual(result.rows, [{ team_id: 'hostile-team', team_alias: HOSTILE }]);
    const none = await runAnalysis(db, byAlias, { alias: `x' OR '1'='1` });
    assert.deepEqual(none.rows, []);
    // Typed parameters reject such text before any SQL is sent.
    await assert.rejects(runAnalysis(db, shipped('top-users'), { from: `2026-10-01'; ${HOSTILE}` }), isKind('usage', /is not a date/));
    await assert.rejects(runAnalysis(db, shipped('top-users'), { limit: `1; ${HOSTILE}` }), isKind('usage', /not a whole number/));
    assert.deepEqual(await counts(), before);
  });

  test('writing statements in a user analysis are refused by the read-only session and change nothing', async () => {
    const before = await counts();
    const writes = [
      'DELETE FROM "LiteLLM_SpendLogs"',
      `UPDATE "LiteLLM_TeamTable" SET team_alias = 'pwned'`,
      'DROP TABLE "LiteLLM_SpendLogs"',
      'CREATE TABLE lens_probe (x int)',
      'WITH gone AS (DELETE FROM "LiteLLM_SpendLogs" RETURNING 1) SELECT count(*) FROM gone',
      // Switching the transaction to read-write from inside the statement comes too late.
      `WITH rw AS (SELECT set_config('transaction_read_only', 'off', true) AS v), gone AS (DELETE FROM "LiteLLM_SpendLogs" RETURNING 1) SELECT (SELECT v FROM rw), count(*) FROM gone`,
    ];
    for (const sql of writes) {
      const a = user('writer', `-- name: writer\n${sql}`);
      await assert.rejects(runAnalysis(db, a), isKind('readonly', /read-only/), sql);
      await assert.rejects(
        streamAnalysis(db, a).then(async (s) => {
          for await (const _ of s.batches) void _;
        }),
        isKind('readonly', /read-only/),
        sql,
      );
    }
    // A second statement cannot sneak in behind a first: the file is refused before it reaches the server.
    await assert.rejects(
      runAnalysis(db, user('two', 'SELECT 1; COMMIT; DELETE FROM "LiteLLM_SpendLogs"')),
      isKind('usage', /3 statements/),
    );
    assert.deepEqual(await counts(), before);
    const probe = await t.admin.query(`SELECT to_regclass('lens_probe') AS t`);
    assert.equal(probe.rows[0].t, null);
  });

  test('a missing requirement is a schema error (exit 4) before any SQL runs', async () => {
    const caps = new Capabilities(await introspect(db, 'public'));
    const a = user('future', '-- requires: LiteLLM_DailyToolSpend(spend), LiteLLM_SpendLogs(spend, not_yet)\nSELECT 1');
    assert.throws(
      () => requireRunnable(a, caps),
      (err: unknown) =>
        err instanceof LensError && err.exitCode === 4 && /LiteLLM_DailyToolSpend, LiteLLM_SpendLogs\.not_yet/.test(err.message),
    );
    assert.doesNotThrow(() => requireRunnable(shipped('top-users'), caps));
    assert.throws(() => requireRunnable(user('bad', 'SELECT $2'), caps), isKind('usage', /\$2 is used/));
  });

  test('previews stop at the row cap', async () => {
    const trend = shipped('daily-spend-trend');
    const capped = await runAnalysis(db, trend, { from: '2026-08-03', to: '2026-10-31' }, { maxRows: 10 });
    assert.equal(capped.rows.length, 10);
    assert.equal(capped.truncated, true);
    assert.equal(capped.rows[0].date, '2026-08-03');
    const all = await runAnalysis(db, trend, { from: '2026-08-03', to: '2026-10-31' }, { maxRows: 90 });
    assert.equal(all.rows.length, 90);
    assert.equal(all.truncated, false);
    assert.deepEqual(all.params, { from: '2026-08-03', to: '2026-10-31' });
  });

  test('relative defaults resolve against the given clock', async () => {
    const result = await runAnalysis(db, shipped('daily-spend-trend'), {}, { now: new Date('2026-10-31T18:00:00Z'), maxRows: 100 });
    assert.deepEqual(result.params, { from: '2026-10-01', to: '2026-10-31' });
    assert.equal(result.rows.length, 31);
    const [daily] = (
      await t.admin.query(`SELECT SUM(spend) AS s FROM "LiteLLM_DailyUserSpend" WHERE "date" BETWEEN '2026-10-01' AND '2026-10-31'`)
    ).rows;
    const sum = result.rows.reduce((s, r) => s + Number(r.spend), 0);
    assert.ok(Math.abs(sum - Number(daily.s)) < 1e-9);
  });

  test('a running analysis is cancelled on the server when the signal aborts', async () => {
    const slow = user('slow', 'SELECT pg_sleep(30) AS slept');
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 300);
    await assert.rejects(runAnalysis(db, slow, {}, { signal: controller.signal }), isKind('cancelled', /cancel/i));
    assert.ok(Date.now() - started < 10_000, 'stopped long before pg_sleep(30) ended');
    assert.equal(await stillActive(t.admin, 'pg_sleep(30)'), 0);
  });

  test('exports stream every row to CSV and JSON files', async () => {
    const detail = shipped('transaction-detail');
    const params = { from: '2026-09-02', to: '2026-10-31', limit: '1000000' };
    const [{ n }] = (
      await t.admin.query(
        `SELECT count(*)::int AS n FROM "LiteLLM_SpendLogs" WHERE "startTime" >= '2026-09-02' AND "startTime" < '2026-11-01'`,
      )
    ).rows;
    const csvFile = join(dir, 'detail.csv');
    const csv = await writeCsv(csvFile, await streamAnalysis(db, detail, params, { batchSize: 500 }));
    assert.equal(csv.rows, n);
    const parsed = parse(readFileSync(csvFile, 'utf8'), { columns: true }) as Record<string, string>[];
    assert.equal(parsed.length, n);
    assert.equal(Object.keys(parsed[0])[0], 'request_id');
    const jsonFile = join(dir, 'detail.json');
    const json = await writeJson(jsonFile, await streamAnalysis(db, detail, params));
    const rows = JSON.parse(readFileSync(jsonFile, 'utf8')) as Record<string, unknown>[];
    assert.equal(json.rows, n);
    assert.equal(rows.length, n);
    assert.deepEqual(
      rows.map((r) => r.request_id),
      parsed.map((r) => r.request_id),
    );
    // An empty result still gets its header (columns are described without running the statement).
    const emptyFile = join(dir, 'empty.csv');
    await writeCsv(emptyFile, await streamAnalysis(db, shipped('top-users'), { from: '2020-01-01', to: '2020-01-31' }));
    assert.match(readFileSync(emptyFile, 'utf8'), /^user_id,user_alias,user_email,user_role,spend,/);
  });
});
