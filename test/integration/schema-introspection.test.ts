import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openDatabase, type LensDatabase } from '../../src/core/db/database';
import { LensError } from '../../src/core/errors';
import { Capabilities } from '../../src/core/schema/capabilities';
import { introspect } from '../../src/core/schema/introspect';
import { groupOf } from '../../src/core/schema/litellmTables';
import type { SchemaModel } from '../../src/core/schema/model';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

/** Brute force from information_schema: every base table and view the database really has. */
async function catalogTruth(tdb: TestDatabase) {
  const { rows } = await tdb.admin.query<{ table_name: string; table_type: string; columns: number }>(`
    SELECT t.table_name, t.table_type, (SELECT count(*)::int FROM information_schema.columns c
      WHERE c.table_schema = t.table_schema AND c.table_name = t.table_name) AS columns
    FROM information_schema.tables t WHERE t.table_schema = 'public' ORDER BY t.table_name`);
  return rows;
}

for (const version of ['029f645f', '1.83', 'early-2025'] as const) {
  describe(`introspection of the ${version} schema`, () => {
    let tdb: TestDatabase;
    let db: LensDatabase;
    let model: SchemaModel;
    let caps: Capabilities;

    before(async () => {
      tdb = await createTestDatabase({ version });
      db = await openDatabase({ url: tdb.url });
      model = await introspect(db);
      caps = new Capabilities(model);
    });
    after(async () => {
      await db?.close();
      await tdb?.drop();
    });

    test('lists every table and view the database has, with their columns', async () => {
      const truth = await catalogTruth(tdb);
      assert.deepEqual(model.tables.map((t) => t.name).sort(), truth.map((r) => r.table_name).sort());
      for (const r of truth) {
        const t = model.tables.find((x) => x.name === r.table_name)!;
        assert.equal(t.kind, r.table_type === 'VIEW' ? 'view' : 'table', r.table_name);
        assert.equal(t.columns.length, r.columns, `${r.table_name} columns`);
      }
      const expectedTables = { '029f645f': 64, '1.83': 57, 'early-2025': 23 }[version];
      assert.equal(model.tables.filter((t) => t.kind === 'table').length, expectedTables);
    });

    test('keys, indexes and foreign keys match the catalog', async () => {
      const spendLogs = model.tables.find((t) => t.name === 'LiteLLM_SpendLogs')!;
      assert.deepEqual(spendLogs.primaryKey, ['request_id']);
      assert.ok(spendLogs.indexes.some((i) => i.name === 'LiteLLM_SpendLogs_startTime_idx' && i.columns[0] === 'startTime'));
      const startTime = spendLogs.columns.find((c) => c.name === 'startTime')!;
      assert.deepEqual([startTime.type, startTime.notNull], ['timestamp(3) without time zone', true]);
      const { rows } = await tdb.admin.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE c.contype = 'f' AND n.nspname = 'public'`,
      );
      assert.equal(
        model.tables.reduce((n, t) => n + t.foreignKeys.length, 0),
        rows[0].n,
      );
      if (version !== 'early-2025') {
        assert.equal(rows[0].n, version === '1.83' ? 26 : 28, 'declared FK count of docs/reference/litellm-schema.md §5.1');
        const team = model.tables.find((t) => t.name === 'LiteLLM_TeamTable')!;
        const fk = team.foreignKeys.find((f) => f.columns[0] === 'organization_id')!;
        assert.deepEqual(
          [fk.refTable, fk.refColumns, fk.onDelete, fk.onUpdate],
          ['LiteLLM_OrganizationTable', ['organization_id'], 'SET NULL', 'CASCADE'],
        );
      }
    });

    test('groups and generation are recognised', () => {
      assert.equal(caps.generation(), version);
      assert.equal(groupOf('LiteLLM_DailyTeamSpend'), 'spend');
      assert.equal(groupOf('LiteLLM_TeamMembership'), 'teams & orgs');
      assert.equal(groupOf('LiteLLM_AuditLog'), 'audit');
      assert.ok(
        model.tables.every((t) => groupOf(t.name) !== 'other' || !t.name.startsWith('LiteLLM_')),
        'every LiteLLM table has a group',
      );
    });

    test('capability report names what is missing', () => {
      const report = caps.report();
      assert.equal(report.isLiteLLM, true);
      const feature = (id: string) => report.features.find((f) => f.id === id)!;
      if (version === 'early-2025') {
        assert.deepEqual(feature('spend.org').missing, ['LiteLLM_DailyOrganizationSpend']);
        assert.deepEqual(feature('spend.logs.org').missing, ['LiteLLM_SpendLogs.organization_id']);
        assert.deepEqual(feature('spend.daily.endpoint').missing, [
          'LiteLLM_DailyUserSpend.endpoint',
          'LiteLLM_DailyUserSpend.mcp_namespaced_tool_name',
        ]);
        assert.deepEqual(feature('keys.deleted').missing, ['LiteLLM_DeletedVerificationToken']);
        assert.ok(report.knownTablesMissing.includes('LiteLLM_DailyEndUserSpend'));
        assert.equal(feature('spend.user').available, true);
        assert.throws(
          () => caps.requireFeature('spend.org'),
          (e: unknown) => e instanceof LensError && e.exitCode === 4 && /LiteLLM_DailyOrganizationSpend/.test(e.message),
        );
      } else {
        assert.ok(
          report.features.every((f) => f.available),
          JSON.stringify(report.features.filter((f) => !f.available)),
        );
        assert.deepEqual(report.viewsMissing, []);
        assert.equal(report.knownTablesMissing.length, version === '1.83' ? 7 : 0);
      }
    });
  });
}

describe('Capabilities.hasLeadingIndex: only an index a range on the column can walk', () => {
  let tdb: TestDatabase;
  let db: LensDatabase;

  before(async () => {
    tdb = await createTestDatabase({ version: '1.83' });
    await tdb.admin
      .query(`CREATE TABLE lens_index_kinds (plain text, "Mixed" text, hashed text, partial text, pattern text, collated text, later text, backwards text);
      CREATE INDEX ON lens_index_kinds (plain, later);
      CREATE INDEX ON lens_index_kinds ("Mixed");
      CREATE INDEX ON lens_index_kinds USING hash (hashed);
      CREATE INDEX ON lens_index_kinds (partial) WHERE partial <> '';
      CREATE INDEX ON lens_index_kinds (pattern text_pattern_ops);
      CREATE INDEX ON lens_index_kinds (collated COLLATE "C");
      CREATE INDEX ON lens_index_kinds (backwards DESC NULLS LAST);`);
    db = await openDatabase({ url: tdb.url });
  });
  after(async () => {
    await db?.close();
    await tdb?.drop();
  });

  test("LiteLLM's own date and startTime indexes qualify; hash, partial, operator-class and collated ones do not", async () => {
    const caps = new Capabilities(await introspect(db));
    assert.ok(caps.hasLeadingIndex('LiteLLM_DailyUserSpend', 'date'));
    assert.ok(caps.hasLeadingIndex('LiteLLM_SpendLogs', 'startTime'));
    const walkable = ['plain', 'Mixed', 'hashed', 'partial', 'pattern', 'collated', 'later', 'backwards'].filter((c) =>
      caps.hasLeadingIndex('lens_index_kinds', c),
    );
    assert.deepEqual(walkable, ['plain', 'Mixed', 'backwards'], 'a second index column does not lead');
    assert.equal(caps.hasLeadingIndex('no_such_table', 'plain'), false);
  });
});
