import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { bundledCatalog, connectedCatalog } from '../../src/core/sql/catalog';
import { catalogFor } from '../../src/core/demo/catalog';
import type { SqlFinding } from '../../src/core/sql/findings';
import { LineIndex } from '../../src/core/sql/lineCol';
import { lintSql } from '../../src/core/sql/lintSql';
import { loadSqlParser } from '../../src/core/sql/pgParser';
import type { SchemaModel } from '../../src/core/schema/model';

const ORIGINAL = readFileSync(join(__dirname, '../fixtures/sql/original-analysis.sql'), 'utf8');
const ANALYSES = join(__dirname, '../../analyses');

function at(text: string, findings: SqlFinding[]): string[] {
  const lines = new LineIndex(text);
  return findings.map((f) => {
    const p = lines.position(f.start);
    return `${p.line}:${p.column} ${f.code} ${text.slice(f.start, f.end)}`;
  });
}

/** Applies every edit of the first fix of each finding with `code` (back to front, as an editor does). */
function applyFixes(text: string, findings: SqlFinding[], code: string): string {
  const edits = findings
    .filter((f) => f.code === code)
    .flatMap((f) => f.fixes[0]?.edits ?? [])
    .sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of edits) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

/** A SchemaModel of an older LiteLLM level, as introspection would return it (for the "connected version" rule). */
function modelOf(version: '1.83' | 'early-2025'): SchemaModel {
  return {
    schema: 'public',
    serverVersion: '15',
    serverVersionNum: 150000,
    tables: catalogFor(version).map((t) => ({
      schema: 'public',
      name: t.name,
      kind: 'table' as const,
      primaryKey: [],
      indexes: [],
      foreignKeys: [],
      rowEstimate: 1200,
      columns: t.columns.map((c, i) => ({ name: c.name, type: c.type, notNull: c.notNull, default: c.default ?? null, position: i + 1 })),
    })),
  };
}

before(async () => loadSqlParser());

