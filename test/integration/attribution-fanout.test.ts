import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { computeAttribution } from '../../src/core/attribution/compute';
import type { AttributionNode, AttributionResult } from '../../src/core/attribution/types';
import { openDatabase, type LensDatabase } from '../../src/core/db/database';
import { Capabilities } from '../../src/core/schema/capabilities';
import { introspect } from '../../src/core/schema/introspect';
import { addLegacyTeamRows } from '../support/legacyTeamFixture';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

/**
 * Queries 2 and 3 of the original analysis (docs/reference/litellm-database-analysis.md), corrected only for quoting
 * so that PostgreSQL runs them. Their patterns — two daily tables joined into one GROUP BY, SUM(DISTINCT …) over
 * a join — are the fan-out errors the attribution engine must not make.
 */
const QUERY_2 = `SELECT u.user_id, u.user_alias, t.team_id, t.team_alias, SUM(dus.spend) AS individual_spend, SUM(dts.spend) AS team_shared_spend,
    tm.spend AS member_team_contribution
  FROM "LiteLLM_UserTable" u
  LEFT JOIN "LiteLLM_TeamTable" t ON u.team_id = t.team_id
  LEFT JOIN "LiteLLM_DailyUserSpend" dus ON u.user_id = dus.user_id
  LEFT JOIN "LiteLLM_DailyTeamSpend" dts ON t.team_id = dts.team_id
  LEFT JOIN "LiteLLM_TeamMembership" tm ON u.user_id = tm.user_id AND t.team_id = tm.team_id
  GROUP BY u.user_id, u.user_alias, t.team_id, t.team_alias, tm.spend`;

const QUERY_3 = `SELECT o.organization_id, o.organization_alias, COUNT(DISTINCT t.team_id) AS team_count, COUNT(DISTINCT u.user_id) AS user_count,
    SUM(DISTINCT t.spend) AS total_team_spend, SUM(DISTINCT u.spend) AS total_user_spend
  FROM "LiteLLM_OrganizationTable" o
  LEFT JOIN "LiteLLM_TeamTable" t ON o.organization_id = t.organization_id
  LEFT JOIN "LiteLLM_UserTable" u ON o.organization_id = u.organization_id
  GROUP BY o.organization_id, o.organization_alias`;

// The harness's demo data: 2026-08-03 … 2026-10-31, and nothing outside it.
const FROM = '2026-08-03';
const TO = '2026-10-31';

const close = (a: number, b: number, what: string) =>
  assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);
const nodesAt = (root: AttributionNode, level: AttributionNode['level']): AttributionNode[] =>
  root.level === level ? [root] : root.children.flatMap((c) => nodesAt(c, level));

