import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openDatabase, type LensDatabase } from '../../src/core/db/database';
import { introspect } from '../../src/core/schema/introspect';
import { connectedCatalog, type SqlCatalog } from '../../src/core/sql/catalog';
import { completeAt } from '../../src/core/sql/complete';
import { planText, planTree } from '../../src/core/sql/explainPlan';
import { hoverAt } from '../../src/core/sql/hover';
import { lintSql } from '../../src/core/sql/lintSql';
import { loadSqlParser } from '../../src/core/sql/pgParser';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

/** The SQL editor against a real LiteLLM 1.83 database: introspected catalog, row estimates, EXPLAIN output. */
describe('SQL editor on a connected 1.83 database', () => {
  let fixture: TestDatabase;
  let db: LensDatabase;
  let catalog: SqlCatalog;

  before(async () => {
    fixture = await createTestDatabase({ version: '1.83' });
    await fixture.admin.query('ANALYZE');
    db = await openDatabase({ url: fixture.url });
    catalog = connectedCatalog(await introspect(db, 'public'), db.connection.display);
    await loadSqlParser();
  });
  after(async () => {
    await db?.close();
    await fixture?.drop();
  });

  test('tables and columns that arrived after 1.83 are reported with the connected version', () => {
    assert.equal(catalog.generation, '1.83');
    const sql =
      'SELECT b.allowed_models, tm.total_spend FROM "LiteLLM_BudgetTable" b, "LiteLLM_TeamMembership" tm;\nSELECT * FROM "LiteLLM_MemoryTable"';
    const findings = lintSql(sql, catalog);
    assert.deepEqual(
      findings.map((f) => `${f.code} ${sql.slice(f.start, f.end)}`),
      ['unknown-column allowed_models', 'unknown-column total_spend', 'unknown-table "LiteLLM_MemoryTable"'],
    );
    assert.match(
      findings[0].message,
      /^Column allowed_models does not exist on LiteLLM_BudgetTable in LiteLLM 1\.83 \(connected: .+\)\. It was added in LiteLLM 029f645f\.$/,
    );
    assert.ok(!findings.some((f) => f.message.includes(new URL(fixture.url).password || 'no-password-in-url')), 'no password in messages');
    const items = completeAt('SELECT * FROM Lit', 17, catalog);
    assert.equal(items.filter((i) => i.kind === 'table').length, 57, 'the 57 tables this version has');
    const view = items.find((i) => i.label === 'MonthlyGlobalSpend');
    assert.deepEqual([view?.kind, view?.insertText, items.length], ['view', '"MonthlyGlobalSpend"', 65], "and LiteLLM's 8 views, quoted");
  });

  test('hover shows the row estimate PostgreSQL keeps for the table', async () => {
    const [{ n }] = (await fixture.admin.query<{ n: string }>('SELECT count(*) AS n FROM "LiteLLM_DailyUserSpend"')).rows;
    const h = hoverAt('SELECT * FROM "LiteLLM_DailyUserSpend" d', 20, catalog)!;
    assert.equal(h.table, 'LiteLLM_DailyUserSpend');
    assert.ok(Number(n) > 100);
    assert.match(h.markdown, new RegExp(`~${Number(n).toLocaleString('en-US')} rows \\(estimate\\)`));
    assert.match(h.markdown, /LiteLLM 1\.83 \(connected: /);
  });

  test('EXPLAIN (FORMAT JSON) from the read-only session becomes a plan tree; ANALYZE adds actual times', async () => {
    const sql = `SELECT vt.key_alias, SUM(sl.spend) FROM "LiteLLM_SpendLogs" sl JOIN "LiteLLM_VerificationToken" vt ON vt.token = sl.api_key GROUP BY 1`;
    const { rows } = await db.query(`EXPLAIN (FORMAT JSON) ${sql}`);
    const raw = Object.values(rows[0])[0];
    const tree = planTree(typeof raw === 'string' ? JSON.parse(raw) : raw);
    assert.ok(tree.lines.length >= 3);
    assert.ok(tree.lines.some((l) => l.costly));
    const text = planText(tree, 'Explain');
    assert.match(text, /on "LiteLLM_SpendLogs" sl/);
    assert.match(text, /on "LiteLLM_VerificationToken" vt/);
    const analyzed = await db.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`);
    const rawAnalyzed = Object.values(analyzed.rows[0])[0];
    const measured = planTree(typeof rawAnalyzed === 'string' ? JSON.parse(rawAnalyzed) : rawAnalyzed);
    assert.ok(measured.executionMs !== undefined && measured.executionMs >= 0);
    assert.match(planText(measured, 'x'), /actual [\d.]+ ms × \d+, rows \d+/);
  });

  test('a statement the diagnostics call writing is refused by the session, as they say', async () => {
    const sql = 'UPDATE "LiteLLM_UserTable" SET spend = 0';
    assert.deepEqual(
      lintSql(sql, catalog).map((f) => f.code),
      ['write-statement'],
    );
    await assert.rejects(db.query(sql), /read-only/);
  });
});
