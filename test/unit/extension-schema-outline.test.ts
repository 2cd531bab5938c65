import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { SchemaModel, TableInfo } from '../../src/core/schema/model';
import { formatRowEstimate, outlineSchema } from '../../src/extension/logic/schemaOutline';
import { statusText } from '../../src/extension/logic/statusText';
import { shortVersion } from '../../src/extension/logic/lensSession';
import { DEMO_TARGET } from '../../src/extension/logic/connectTarget';

const col = (name: string, type = 'text', notNull = false) => ({ name, type, notNull, default: null, position: 1 });
const table = (name: string, t: Partial<TableInfo>): TableInfo => ({
  schema: 'public',
  name,
  kind: 'table',
  columns: [],
  primaryKey: [],
  indexes: [],
  foreignKeys: [],
  rowEstimate: 10,
  ...t,
});

const model: SchemaModel = {
  schema: 'public',
  serverVersion: 'PostgreSQL 15.4',
  serverVersionNum: 150004,
  tables: [
    table('LiteLLM_VerificationToken', {
      columns: [col('token', 'text', true), col('user_id'), col('budget_id'), col('key_alias')],
      primaryKey: ['token'],
      foreignKeys: [
        {
          name: 'fk_budget',
          columns: ['budget_id'],
          refSchema: 'public',
          refTable: 'LiteLLM_BudgetTable',
          refColumns: ['budget_id'],
          onDelete: 'SET NULL',
          onUpdate: 'CASCADE',
        },
      ],
      rowEstimate: 1234,
    }),
    table('LiteLLM_SpendLogs', {
      columns: [col('request_id', 'text', true), col('spend', 'double precision')],
      primaryKey: ['request_id'],
      rowEstimate: 2_500_000,
    }),
    table('LiteLLM_TeamTable', { rowEstimate: -1 }),
    table('MonthlyGlobalSpend', { kind: 'view', rowEstimate: null }),
    table('my_own_table', { rowEstimate: 0 }),
  ],
};

describe('schema tree outline', () => {
  const groups = outlineSchema(model);

  test('groups follow the LiteLLM order and skip empty ones; tables sort by name', () => {
    assert.deepEqual(
      groups.map((g) => [g.group, g.tables.map((t) => t.name)]),
      [
        ['users', ['LiteLLM_VerificationToken']],
        ['teams & orgs', ['LiteLLM_TeamTable']],
        ['spend', ['LiteLLM_SpendLogs', 'MonthlyGlobalSpend']],
        ['other', ['my_own_table']],
      ],
    );
  });

  test('labels drop LiteLLM_ unless another relation already has the short name', () => {
    const outline = outlineSchema({
      ...model,
      tables: [...model.tables, table('LiteLLM_DailyTagSpend', {}), table('DailyTagSpend', { kind: 'view', rowEstimate: null })],
    });
    const labels = Object.fromEntries(outline.flatMap((g) => g.tables).map((t) => [t.name, t.label]));
    assert.equal(labels.LiteLLM_SpendLogs, 'SpendLogs');
    assert.equal(labels.MonthlyGlobalSpend, 'MonthlyGlobalSpend');
    assert.equal(labels.LiteLLM_DailyTagSpend, 'LiteLLM_DailyTagSpend', 'the view DailyTagSpend keeps the short name');
    assert.equal(labels.DailyTagSpend, 'DailyTagSpend');
  });

  test('column icons: primary key beats FK beats logical relation', () => {
    const token = groups[0].tables[0];
    const roles = Object.fromEntries(token.columns.map((c) => [c.name, c.role]));
    assert.deepEqual(roles, { token: 'primary', user_id: 'logical', budget_id: 'foreign', key_alias: 'plain' });
    const tokenCol = token.columns.find((c) => c.name === 'token')!;
    assert.ok(
      tokenCol.relations.some((r) => r.startsWith('logical ← LiteLLM_SpendLogs.api_key')),
      'reverse logical relations are listed too',
    );
    assert.deepEqual(token.columns.find((c) => c.name === 'budget_id')!.relations, [
      'FK → LiteLLM_BudgetTable.budget_id (on delete set null)',
    ]);
    assert.match(
      token.columns.find((c) => c.name === 'user_id')!.relations[0],
      /^logical → LiteLLM_UserTable\.user_id: user_id = user_id \(key owner/,
    );
  });

  test('row estimates read like a human wrote them', () => {
    assert.deepEqual([1234, 2_500_000, -1, null, 0, 999, 150_000].map(formatRowEstimate), [
      '~1.2k rows',
      '~2.5M rows',
      'not analysed',
      'view',
      '~0 rows',
      '~999 rows',
      '~150k rows',
    ]);
  });
});

describe('status bar text', () => {
  test('shows the connection, server version and LiteLLM generation, spinning while busy', () => {
    const info = {
      target: DEMO_TARGET,
      display: 'postgresql://postgres@127.0.0.1:5432/postgres?sslmode=disable',
      serverVersion: '15.4',
      generation: '1.83' as const,
      isLiteLLM: true,
      tableCount: 57,
      role: { name: 'postgres', superuser: true, memberOf: [], privileged: true },
    };
    assert.equal(statusText(info, 0).text, '$(database) Demo database · PG 15.4 · LiteLLM 1.83');
    assert.equal(statusText(info, 2).text, '$(loading~spin) $(database) Demo database · PG 15.4 · LiteLLM 1.83');
    assert.match(statusText(info, 2).tooltip, /2 queries running/);
    assert.equal(statusText({ ...info, isLiteLLM: false }, 0).text, '$(database) Demo database · PG 15.4 · not LiteLLM');
    assert.equal(statusText(undefined, 0).text, '$(plug) LiteLLM: not connected');
    assert.equal(
      statusText({ ...info, generation: '029f645f' }, 0).text,
      '$(database) Demo database · PG 15.4 · LiteLLM after 1.83.2',
      'a release, not a migration hash',
    );
    assert.equal(statusText({ ...info, generation: 'unknown' }, 0).text, '$(database) Demo database · PG 15.4 · LiteLLM unknown version');
    assert.equal(shortVersion(150004), '15.4');
    assert.equal(shortVersion(180000), '18.0');
    assert.equal(shortVersion(90624), '9.6.24');
  });
});
