import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { computeAttribution } from '../../src/core/attribution/compute';
import type { AttributionNode, AttributionOptions, AttributionResult, ReconciliationLine } from '../../src/core/attribution/types';
import { openDatabase, type LensDatabase } from '../../src/core/db/database';
import { Capabilities } from '../../src/core/schema/capabilities';
import { introspect } from '../../src/core/schema/introspect';
import { addDaily, addLogs, createFixtureDb, type FixtureDb } from '../support/litellmRows';
import { LOGS_FROM, MASTER_HASH, ORG_FROM, createRequestTimeFixture } from '../support/requestTimeFixture';

const close = (a: number, b: number, what: string) =>
  assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);
const nodesAt = (root: AttributionNode, level: AttributionNode['level']): AttributionNode[] =>
  root.level === level ? [root] : root.children.flatMap((c) => nodesAt(c, level));
const sum = (list: AttributionNode[], pick: (n: AttributionNode) => number = (n) => n.spend) => list.reduce((s, n) => s + pick(n), 0);
const cause = (line: ReconciliationLine | undefined, c: string) => line?.explained.find((x) => x.cause === c)?.spend ?? 0;

describe('attribution on LiteLLM 1.83 rows as LiteLLM writes them (request-time team and organisation, coverage, master and rotated keys)', () => {
  let fx: FixtureDb;
  let db: LensDatabase;
  let caps: Capabilities;
  const run = (opts: Partial<AttributionOptions> & { from: string; to: string }) =>
    computeAttribution(db, caps, { masterKeyHash: MASTER_HASH, ...opts });
  const brute = async (sql: string, params: unknown[]) => (await fx.q(sql, params)).map((r) => [String(r.id), Number(r.spend)] as const);
  let october: AttributionResult;
  let covered: AttributionResult;

  before(async () => {
    fx = await createRequestTimeFixture();
    db = await openDatabase({ url: fx.url });
    caps = new Capabilities(await introspect(db));
    october = await run({ from: '2026-10-01', to: '2026-10-31' });
    covered = await run({ from: ORG_FROM, to: '2026-10-31' });
  });
  after(async () => {
    await db?.close();
    await fx?.drop();
  });

  test("each daily table's coverage (first and last date) is detected and reported", () => {
    const c = Object.fromEntries(october.coverage.map((x) => [x.table, [x.firstDate, x.lastDate]]));
    assert.deepEqual(c.LiteLLM_DailyOrganizationSpend, [ORG_FROM, '2026-10-31']);
    assert.deepEqual(c.LiteLLM_DailyTeamSpend, ['2026-09-01', '2026-10-31']);
    assert.deepEqual(c.LiteLLM_DailyEndUserSpend, [null, null], 'a table without rows has no coverage');
  });

  test('where DailyOrganizationSpend covers the period, organisation nodes = Σ DailyOrganizationSpend per organisation', async () => {
    const truth = await brute(
      `SELECT organization_id AS id, sum(spend)::float8 AS spend FROM "LiteLLM_DailyOrganizationSpend" WHERE date >= $1 AND date <= $2 GROUP BY 1`,
      [ORG_FROM, '2026-10-31'],
    );
    assert.equal(truth.length, 2);
    for (const [org, spend] of truth) close(sum(covered.tree.children.filter((o) => o.id === org)), spend, `org ${org}`);
    const [[, all]] = await brute(
      `SELECT '' AS id, sum(spend)::float8 AS spend FROM "LiteLLM_DailyUserSpend" WHERE date >= $1 AND date <= $2`,
      [ORG_FROM, '2026-10-31'],
    );
    close(sum(covered.tree.children.filter((o) => o.id === '')), all - truth.reduce((s, [, v]) => s + v, 0), 'no organisation = the rest');
    assert.ok(
      covered.tree.children.every(
        (o) => o.comparison?.unexplained === 0 && o.comparison.explained.every((e) => e.cause === 'no-organisation'),
      ),
    );
  });

  test('a key moved between teams and organisations mid-period: each part under the organisation of its day', async () => {
    const truth = await brute(
      `SELECT organization_id AS id, sum(spend)::float8 AS spend FROM "LiteLLM_DailyOrganizationSpend" WHERE api_key = $1 AND date >= $2 GROUP BY 1`,
      ['k-move', ORG_FROM],
    );
    const keyUnder = (org: string, key: string) =>
      sum(nodesAt(covered.tree, 'key').filter((k) => k.id === key && k.path.startsWith(`o:${org}/`)));
    for (const [org, spend] of truth) close(keyUnder(org, 'k-move'), spend, `k-move under ${org}`);
    close(keyUnder('org-a', 'k-move'), 5, 'team-1 / org-a, 10-15 … 10-19');
    const teams = nodesAt(covered.tree, 'team').filter((t) => t.children.some((u) => u.children.some((k) => k.id === 'k-move')));
    assert.deepEqual(teams.map((t) => t.path.split('/').slice(0, 2).join('/')).sort(), ['o:org-a/t:team-1', 'o:org-b/t:team-2']);
    // A teamless key whose own organisation changed on 10-25.
    close(keyUnder('org-a', 'k-solo'), 10 * 0.5, 'k-solo under org-a');
    close(keyUnder('org-b', 'k-solo'), 7 * 0.5, 'k-solo under org-b');
  });

  test('DailyOrganizationSpend starting mid-period: "not recorded yet", no unexplained delta', async () => {
    const line = october.reconciliation.lines.find((l) => l.check === 'daily-user-vs-daily-organization');
    assert.ok(line);
    const [[, before]] = await brute(
      `SELECT '' AS id, sum(spend)::float8 AS spend FROM "LiteLLM_DailyUserSpend" WHERE date >= '2026-10-01' AND date < $1`,
      [ORG_FROM],
    );
    const [[, noOrg]] = await brute(
      `SELECT '' AS id, sum(spend)::float8 AS spend FROM "LiteLLM_DailyUserSpend" WHERE date >= $1 AND date <= '2026-10-31' AND api_key IN ('k-noorg', $2)`,
      [ORG_FROM, MASTER_HASH],
    );
    close(cause(line, 'not-recorded-yet'), before, 'not recorded yet = the days before the first row');
    assert.match(line.explained.find((e) => e.cause === 'not-recorded-yet')!.detail, /not recorded by this LiteLLM yet/);
    close(cause(line, 'no-organisation'), noOrg, 'no organisation at request time');
    assert.deepEqual([line.unexplained, line.status], [0, 'explained']);
    const orgLines = october.reconciliation.lines.filter((l) => l.check === 'tree-organisation-vs-request-organisation');
    assert.ok(
      orgLines.length > 0 && orgLines.every((l) => l.unexplained === 0),
      JSON.stringify(orgLines.filter((l) => l.unexplained !== 0)),
    );
    assert.ok(orgLines.some((l) => cause(l, 'not-recorded-yet') > 0));
    assert.ok(
      !october.reconciliation.lines.some((l) =>
        l.explained.some((e) => e.cause === 'key-moved-between-teams' && l.check === 'daily-user-vs-daily-team'),
      ),
    );
  });

  test("every request has a DailyTeamSpend row in 1.83 (team '' for teamless keys): user and team tables match", () => {
    const line = october.reconciliation.lines.find((l) => l.check === 'daily-user-vs-daily-team');
    assert.equal(line?.status, 'match');
    assert.ok(!nodesAt(october.tree, 'team').some((t) => t.status === 'no-team-row'));
  });

  test('master-key spend stored as the hash is recognised and labelled; without the key it is an unknown key', async () => {
    const master = nodesAt(october.tree, 'key').filter((k) => k.id === MASTER_HASH);
    assert.equal(master.length, 1);
    assert.deepEqual([master[0].status, master[0].name], ['master-key', '(master key)']);
    close(master[0].spend, 31 * 0.125, 'master-key spend');
    const anonymous = await computeAttribution(db, caps, { from: '2026-10-01', to: '2026-10-31' });
    assert.equal(nodesAt(anonymous.tree, 'key').find((k) => k.id === MASTER_HASH)?.status, 'unknown');
  });

  test('a regenerated key is one key with its history (old hash through LiteLLM_DeprecatedVerificationToken)', () => {
    const keys = nodesAt(october.tree, 'key');
    assert.equal(keys.filter((k) => k.id === 'old-hash').length, 0, 'no separate node for the old hash');
    const rotated = keys.filter((k) => k.id === 'new-hash');
    assert.equal(rotated.length, 1);
    assert.deepEqual([rotated[0].name, rotated[0].formerTokens], ['rotated', ['old-hash']]);
    close(rotated[0].spend, 31 * 2, 'old hash 10-01 … 10-09 and new hash 10-10 … 10-31');
    const counter = october.reconciliation.lines.find((l) => l.check === 'counter-vs-daily' && l.id === 'new-hash');
    assert.equal(counter?.status, 'match', 'the key counter kept its spend across regeneration');
  });

  test('SpendLogs vs daily: retention before the first log day, the twice-retrieved batch as duplicate request_ids, no skipped requests', () => {
    const line = october.reconciliation.lines.find((l) => l.check === 'daily-user-vs-spend-logs');
    assert.ok(line);
    close(cause(line, 'duplicate-request-ids'), 2, 'one repeated retrieval of a 2.0 USD batch');
    assert.equal(cause(line, 'skipped-requests'), 0, "rows without a model are in the daily tables (model '') in 1.83");
    assert.ok(cause(line, 'retention') > 0);
    assert.equal(october.spendLogs.coveredFrom, LOGS_FROM);
    assert.deepEqual([line.unexplained, line.status], [0, 'explained']);
    assert.ok(nodesAt(october.tree, 'model').some((m) => m.id === '' && m.name === '(no model)'));
    // Per user, team (team '' included: 1.83 writes it) and organisation over the covered days.
    const perEntity = october.reconciliation.lines.filter((l) => l.check === 'daily-vs-spend-logs');
    assert.ok(perEntity.some((l) => l.scope === 'team' && l.id === '' && l.status === 'match'));
    assert.deepEqual(
      perEntity.filter((l) => l.unexplained !== 0),
      [],
    );
    for (const [scope, id] of [
      ['user', 'alice'],
      ['team', 'team-2'],
      ['organization', 'org-b'],
    ]) {
      close(
        cause(
          perEntity.find((l) => l.scope === scope && l.id === id),
          'duplicate-request-ids',
        ),
        2,
        `${scope} ${id}`,
      );
    }
  });

  test("failures are SpendLogs rows with status 'failure'; a row without status is a success", async () => {
    const requests = await run({ from: LOGS_FROM, to: '2026-10-31', basis: 'requests' });
    const [[, n]] = await brute(`SELECT '' AS id, count(*)::float8 AS spend FROM "LiteLLM_SpendLogs" WHERE "startTime" >= $1::date`, [
      LOGS_FROM,
    ]);
    assert.deepEqual([requests.tree.apiRequests, requests.tree.failedRequests, requests.tree.successfulRequests], [n, 2, n - 2]);
    const daily = await run({ from: LOGS_FROM, to: '2026-10-31' });
    assert.equal(daily.tree.failedRequests, 2);
  });

  test('counters: team-1 reset on the 1st (calendar window), organisation and tag counters are lifetime, the proxy-budget user is no drift', async () => {
    const lines = october.reconciliation.lines.filter((l) => l.check === 'counter-vs-daily');
    const team = lines.find((l) => l.id === 'team-1');
    assert.equal(team?.status, 'explained', JSON.stringify(team));
    assert.equal(team.unexplained, 0);
    const [[, september]] = await brute(
      `SELECT '' AS id, sum(spend)::float8 AS spend FROM "LiteLLM_DailyTeamSpend" WHERE team_id = 'team-1' AND date < '2026-10-01'`,
      [],
    );
    close(cause(team, 'budget-reset'), -september, 'the reset dropped exactly September');
    for (const id of ['org-a', 'org-b', 'prod']) assert.equal(lines.find((l) => l.id === id)?.status, 'match', `${id} counter is lifetime`);
    assert.ok(!lines.some((l) => l.id === 'litellm-proxy-budget'));
    const budget = october.budgets.find((b) => b.entity === 'team' && b.id === 'team-1');
    assert.deepEqual([budget?.windowStart, budget?.lifetime], ['2026-10-01T00:00:00.000Z', false]);
    const org = october.budgets.find((b) => b.entity === 'organization' && b.id === 'org-a');
    assert.deepEqual([org?.windowStart, org?.lifetime, org?.budgetDuration], [null, true, '30d']);
    assert.equal(october.budgets.find((b) => b.id === 'litellm-proxy-budget')?.name, '(global proxy budget)');
  });

  test('the budget timezone is where boundaries are looked for; an unknown zone is a usage error', async () => {
    const ny = await run({ from: '2026-10-01', to: '2026-10-31', budgetTimezone: 'America/New_York' });
    assert.equal(ny.budgetTimezone, 'America/New_York');
    // Stored 2026-11-01 00:00 UTC is 2026-10-31 20:00 in New York: not a boundary there, so 30 wall-clock days back.
    assert.equal(ny.budgets.find((b) => b.id === 'team-1')?.windowStart, '2026-10-02T00:00:00.000Z');
    await assert.rejects(
      run({ from: '2026-10-01', to: '2026-10-31', budgetTimezone: 'Nowhere/Atlantis' }),
      (e: Error & { kind?: string }) => e.kind === 'usage',
    );
  });
});