describe('SQL diagnostics on the original analysis', () => {
  test('every mistake of the four original queries is flagged at its line, and nothing else', () => {
    const findings = lintSql(ORIGINAL, bundledCatalog());
    assert.deepEqual(at(ORIGINAL, findings), [
      // Query 1: unquoted mixed-case tables (relation "litellm_usertable" does not exist).
      '12:6 unquoted-identifier LiteLLM_UserTable',
      '13:11 unquoted-identifier LiteLLM_TeamTable',
      '14:11 unquoted-identifier LiteLLM_TeamMembership',
      // Query 2: unquoted tables, DailyUserSpend + DailyTeamSpend in one GROUP BY, spend joined to TeamMembership.
      '25:6 unquoted-identifier LiteLLM_UserTable',
      '26:11 unquoted-identifier LiteLLM_TeamTable',
      '27:11 unquoted-identifier LiteLLM_DailyUserSpend',
      '28:11 daily-double-count LiteLLM_DailyTeamSpend',
      '28:11 unquoted-identifier LiteLLM_DailyTeamSpend',
      '29:11 membership-fanout LiteLLM_TeamMembership',
      '29:11 unquoted-identifier LiteLLM_TeamMembership',
      // Query 3: SUM(DISTINCT spend) twice, unquoted tables.
      '38:5 sum-distinct-spend SUM(DISTINCT t.spend)',
      '39:5 sum-distinct-spend SUM(DISTINCT u.spend)',
      '40:6 unquoted-identifier LiteLLM_OrganizationTable',
      '41:11 unquoted-identifier LiteLLM_TeamTable',
      '42:11 unquoted-identifier LiteLLM_UserTable',
      // Query 4: sl.startTime (column sl.starttime does not exist) twice, unquoted tables.
      '48:8 unquoted-identifier startTime',
      '57:6 unquoted-identifier LiteLLM_SpendLogs',
      '58:11 unquoted-identifier LiteLLM_UserTable',
      '59:11 unquoted-identifier LiteLLM_TeamTable',
      '60:11 unquoted-identifier LiteLLM_OrganizationTable',
      '61:13 unquoted-identifier startTime',
    ]);
    const severities = new Map(findings.map((f) => [f.code, f.severity]));
    assert.equal(severities.get('unquoted-identifier'), 'error');
    assert.equal(severities.get('membership-fanout'), 'warning');
    assert.match(findings.find((f) => f.code === 'membership-fanout')!.message, /multiplied by the member count/);
  });

  test('"Quote identifier" fixes every unquoted name; the fixed text has no quoting finding left', () => {
    const findings = lintSql(ORIGINAL, bundledCatalog());
    const quote = findings.find((f) => f.code === 'unquoted-identifier' && ORIGINAL.slice(f.start, f.end) === 'startTime')!;
    assert.deepEqual(
      quote.fixes.map((f) => f.title),
      ['Quote identifier: "startTime"'],
    );
    const fixed = applyFixes(ORIGINAL, findings, 'unquoted-identifier');
    assert.match(fixed, /FROM "LiteLLM_SpendLogs" sl/);
    assert.match(fixed, /ORDER BY sl\."startTime" DESC/);
    const after = lintSql(fixed, bundledCatalog());
    assert.deepEqual(after.map((f) => f.code).sort(), [
      'daily-double-count',
      'membership-fanout',
      'sum-distinct-spend',
      'sum-distinct-spend',
    ]);
  });

  test('"Remove DISTINCT" turns SUM(DISTINCT t.spend) into SUM(t.spend)', () => {
    const findings = lintSql(ORIGINAL, bundledCatalog());
    const fixed = applyFixes(ORIGINAL, findings, 'sum-distinct-spend');
    assert.match(fixed, /SUM\(t\.spend\) as total_team_spend,\n {4}SUM\(u\.spend\) as total_user_spend/);
    assert.equal(lintSql(fixed, bundledCatalog()).filter((f) => f.code === 'sum-distinct-spend').length, 0);
    assert.match(fixed, /COUNT\(DISTINCT t\.team_id\)/, 'COUNT(DISTINCT id) is left alone');
  });

  test('the corrected shipped analyses produce no finding at all', () => {
    const files = readdirSync(ANALYSES).filter((f) => f.endsWith('.sql'));
    assert.ok(files.length >= 15);
    for (const f of files) {
      const text = readFileSync(join(ANALYSES, f), 'utf8');
      assert.deepEqual(at(text, lintSql(text, bundledCatalog(), { analysisFile: true })), [], f);
    }
  });
});

