import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { generateDemoData } from '../../src/core/demo/generator';
import { createDemoDatabase } from '../../src/core/demo/seed';
import { SCHEMA_VERSIONS, type SchemaVersion } from '../../src/core/demo/versions';
import { createTestDatabase, testServerUrl, TEST_DEMO_OPTIONS, withDatabase, type TestDatabase } from '../support/testDatabase';

const EXPECTED: Record<SchemaVersion, { tables: number; views: number; fks: number }> = {
  'early-2025': { tables: 23, views: 1, fks: 14 },
  '1.83': { tables: 57, views: 8, fks: 26 },
  '029f645f': { tables: 64, views: 8, fks: 28 },
};

function assertClose(actual: unknown, expected: unknown, what: string): void {
  const a = Number(actual);
  const b = Number(expected);
  assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);
}

for (const version of SCHEMA_VERSIONS) {
  describe(`demo database ${version} on PostgreSQL`, () => {
    let db: TestDatabase;
    const one = async (sql: string, params: unknown[] = []): Promise<Record<string, unknown>> =>
      (await db.admin.query(sql, params)).rows[0];

    before(async () => {
      db = await createTestDatabase({ version });
    });
    after(async () => {
      await db?.drop();
    });

    test('every statement applied: tables, views, foreign keys, row counts', async () => {
      const counts = await one(`SELECT count(*) FILTER (WHERE table_type = 'BASE TABLE')::int AS tables,
        count(*) FILTER (WHERE table_type = 'VIEW')::int AS views FROM information_schema.tables WHERE table_schema = 'public'`);
      assert.deepEqual(counts, { tables: EXPECTED[version].tables, views: EXPECTED[version].views });
      const fks = await one(`SELECT count(*)::int AS n FROM pg_constraint WHERE contype = 'f' AND connamespace = 'public'::regnamespace`);
      assert.equal(fks.n, EXPECTED[version].fks);
      const lower = await one(`SELECT count(*)::int AS n FROM pg_indexes WHERE indexname = 'LiteLLM_UserTable_user_email_lower_idx'`);
      assert.equal(lower.n, version === '1.83' ? 1 : 0);
      for (const [table, rows] of Object.entries(db.summary.tables)) {
        assert.equal((await one(`SELECT count(*)::int AS n FROM "${table}"`)).n, rows, table);
      }
      assert.equal(
        (await one(`SELECT count(*)::int AS n FROM "LiteLLM_VerificationTokenView"`)).n,
        db.summary.tables.LiteLLM_VerificationToken,
      );
    });

    test('values round-trip exactly (timestamps as UTC, floats, JSON)', async () => {
      const { tables } = generateDemoData(version, TEST_DEMO_OPTIONS);
      const expected = tables.LiteLLM_SpendLogs[100];
      // Compared as timestamps: PostgreSQL prints '…08.480' as '…08.48'.
      const row = await one(
        `SELECT "startTime" = $2::timestamp AS same_start, spend, metadata, request_tags, "user" FROM "LiteLLM_SpendLogs" WHERE request_id = $1`,
        [expected.request_id, expected.startTime],
      );
      assert.equal(row.same_start, true, `startTime ${String(expected.startTime)}`);
      assert.equal(row.spend, expected.spend);
      assert.deepEqual(row.metadata, expected.metadata);
      assert.deepEqual(row.request_tags, expected.request_tags);
      assert.equal(row.user, expected.user);
      const tiny = await one(`SELECT count(*)::int AS n FROM "LiteLLM_SpendLogs" WHERE spend > 0 AND spend < 1e-6`);
      assert.ok(Number(tiny.n) > 0);
      const legacy = await one(`SELECT count(*)::int AS n FROM "LiteLLM_TeamTable" WHERE members_with_roles = '{}'::jsonb`);
      assert.equal(legacy.n, 1);
    });

    test('Σ daily user spend = Σ SpendLogs per day within retention (+ the duplicated request), and = total over the range', async () => {
      const { retentionFrom, to, totalSpend, duplicates } = db.summary;
      assert.equal(duplicates.length, 1);
      // The daily tables count a duplicated request_id twice, SpendLogs once (issue 14 fact 8).
      const mismatched = await db.admin.query(
        `WITH d AS (SELECT date, sum(spend) AS s FROM "LiteLLM_DailyUserSpend" WHERE date >= $1 AND date <= $2 GROUP BY date),
              l AS (SELECT to_char("startTime", 'YYYY-MM-DD') AS date, sum(spend) AS s FROM "LiteLLM_SpendLogs" GROUP BY 1),
              x AS (SELECT unnest($3::text[]) AS date, unnest($4::float8[]) AS s)
         SELECT d.date, d.s AS daily, l.s AS logs FROM d FULL JOIN l USING (date) LEFT JOIN x USING (date)
         WHERE abs(coalesce(d.s, 0) - coalesce(l.s, 0) - coalesce(x.s, 0)) > 1e-9 * greatest(1, abs(coalesce(l.s, 0)))`,
        [retentionFrom, to, duplicates.map((d) => d.date), duplicates.map((d) => d.spend)],
      );
      assert.deepEqual(mismatched.rows, []);
      const once = await one(`SELECT count(*)::int AS n FROM "LiteLLM_SpendLogs" WHERE request_id = $1`, [duplicates[0].requestId]);
      assert.equal(once.n, 1, 'SpendLogs keep the duplicated request once');
      const all = await one(`SELECT sum(spend) AS s, min(date) AS first FROM "LiteLLM_DailyUserSpend"`);
      assertClose(all.s, totalSpend, 'Σ daily user = summary.totalSpend');
      assert.equal(all.first, db.summary.from);
    });

    test('team, tag and org slices match SpendLogs within retention', async () => {
      const { retentionFrom, duplicates } = db.summary;
      const dup = await one(
        `SELECT team_id, spend, jsonb_array_length(request_tags) AS tags${version === 'early-2025' ? '' : ', organization_id'}
        FROM "LiteLLM_SpendLogs" WHERE request_id = $1`,
        [duplicates[0].requestId],
      );
      // Every request has a team row (team '' when teamless): the whole team table matches SpendLogs + the duplicate.
      const team = await one(
        `SELECT (SELECT sum(spend) FROM "LiteLLM_DailyTeamSpend" WHERE date >= $1) AS daily,
        (SELECT sum(spend) FROM "LiteLLM_SpendLogs") AS logs`,
        [retentionFrom],
      );
      assertClose(team.daily, Number(team.logs) + Number(dup.spend), 'team');
      const tags = await one(
        `SELECT (SELECT sum(api_requests) FROM "LiteLLM_DailyTagSpend" WHERE date >= $1) AS daily,
        (SELECT sum(jsonb_array_length(request_tags)) FROM "LiteLLM_SpendLogs") AS logs`,
        [retentionFrom],
      );
      assert.equal(Number(tags.daily), Number(tags.logs) + Number(dup.tags));
      if (version === 'early-2025') {
        const cols = await one(
          `SELECT count(*)::int AS n FROM information_schema.columns WHERE table_name = 'LiteLLM_SpendLogs' AND column_name = 'organization_id'`,
        );
        assert.equal(cols.n, 0);
        return;
      }
      const org = await one(
        `SELECT (SELECT sum(spend) FROM "LiteLLM_DailyOrganizationSpend" WHERE date >= $1) AS daily,
        (SELECT sum(spend) FROM "LiteLLM_SpendLogs" WHERE organization_id <> '') AS logs`,
        [retentionFrom],
      );
      assertClose(org.daily, Number(org.logs) + (dup.organization_id !== '' ? Number(dup.spend) : 0), 'org');
      const view = await one(`SELECT sum(log_count)::int AS n FROM "DailyTagSpend"`);
      assert.equal(view.n, Number(tags.logs), 'DailyTagSpend view expands request_tags');
    });
  });
}

test('seeds through a pg.Pool as well (no session state needed)', async () => {
  const server = await testServerUrl();
  const name = `lens_demo_pool_${process.pid}`;
  const root = new pg.Client({ connectionString: server });
  await root.connect();
  await root.query(`DROP DATABASE IF EXISTS "${name}"`);
  await root.query(`CREATE DATABASE "${name}"`);
  const pool = new pg.Pool({ connectionString: withDatabase(server, name), max: 3 });
  // pool.end() resolves before the last backend has gone; the forced DROP may still reach it.
  pool.on('error', () => undefined);
  try {
    const summary = await createDemoDatabase(pool, '1.83', { ...TEST_DEMO_OPTIONS, days: 7, requestsPerDay: 40 });
    const { rows } = await pool.query('SELECT count(*)::int AS n FROM "LiteLLM_DailyUserSpend"');
    assert.equal(rows[0].n, summary.tables.LiteLLM_DailyUserSpend);
  } finally {
    await pool.end();
    await root.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await root.end();
  }
});
