import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildDdl } from '../../src/core/demo/ddl';
import { buildViews } from '../../src/core/demo/views';
import { SCHEMA_VERSIONS, type SchemaVersion } from '../../src/core/demo/versions';

const count = (statements: string[], re: RegExp): number => statements.filter((s) => re.test(s)).length;
const tableDdl = (version: SchemaVersion, table: string): string => {
  const found = buildDdl(version).find((s) => s.startsWith(`CREATE TABLE "${table}" (`));
  assert.ok(found, `${table} missing in ${version}`);
  return found;
};

describe('demo DDL', () => {
  test('table, view and foreign-key counts per schema level', () => {
    const expected: Record<SchemaVersion, { tables: number; views: number; fks: number }> = {
      'early-2025': { tables: 23, views: 1, fks: 14 },
      '1.83': { tables: 57, views: 8, fks: 26 },
      '029f645f': { tables: 64, views: 8, fks: 28 },
    };
    for (const version of SCHEMA_VERSIONS) {
      const ddl = buildDdl(version);
      assert.equal(count(ddl, /^CREATE TABLE /), expected[version].tables, version);
      assert.equal(count(ddl, /^ALTER TABLE .* FOREIGN KEY/), expected[version].fks, version);
      assert.equal(buildViews(version).length, expected[version].views, version);
      assert.equal(count(ddl, /^CREATE TYPE "JobStatus" AS ENUM/), 1);
      assert.equal(count(ddl, /^CREATE SEQUENCE "LiteLLM_ModelTable_id_seq"/), 1);
    }
  });

  test('enum and sequence come before the tables that use them, foreign keys after every table', () => {
    const ddl = buildDdl('029f645f');
    const firstTable = ddl.findIndex((s) => s.startsWith('CREATE TABLE'));
    const lastTable = ddl.findLastIndex((s) => s.startsWith('CREATE TABLE'));
    assert.ok(ddl.findIndex((s) => s.startsWith('CREATE TYPE')) < firstTable);
    assert.ok(ddl.findIndex((s) => s.startsWith('CREATE SEQUENCE')) < firstTable);
    assert.ok(ddl.findIndex((s) => s.includes('FOREIGN KEY')) > lastTable);
    assert.match(tableDdl('029f645f', 'LiteLLM_CronJob'), /"status" "JobStatus" NOT NULL DEFAULT 'INACTIVE'::"JobStatus"/);
    assert.match(
      tableDdl('029f645f', 'LiteLLM_ModelTable'),
      /"id" integer NOT NULL DEFAULT nextval\('"LiteLLM_ModelTable_id_seq"'::regclass\)/,
    );
  });

  test('columns added after 1.83 exist only at 029f645f', () => {
    assert.match(tableDdl('029f645f', 'LiteLLM_TeamMembership'), /"total_spend" double precision NOT NULL DEFAULT 0\.0/);
    assert.doesNotMatch(tableDdl('1.83', 'LiteLLM_TeamMembership'), /total_spend/);
    assert.doesNotMatch(tableDdl('1.83', 'LiteLLM_BudgetTable'), /allowed_models/);
    assert.ok(!buildDdl('1.83').some((s) => s.includes('"LiteLLM_WorkflowRun"')));
    assert.ok(!buildDdl('1.83').some((s) => s.includes('LiteLLM_HealthCheckTable_model_id_model_name_checked_at_idx')));
  });

  test('only 1.83 has the migrations-only lower(user_email) index', () => {
    const lower = /CREATE INDEX "LiteLLM_UserTable_user_email_lower_idx" ON "LiteLLM_UserTable" \(lower\(user_email\)\)/;
    assert.equal(count(buildDdl('1.83'), lower), 1);
    assert.equal(count(buildDdl('029f645f'), lower), 0);
    assert.equal(count(buildDdl('early-2025'), lower), 0);
  });

  test('early-2025 lacks the late columns and uses the shorter daily unique key', () => {
    const spendLogs = tableDdl('early-2025', 'LiteLLM_SpendLogs');
    assert.doesNotMatch(spendLogs, /"organization_id"/);
    assert.match(spendLogs, /"team_id" text/);
    for (const table of ['LiteLLM_DailyUserSpend', 'LiteLLM_DailyTeamSpend', 'LiteLLM_DailyTagSpend']) {
      assert.doesNotMatch(tableDdl('early-2025', table), /mcp_namespaced_tool_name|"endpoint"/);
    }
    const ddl = buildDdl('early-2025');
    assert.ok(
      ddl.includes(
        'CREATE UNIQUE INDEX "LiteLLM_DailyUserSpend_user_id_date_api_key_model_custom_ll_key" ON "LiteLLM_DailyUserSpend" (user_id, date, api_key, model, custom_llm_provider)',
      ),
    );
    assert.ok(
      buildDdl('1.83').includes(
        'CREATE UNIQUE INDEX "LiteLLM_DailyUserSpend_user_id_date_api_key_model_custom_ll_key" ON "LiteLLM_DailyUserSpend" (user_id, date, api_key, model, custom_llm_provider, mcp_namespaced_tool_name, endpoint)',
      ),
    );
    assert.doesNotMatch(tableDdl('early-2025', 'LiteLLM_VerificationToken'), /object_permission_id|project_id/);
    assert.ok(!ddl.some((s) => /ObjectPermissionTable|ProjectTable|LiteLLM_TagTable/.test(s)));
  });

  test('views: the older token view before 1.83, the project join after', () => {
    const [early] = buildViews('early-2025');
    assert.match(early, /^CREATE VIEW "LiteLLM_VerificationTokenView"/);
    assert.doesNotMatch(early, /project/);
    const modern = buildViews('1.83');
    assert.match(modern[0], /LEFT JOIN "LiteLLM_ProjectTable" p ON v\.project_id = p\.project_id/);
    assert.ok(
      modern.some((v) => /"Last30dTopEndUsersSpend"[\s\S]*end_user <> user\b/.test(v)),
      'keeps the USER keyword quirk',
    );
  });
});