/**
 * An early-2025 LiteLLM wrote differently (the capability report says which one is connected): no team row for a
 * key without a team (the writer skipped team_id None), no daily row for a request without a model, and no
 * organisation table. The causes follow that version.
 */
describe('attribution on early-2025 rows as that LiteLLM wrote them', () => {
  let fx: FixtureDb;
  let db: LensDatabase;
  let result: AttributionResult;

  before(async () => {
    fx = await createFixtureDb('early-2025');
    await fx.q(`INSERT INTO "LiteLLM_BudgetTable" (budget_id, created_by, updated_by) VALUES ('b', 'fx', 'fx')`);
    await fx.q(
      `INSERT INTO "LiteLLM_OrganizationTable" (organization_id, organization_alias, budget_id, created_by, updated_by, updated_at) VALUES ('org-a', 'Org A', 'b', 'fx', 'fx', now())`,
    );
    await fx.q(
      `INSERT INTO "LiteLLM_TeamTable" (team_id, team_alias, organization_id, updated_at) VALUES ('team-1', 'Team One', 'org-a', now())`,
    );
    await fx.q(
      `INSERT INTO "LiteLLM_VerificationToken" (token, key_alias, user_id, team_id) VALUES ('k-team', 'team key', 'alice', 'team-1'), ('k-teamless', 'teamless', 'bob', NULL)`,
    );
    const days = ['2026-10-20', '2026-10-21', '2026-10-22'];
    await addDaily(
      fx,
      'LiteLLM_DailyUserSpend',
      days.flatMap((date) => [
        { entity: 'alice', date, apiKey: 'k-team', model: 'gpt-4o', spend: 1, requests: 1 },
        { entity: 'bob', date, apiKey: 'k-teamless', model: 'gpt-4o', spend: 0.5, requests: 1 },
      ]),
    );
    await addDaily(
      fx,
      'LiteLLM_DailyTeamSpend',
      days.map((date) => ({ entity: 'team-1', date, apiKey: 'k-team', model: 'gpt-4o', spend: 1, requests: 1 })),
    );
    await addLogs(fx, [
      ...days.flatMap((date, i) => [
        {
          requestId: `a${i}`,
          startTime: `${date} 10:00:00`,
          apiKey: 'k-team',
          user: 'alice',
          teamId: 'team-1',
          orgId: null,
          model: 'gpt-4o',
          spend: 1,
        },
        {
          requestId: `b${i}`,
          startTime: `${date} 11:00:00`,
          apiKey: 'k-teamless',
          user: 'bob',
          teamId: '',
          orgId: null,
          model: 'gpt-4o',
          spend: 0.5,
        },
      ]),
      // A pass-through call without a model: logged, but this LiteLLM left it out of the daily tables.
      {
        requestId: 'no-model',
        startTime: '2026-10-21 12:00:00',
        apiKey: 'k-team',
        user: 'alice',
        teamId: 'team-1',
        orgId: null,
        model: '',
        spend: 0.4,
      },
    ]);
    db = await openDatabase({ url: fx.url });
    result = await computeAttribution(db, new Capabilities(await introspect(db)), { from: '2026-10-20', to: '2026-10-22' });
  });
  after(async () => {
    await db?.close();
    await fx?.drop();
  });

  test('keys without a team had no team row: cause no-team, not "not recorded yet"', () => {
    const line = result.reconciliation.lines.find((l) => l.check === 'daily-user-vs-daily-team');
    close(cause(line, 'no-team'), 1.5, 'the teamless key');
    assert.equal(cause(line, 'not-recorded-yet'), 0);
    assert.deepEqual([line?.unexplained, line?.status], [0, 'explained']);
  });

  test('requests without a model were skipped by the daily tables: cause skipped-requests', () => {
    const line = result.reconciliation.lines.find((l) => l.check === 'daily-user-vs-spend-logs');
    close(cause(line, 'skipped-requests'), -0.4, 'the pass-through call');
    assert.deepEqual([line?.unexplained, line?.status], [0, 'explained']);
  });

  test("no organisation table: no coverage for it, organisations from the team now, compared with the keys' own", () => {
    assert.ok(!result.coverage.some((c) => c.table === 'LiteLLM_DailyOrganizationSpend'));
    const org = result.tree.children.find((o) => o.id === 'org-a');
    close(org?.spend ?? NaN, 3, "k-team under its team's organisation");
    assert.equal(org?.comparison?.source, 'key-current-org');
    assert.equal(nodesAt(result.tree, 'team').find((t) => t.id === 'team-1')?.orgSource, 'team');
  });
});
