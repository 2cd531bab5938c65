import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { requireRunnable } from '../../src/core/analyses/checkRunnable';
import { loadAnalyses } from '../../src/core/analyses/loadAnalyses';
import { runAnalysis } from '../../src/core/analyses/runAnalysis';
import type { Analysis } from '../../src/core/analyses/types';
import { openDatabase, type LensDatabase, type Row } from '../../src/core/db/database';
import { Capabilities } from '../../src/core/schema/capabilities';
import { introspect } from '../../src/core/schema/introspect';
import type { FixtureDb } from '../support/litellmRows';
import { LOGS_FROM, ORG_FROM, createRequestTimeFixture } from '../support/requestTimeFixture';

const close = (a: unknown, b: number, what: string) =>
  assert.ok(Math.abs(Number(a) - b) <= 1e-9 * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);
const OCT = { from: '2026-10-01', to: '2026-10-31' };

/**
 * The shipped analyses on rows written the way LiteLLM 1.83 writes them (requestTimeFixture.ts), each checked
 * against a brute-force sum of the same rows. The team table is made to start on 10-21 here (created empty by an
 * upgrade), one day after the first surviving SpendLogs.
 */
describe('shipped analyses follow how LiteLLM 1.83 writes its tables', () => {
  let fx: FixtureDb;
  let db: LensDatabase;
  let caps: Capabilities;
  const lib = new Map(loadAnalyses({ workspaceDirs: [] }).map((a) => [a.id, a]));
  const analysis = (id: string): Analysis => lib.get(id) ?? assert.fail(`no analysis ${id}`);
  // On 1.83 every optional part is present: the full variant runs, with no missing-figure notes.
  const run = async (id: string, params: Record<string, string>) => {
    const result = await runAnalysis(db, requireRunnable(analysis(id), caps), params, { maxRows: 100_000 });
    assert.deepEqual(result.notes, [], id);
    return result.rows;
  };

  before(async () => {
    fx = await createRequestTimeFixture();
    await fx.q(`DELETE FROM "LiteLLM_DailyTeamSpend" WHERE date < '2026-10-21'`);
    // Budgets exactly at their limit: a key and an organisation are rejected there, a team only above it.
    await fx.q(`UPDATE "LiteLLM_VerificationToken" SET max_budget = spend WHERE token = 'k-noorg'`);
    await fx.q(`UPDATE "LiteLLM_TeamTable" SET max_budget = spend WHERE team_id = 'team-2'`);
    await fx.q(
      `INSERT INTO "LiteLLM_BudgetTable" (budget_id, max_budget, created_by, updated_by) SELECT 'b-exact', spend, 'fx', 'fx' FROM "LiteLLM_OrganizationTable" WHERE organization_id = 'org-a'`,
    );
    await fx.q(`UPDATE "LiteLLM_OrganizationTable" SET budget_id = 'b-exact' WHERE organization_id = 'org-a'`);
    db = await openDatabase({ url: fx.url });
    caps = new Capabilities(await introspect(db, 'public'));
  });
  after(async () => {
    await db?.close();
    await fx?.drop();
  });

  test("errors-by-model returns the failures in SpendLogs (status 'failure'), not LiteLLM_ErrorLogs", async () => {
    const truth =
      await fx.q(`SELECT model, metadata->'error_information'->>'error_class' AS class, metadata->'error_information'->>'error_code' AS code, count(*)::int AS n
      FROM "LiteLLM_SpendLogs" WHERE status = 'failure' GROUP BY 1, 2, 3 ORDER BY 2`);
    assert.equal(truth.length, 2);
    const [errorLogs] = await fx.q(`SELECT count(*)::int AS n FROM "LiteLLM_ErrorLogs"`);
    assert.equal(errorLogs.n, 0, '1.83 does not write LiteLLM_ErrorLogs');
    const rows = await run('errors-by-model', OCT);
    assert.deepEqual(
      rows.map((r) => [r.model, r.exception_type, r.status_code, Number(r.errors)]).sort(),
      truth.map((r) => [r.model, r.class, r.code, r.n]).sort(),
    );
    assert.ok(rows.every((r) => /fixture/.test(String(r.latest_message))));
  });

  test('failure-rate-by-model: Σ daily counters per model; rows without a model are (no model), not MCP tool calls', async () => {
    const truth = await fx.q(
      `SELECT COALESCE(model, '') AS model, sum(api_requests)::int AS requests, sum(failed_requests)::int AS failed, sum(spend)::float8 AS spend
      FROM "LiteLLM_DailyUserSpend" WHERE date BETWEEN $1 AND $2 GROUP BY 1`,
      [OCT.from, OCT.to],
    );
    const rows = await run('failure-rate-by-model', OCT);
    const label = (m: string) => (m === '' ? '(no model)' : m);
    for (const t of truth) {
      const r = rows.filter((x) => x.model === label(String(t.model)));
      assert.equal(
        r.reduce((s, x) => s + Number(x.api_requests), 0),
        t.requests,
        `requests of ${t.model}`,
      );
      assert.equal(
        r.reduce((s, x) => s + Number(x.failed_requests), 0),
        t.failed,
        `failures of ${t.model}`,
      );
      close(
        r.reduce((s, x) => s + Number(x.spend), 0),
        Number(t.spend),
        `spend of ${t.model}`,
      );
    }
    assert.equal(Number(rows.find((r) => r.model === 'gpt-4o')?.failed_requests), 2);
    assert.ok(!rows.some((r) => /MCP/.test(String(r.model))));
  });

  test('org-rollup: request-time organisations from DailyOrganizationSpend; before its first row "not recorded yet"', async () => {
    const byOrg = await fx.q(
      `SELECT organization_id AS id, sum(spend)::float8 AS spend FROM "LiteLLM_DailyOrganizationSpend" WHERE date BETWEEN $1 AND $2 GROUP BY 1`,
      [OCT.from, OCT.to],
    );
    const [user] = await fx.q(
      `SELECT sum(spend)::float8 AS total, sum(spend) FILTER (WHERE date < $3)::float8 AS before FROM "LiteLLM_DailyUserSpend" WHERE date BETWEEN $1 AND $2`,
      [OCT.from, OCT.to, ORG_FROM],
    );
    const rows = await run('org-rollup', OCT);
    for (const o of byOrg) close(rows.find((r) => r.organization_id === o.id)?.period_spend, Number(o.spend), `org ${o.id}`);
    const orgTotal = byOrg.reduce((s, o) => s + Number(o.spend), 0);
    close(
      rows.find((r) => r.organization_id === '')?.period_spend,
      Number(user.total) - Number(user.before) - orgTotal,
      'no organisation at request time',
    );
    const before = rows.find((r) => r.organization_id === null);
    assert.match(String(before?.organization_alias), /not recorded yet/);
    close(before?.period_spend, Number(user.before), 'days before the organisation table');
    close(
      rows.reduce((s, r) => s + Number(r.period_spend), 0),
      Number(user.total),
      'rows add up to total spend',
    );
  });

  test('reconciliation: per day against brute force; not recorded yet, duplicate request_id, and no "skipped" rows', async () => {
    const rows = await run('reconciliation', { from: LOGS_FROM, to: OCT.to });
    const logs = await fx.q(
      `SELECT to_char("startTime", 'YYYY-MM-DD') AS d, sum(spend)::float8 AS s, count(*)::int AS n FROM "LiteLLM_SpendLogs" GROUP BY 1`,
    );
    const users = await fx.q(`SELECT date AS d, sum(spend)::float8 AS s FROM "LiteLLM_DailyUserSpend" GROUP BY 1`);
    const teams = await fx.q(`SELECT date AS d, sum(spend)::float8 AS s FROM "LiteLLM_DailyTeamSpend" GROUP BY 1`);
    const of = (list: Row[], d: string) => Number(list.find((x) => x.d === d)?.s ?? 0);
    assert.equal(rows.length, 12);
    for (const r of rows) {
      const d = String(r.date);
      close(r.logs_spend, of(logs, d), `logs ${d}`);
      close(r.daily_user_spend, of(users, d), `users ${d}`);
      close(r.daily_team_spend, of(teams, d), `teams ${d}`);
    }
    const explain = (d: string) => String(rows.find((r) => r.date === d)?.explanation);
    assert.match(explain('2026-10-20'), /not recorded by this LiteLLM yet/);
    assert.match(explain('2026-10-22'), /duplicate request_id/);
    close(rows.find((r) => r.date === '2026-10-22')?.spend_delta, 2, 'the second retrieval of the batch');
    for (const d of ['2026-10-21', '2026-10-23', '2026-10-31']) assert.equal(explain(d), 'match', d);
    assert.ok(!rows.some((r) => /without a model/.test(String(r.explanation))));
  });

  test('budget-utilisation: >= for keys and organisations, > for teams; organisation counters are lifetime', async () => {
    const rows = await run('budget-utilisation', { near_at: '0.8', min_utilisation: '0' });
    const status = (type: string, id: string) => rows.find((r) => r.entity_type === type && r.entity_id === id);
    assert.equal(status('key', 'k-noorg')?.status, 'over', 'key at exactly max_budget is rejected');
    assert.equal(status('organization', 'org-a')?.status, 'over', 'organisation at exactly max_budget is rejected');
    assert.equal(status('team', 'team-2')?.status, 'near', 'team at exactly max_budget still passes');
    assert.deepEqual([status('organization', 'org-a')?.counter, status('team', 'team-1')?.counter], ['lifetime', 'current window']);
    const [org] = await fx.q(`SELECT sum(spend)::float8 AS s FROM "LiteLLM_DailyOrganizationSpend" WHERE organization_id = 'org-a'`);
    close(status('organization', 'org-a')?.spend, Number(org.s), 'organisation counter = its whole history');
    assert.equal(status('user', 'litellm-proxy-budget')?.within, 'keys without a team');
  });
});