describe("the original analysis's fan-out patterns against the attribution engine (1.83 demo data)", () => {
  let t: TestDatabase;
  let db: LensDatabase;
  let result: AttributionResult;
  const q = async (sql: string, params: unknown[] = []) => (await t.admin.query(sql, params)).rows as Record<string, unknown>[];

  before(async () => {
    t = await createTestDatabase({ version: '1.83' });
    await addLegacyTeamRows(t.admin);
    db = await openDatabase({ url: t.url });
    result = await computeAttribution(db, new Capabilities(await introspect(db)), { from: FROM, to: TO });
  });
  after(async () => {
    await db?.close();
    await t?.drop();
  });

  test('query 2 multiplies each sum by the row count of the other daily table; the tree matches brute force', async () => {
    const rows = await q(QUERY_2);
    const checked = rows.filter((r) => r.team_id !== null && r.individual_spend !== null);
    assert.ok(checked.length > 0, 'users with a legacy team_id and spend');
    for (const r of checked) {
      const [u] = await q(`SELECT sum(spend)::float8 AS spend, count(*)::int AS n FROM "LiteLLM_DailyUserSpend" WHERE user_id = $1`, [
        r.user_id,
      ]);
      const [tm] = await q(`SELECT sum(spend)::float8 AS spend, count(*)::int AS n FROM "LiteLLM_DailyTeamSpend" WHERE team_id = $1`, [
        r.team_id,
      ]);
      // The fan-out, exactly: every user row meets every team row.
      close(Number(r.individual_spend), Number(u.spend) * Math.max(1, Number(tm.n)), `query 2 individual_spend of ${r.user_id}`);
      if (Number(tm.n) > 0) close(Number(r.team_shared_spend), Number(tm.spend) * Number(u.n), `query 2 team_shared_spend of ${r.team_id}`);
      assert.ok(Number(tm.n) <= 1 || Math.abs(Number(r.individual_spend) - Number(u.spend)) > 1e-6, 'query 2 is wrong for this user');
      // The engine: the user's nodes add up to the user's own daily rows, each team node to the team's.
      const userNodes = nodesAt(result.tree, 'user').filter((n) => n.id === r.user_id);
      close(
        userNodes.reduce((s, n) => s + n.spend, 0),
        Number(u.spend),
        `tree user ${r.user_id}`,
      );
      const teamNodes = nodesAt(result.tree, 'team').filter((n) => n.id === r.team_id);
      close(
        teamNodes.reduce((s, n) => s + n.spend, 0),
        Number(tm.spend ?? 0),
        `tree team ${r.team_id}`,
      );
    }
  });

  test('query 2\'s "total = individual + team" counts the same money twice; the root is Σ DailyUserSpend', async () => {
    const rows = await q(QUERY_2);
    const claimed = rows.reduce((s, r) => s + Number(r.individual_spend ?? 0) + Number(r.team_shared_spend ?? 0), 0);
    const [truth] = await q(`SELECT sum(spend)::float8 AS spend FROM "LiteLLM_DailyUserSpend"`);
    assert.ok(claimed > 2 * Number(truth.spend), `query 2 claims ${claimed} against ${truth.spend}`);
    close(result.tree.spend, Number(truth.spend), 'root');
  });

  test("query 3's SUM(DISTINCT) drops equal amounts; the organisation nodes match brute force", async () => {
    const rows = await q(QUERY_3);
    const truth = await q(
      `SELECT organization_id, sum(spend)::float8 AS spend FROM "LiteLLM_TeamTable" WHERE organization_id IS NOT NULL GROUP BY 1`,
    );
    const twinOrg = (await q(`SELECT organization_id FROM "LiteLLM_TeamTable" WHERE team_id = 'twin-team'`))[0].organization_id;
    const row = rows.find((r) => r.organization_id === twinOrg)!;
    const expected = Number(truth.find((x) => x.organization_id === twinOrg)!.spend);
    assert.ok(
      Number(row.total_team_spend) < expected - 1e-9,
      `query 3 total_team_spend ${row.total_team_spend} < Σ team spend ${expected}`,
    );
    // The demo writes a team row for every request (team '' for teamless keys), so the team table holds it all.
    assert.equal(result.reconciliation.lines.find((l) => l.check === 'daily-user-vs-daily-team')?.status, 'match');
    // Organisations at request time (fact 1): LiteLLM_DailyOrganizationSpend covers the whole period here (it starts
    // at its migration, long before), so each organisation is its rows there and the rest has no organisation.
    const [coverage] = await q(`SELECT min(date) AS first FROM "LiteLLM_DailyOrganizationSpend"`);
    assert.ok(String(coverage.first) <= FROM, `the organisation table covers the period (from ${coverage.first})`);
    const brute = await q(
      `WITH o AS (SELECT organization_id AS org, sum(spend)::float8 AS spend FROM "LiteLLM_DailyOrganizationSpend"
                                      WHERE date >= $1 AND date <= $2 AND organization_id <> '' GROUP BY 1)
      SELECT org, spend FROM o
      UNION ALL SELECT '', (SELECT sum(spend) FROM "LiteLLM_DailyUserSpend" WHERE date >= $1 AND date <= $2)::float8 - (SELECT COALESCE(sum(spend), 0) FROM o)`,
      [FROM, TO],
    );
    assert.equal(result.tree.children.length, brute.length);
    for (const b of brute) close(result.tree.children.find((o) => o.id === b.org)!.spend, Number(b.spend), `organisation ${b.org}`);
  });
});