describe('SQL diagnostics, one rule at a time', () => {
  const codes = (sql: string, catalog = bundledCatalog()): string[] => at(sql, lintSql(sql, catalog));

  test('text date compared with a date or timestamp is an error with a cast fix; text comparisons pass', () => {
    const sql = `SELECT SUM(spend) FROM "LiteLLM_DailyUserSpend" d WHERE d.date >= $1::date AND date < now() - interval '1 day'`;
    const findings = lintSql(sql, bundledCatalog());
    assert.deepEqual(at(sql, findings), ['1:57 text-date-compare d.date', '1:80 text-date-compare date']);
    assert.match(findings[0].message, /text 'YYYY-MM-DD'/);
    assert.equal(findings[0].severity, 'error');
    assert.deepEqual(applyFixes(sql, findings, 'text-date-compare').match(/(\w+\.)?date::date/g), ['d.date::date', 'date::date']);
    assert.deepEqual(
      codes(`SELECT SUM(spend) FROM "LiteLLM_DailyTeamSpend" WHERE date BETWEEN '2026-10-01' AND to_char(current_date, 'YYYY-MM-DD')`),
      [],
    );
    assert.deepEqual(codes(`SELECT 1 FROM "LiteLLM_DailyTagSpend" t, "LiteLLM_SpendLogs" sl WHERE t.date = sl."startTime"`), [
      '1:71 text-date-compare t.date',
    ]);
  });

  test('spend of two daily tables added, and spend joined through members_with_roles', () => {
    assert.deepEqual(
      codes(`SELECT u.spend + t.spend FROM "LiteLLM_DailyUserSpend" u JOIN "LiteLLM_DailyTagSpend" t ON t.api_key = u.api_key`),
      ['1:16 daily-double-count +'],
    );
    assert.deepEqual(
      codes(`SELECT m->>'user_id', SUM(d.spend) FROM "LiteLLM_TeamTable" t JOIN "LiteLLM_DailyTeamSpend" d ON d.team_id = t.team_id
CROSS JOIN jsonb_array_elements(t.members_with_roles) m GROUP BY 1`),
      ['2:35 membership-fanout members_with_roles'],
    );
    assert.deepEqual(
      codes(`WITH s AS (SELECT team_id, SUM(spend) AS spend FROM "LiteLLM_DailyTeamSpend" GROUP BY 1)
SELECT tm.user_id, s.spend FROM s JOIN "LiteLLM_TeamMembership" tm ON tm.team_id = s.team_id`),
      [],
      'aggregating first is the fix',
    );
  });

  test('writing statements are errors before anything runs', () => {
    assert.deepEqual(
      codes(
        `UPDATE "LiteLLM_UserTable" SET spend = 0;\nSELECT 1;\nWITH x AS (DELETE FROM "LiteLLM_SpendLogs" RETURNING 1) SELECT * FROM x;\nSELECT * FROM "LiteLLM_UserTable" FOR UPDATE;\nEXPLAIN ANALYZE SELECT 1`,
      ),
      ['1:1 write-statement UPDATE', '3:6 write-statement x', '4:1 write-statement SELECT'],
    );
    assert.match(lintSql('TRUNCATE "LiteLLM_SpendLogs"', bundledCatalog())[0].message, /read-only/);
    assert.deepEqual(codes('EXPLAIN DELETE FROM "LiteLLM_SpendLogs";\nEXPLAIN (ANALYZE) DELETE FROM "LiteLLM_SpendLogs"'), [
      '2:1 write-statement EXPLAIN',
    ]);
    assert.deepEqual(
      codes('SHOW work_mem;\nCOPY (SELECT SUM(spend) FROM "LiteLLM_DailyUserSpend") TO STDOUT;\nCOPY "LiteLLM_UserTable" FROM STDIN'),
      ['3:1 write-statement COPY'],
    );
  });

  test('tables and columns missing in the connected version name the version and when they arrived', () => {
    const early = connectedCatalog(modelOf('early-2025'), 'old-proxy');
    const findings = lintSql(
      `SELECT sl.organization_id, sl.spend FROM "LiteLLM_SpendLogs" sl;\nSELECT * FROM "LiteLLM_DailyAgentSpend"`,
      early,
    );
    assert.deepEqual(
      findings.map((f) => f.code),
      ['unknown-column', 'unknown-table'],
    );
    assert.match(
      findings[0].message,
      /organization_id does not exist on LiteLLM_SpendLogs in LiteLLM early-2025 \(connected: old-proxy\)\. It was added in LiteLLM 1\.83/,
    );
    assert.match(
      findings[1].message,
      /LiteLLM_DailyAgentSpend does not exist in LiteLLM early-2025 \(connected: old-proxy\)\. It was added in LiteLLM 1\.83/,
    );
    assert.deepEqual(lintSql(`SELECT sl.organization_id FROM "LiteLLM_SpendLogs" sl`, connectedCatalog(modelOf('1.83'), 'p')), []);
    assert.deepEqual(codes(`SELECT * FROM my_own_table, "LiteLLM_Nope"`), ['1:29 unknown-table "LiteLLM_Nope"']);
  });

  test("syntax errors carry the server's message; the other statements are still checked", () => {
    const sql = 'SELECT FROM WHERE;\nSELECT SUM(DISTINCT spend) FROM "LiteLLM_SpendLogs"';
    const findings = lintSql(sql, bundledCatalog());
    assert.deepEqual(at(sql, findings), ['1:13 syntax-error WHERE', '2:8 sum-distinct-spend SUM(DISTINCT spend)']);
    assert.match(findings[0].message, /syntax error at or near "WHERE"/);
  });

  test('analysis files: a $n without its -- param line is reported', () => {
    const text = '-- name: x\n-- param: from date\nSELECT * FROM "LiteLLM_DailyUserSpend" WHERE date >= $1 AND date <= $2';
    const findings = lintSql(text, bundledCatalog(), { analysisFile: true });
    assert.equal(findings.length, 1);
    assert.match(findings[0].message, /\$2 is used in the SQL but only 1 parameter/);
  });
});
