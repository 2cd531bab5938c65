import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { computeAttribution } from '../../src/core/attribution/compute';
import { MEASURE_KEYS } from '../../src/core/attribution/measures';
import { hashMasterKey } from '../../src/core/db/masterKey';
import { DEMO_MASTER_KEY } from '../../src/core/demo/gen/cast';
import type { AttributionNode, AttributionResult, Measures } from '../../src/core/attribution/types';
import { openDatabase, type LensDatabase } from '../../src/core/db/database';
import { Capabilities } from '../../src/core/schema/capabilities';
import { introspect } from '../../src/core/schema/introspect';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

// The demo data of the harness runs 2026-08-03 … 2026-10-31; SpendLogs survive from 2026-09-02.
const FROM = '2026-08-03';
const TO = '2026-10-31';
const FX_DAY = '2026-10-10';
const FX_DAY2 = '2026-10-11';

const MEASURE_SQL = `sum(spend)::float8 AS spend, sum(api_requests)::float8 AS "apiRequests", sum(successful_requests)::float8 AS "successfulRequests",
  sum(failed_requests)::float8 AS "failedRequests", sum(prompt_tokens)::float8 AS "promptTokens", sum(completion_tokens)::float8 AS "completionTokens",
  sum(cache_read_input_tokens)::float8 AS "cacheReadInputTokens", sum(cache_creation_input_tokens)::float8 AS "cacheCreationInputTokens"`;

function close(actual: number, expected: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)), `${what}: ${actual} vs ${expected}`);
}

function closeMeasures(actual: Measures, expected: Record<string, unknown>, what: string): void {
  for (const k of MEASURE_KEYS) close(actual[k], Number(expected[k] ?? 0), `${what} ${k}`);
}

function nodes(root: AttributionNode, level?: AttributionNode['level']): AttributionNode[] {
  const out: AttributionNode[] = [];
  const visit = (n: AttributionNode) => {
    if (!level || n.level === level) out.push(n);
    n.children.forEach(visit);
  };
  visit(root);
  return out;
}

function sumNodes(list: AttributionNode[]): Measures {
  const m = Object.fromEntries(MEASURE_KEYS.map((k) => [k, 0])) as unknown as Measures;
  for (const n of list) for (const k of MEASURE_KEYS) m[k] += n[k];
  return m;
}

/** Daily rows LiteLLM could have written, with every counter derived from spend and requests. */
async function daily(
  t: TestDatabase,
  table: string,
  entityColumn: string,
  rows: [entity: string, date: string, apiKey: string, model: string | null, spend: number, requests: number][],
): Promise<void> {
  for (const [entity, date, apiKey, model, spend, requests] of rows) {
    await t.admin.query(
      `INSERT INTO "${table}" (id, ${entityColumn}, date, api_key, model, model_group, custom_llm_provider, prompt_tokens, completion_tokens,
        cache_read_input_tokens, cache_creation_input_tokens, spend, api_requests, successful_requests, failed_requests, updated_at)
      VALUES (md5(random()::text), $1, $2, $3, $4, $4, 'openai', $6 * 100, $6 * 10, $6 * 3, $6, $5, $6, $6 - 1, 1, now())`,
      [entity, date, apiKey, model, spend, requests],
    );
  }
}

/**
 * Edge cases on top of the demo data: a key without a team (no team rows at all), a key that had no team then
 * and has one now, a key shared by two owners on one day, keys no key table knows, the empty key, NULL models,
 * team rows without user rows, and malformed members_with_roles.
 */
async function addEdgeCases(t: TestDatabase): Promise<{ team: string; org: string | null }> {
  const q = async (sql: string, params: unknown[] = []) => (await t.admin.query(sql, params)).rows;
  const [team] = await q(
    `SELECT team_id, organization_id FROM "LiteLLM_TeamTable" WHERE organization_id IS NOT NULL ORDER BY team_id LIMIT 1`,
  );
  const teamId = String(team.team_id);
  await q(
    `INSERT INTO "LiteLLM_UserTable" (user_id, user_alias, teams) VALUES ('fx-alice', 'Fixture Alice', '{}'), ('fx-bob', NULL, '{}')`,
  );
  await q(
    `INSERT INTO "LiteLLM_VerificationToken" (token, key_alias, user_id, team_id) VALUES
    ('fx-teamless', 'fixture teamless', 'fx-alice', NULL), ('fx-now-team', 'fixture now in a team', 'fx-bob', $1),
    ('fx-shared', 'fixture shared', 'fx-alice', $1)`,
    [teamId],
  );
  await daily(t, 'LiteLLM_DailyUserSpend', 'user_id', [
    ['fx-alice', FX_DAY, 'fx-teamless', 'gpt-fx', 1.25, 3],
    ['fx-alice', FX_DAY2, 'fx-teamless', null, 0.5, 2],
    // A NULL and an empty model are one model ('', dailyFacts.ts reads NULL as ''), in the period's scan too.
    ['fx-alice', FX_DAY, 'fx-teamless', '', 0.25, 1],
    ['fx-bob', FX_DAY, 'fx-now-team', 'gpt-fx', 0.75, 2],
    ['fx-alice', FX_DAY, 'fx-shared', 'gpt-fx', 1.5, 3],
    ['fx-bob', FX_DAY, 'fx-shared', 'gpt-fx', 0.5, 1],
    ['fx-alice', FX_DAY2, 'fx-shared', 'gpt-fx', 1, 2],
    ['', FX_DAY, 'fx-unknown-key-0123456789abcdef', 'gpt-fx', 0.3, 1],
    ['', FX_DAY, '', null, 0.2, 1],
  ]);
  await daily(t, 'LiteLLM_DailyTeamSpend', 'team_id', [
    [teamId, FX_DAY, 'fx-shared', 'gpt-fx', 2, 4],
    [teamId, FX_DAY2, 'fx-shared', 'gpt-fx', 1, 2],
    ['', FX_DAY, 'fx-unknown-key-0123456789abcdef', 'gpt-fx', 0.3, 1],
    ['', FX_DAY, '', null, 0.2, 1],
    [teamId, FX_DAY, 'fx-orphan-team-row', 'gpt-fx', 0.4, 1],
  ]);
  const others = await q(`SELECT team_id FROM "LiteLLM_TeamTable" WHERE team_id <> $1 ORDER BY team_id LIMIT 2`, [teamId]);
  await q(`UPDATE "LiteLLM_TeamTable" SET members_with_roles = '"not an array"'::jsonb WHERE team_id = $1`, [others[0].team_id]);
  await q(
    `UPDATE "LiteLLM_TeamTable" SET members_with_roles = '[1, {"role": "user"}, {"user_id": "fx-alice", "role": "admin"}]'::jsonb WHERE team_id = $1`,
    [others[1].team_id],
  );
  return { team: teamId, org: team.organization_id === null ? null : String(team.organization_id) };
}

for (const version of ['1.83', 'early-2025'] as const) {
  describe(`attribution invariants on ${version} demo data with edge cases`, () => {
    let t: TestDatabase;
    let db: LensDatabase;
    let caps: Capabilities;
    let fx: { team: string; org: string | null };
    let daily: AttributionResult;
    let requests: AttributionResult;
    const brute = async (sql: string, params: unknown[] = [FROM, TO]) =>
      (await t.admin.query(sql, params)).rows as Record<string, unknown>[];

    before(async () => {
      t = await createTestDatabase({ version });
      fx = await addEdgeCases(t);
      db = await openDatabase({ url: t.url });
      caps = new Capabilities(await introspect(db));
      // The demo stores master-key spend under the key's hash, as LiteLLM does by default; the user gives the key.
      daily = await computeAttribution(db, caps, { from: FROM, to: TO, masterKeyHash: hashMasterKey(DEMO_MASTER_KEY) });
      requests = await computeAttribution(db, caps, { from: FROM, to: TO, basis: 'requests' });
    });
    after(async () => {
      await db?.close();
      await t?.drop();
    });

    test('root total = Σ LiteLLM_DailyUserSpend, for every measure', async () => {
      const [truth] = await brute(`SELECT ${MEASURE_SQL} FROM "LiteLLM_DailyUserSpend" WHERE date >= $1 AND date <= $2`);
      closeMeasures(daily.tree, truth, 'root');
      close(daily.reconciliation.totals.dailyUserSpend, Number(truth.spend), 'reconciliation total');
    });

    test('children sum exactly to their parent at every level, unassigned nodes included', () => {
      for (const root of [daily.tree, requests.tree]) {
        for (const n of nodes(root)) {
          if (n.children.length === 0) continue;
          for (const k of MEASURE_KEYS) {
            assert.equal(
              n[k],
              n.children.reduce((s, c) => s + c[k], 0),
              `${n.path} ${k}`,
            );
          }
          close(
            n.children.reduce((s, c) => s + c.share, 0),
            n.spend === 0 ? 0 : 1,
            `${n.path} shares`,
          );
        }
      }
      assert.ok(
        nodes(daily.tree).some((n) => n.status === 'unassigned'),
        'unassigned nodes exist',
      );
    });

    test('every team node = Σ LiteLLM_DailyTeamSpend of that team; the no-team-row branch = the rest', async () => {
      const truth = await brute(
        `SELECT COALESCE(team_id, '') AS team, ${MEASURE_SQL} FROM "LiteLLM_DailyTeamSpend" WHERE date >= $1 AND date <= $2 GROUP BY 1`,
      );
      const teamNodes = nodes(daily.tree, 'team');
      for (const row of truth) closeMeasures(sumNodes(teamNodes.filter((n) => n.id === row.team)), row, `team ${row.team}`);
      const known = new Set(truth.map((r) => r.team));
      for (const n of teamNodes) assert.ok(n.id === null || known.has(n.id), `team node ${n.id} has team rows`);
      const [users] = await brute(`SELECT ${MEASURE_SQL} FROM "LiteLLM_DailyUserSpend" WHERE date >= $1 AND date <= $2`);
      const [teams] = await brute(`SELECT ${MEASURE_SQL} FROM "LiteLLM_DailyTeamSpend" WHERE date >= $1 AND date <= $2`);
      const rest = sumNodes(teamNodes.filter((n) => n.status === 'no-team-row'));
      for (const k of MEASURE_KEYS) close(rest[k], Number(users[k]) - Number(teams[k]), `no-team-row ${k}`);
    });

    test('per user, per key and per (key, model) the tree matches LiteLLM_DailyUserSpend', async () => {
      const byUser = await brute(
        `SELECT COALESCE(user_id, '') AS id, ${MEASURE_SQL} FROM "LiteLLM_DailyUserSpend" WHERE date >= $1 AND date <= $2 GROUP BY 1`,
      );
      for (const row of byUser) closeMeasures(sumNodes(nodes(daily.tree, 'user').filter((n) => n.id === row.id)), row, `user ${row.id}`);
      // A regenerated key is one node under its current hash: its old hash's rows count there (one hop: the demo
      // regenerates a key once).
      const rows = caps.hasTable('LiteLLM_DeprecatedVerificationToken')
        ? `(SELECT d.*, COALESCE(r.active_token_id, d.api_key) AS key_now FROM "LiteLLM_DailyUserSpend" d
             LEFT JOIN "LiteLLM_DeprecatedVerificationToken" r ON r.token = d.api_key) x`
        : `(SELECT d.*, d.api_key AS key_now FROM "LiteLLM_DailyUserSpend" d) x`;
      const byKey = await brute(`SELECT key_now AS id, ${MEASURE_SQL} FROM ${rows} WHERE date >= $1 AND date <= $2 GROUP BY 1`);
      for (const row of byKey) closeMeasures(sumNodes(nodes(daily.tree, 'key').filter((n) => n.id === row.id)), row, `key ${row.id}`);
      const byModel = await brute(
        `SELECT key_now || '|' || COALESCE(model, '') AS id, ${MEASURE_SQL} FROM ${rows} WHERE date >= $1 AND date <= $2 GROUP BY 1`,
      );
      const models = nodes(daily.tree, 'model');
      for (const row of byModel) {
        const [apiKey, model] = String(row.id).split('|');
        closeMeasures(
          sumNodes(models.filter((n) => n.id === model && n.path.includes(`/k:${encodeURIComponent(apiKey)}/`))),
          row,
          `key/model ${row.id}`,
        );
      }
    });

    test("a key shared by two owners on one day is apportioned exactly; requests split by each user's share", () => {
      const shared = nodes(daily.tree, 'key').filter((n) => n.id === 'fx-shared');
      assert.ok(
        shared.every((n) => n.apportioned),
        'marked apportioned',
      );
      const bob = shared.find((n) => n.path.includes('/u:fx-bob/') && n.path.includes(`/t:${encodeURIComponent(fx.team)}/`));
      assert.ok(bob, 'bob has a share of the team rows');
      close(bob.spend, 0.5, 'bob team spend (0.5 of 2.0 on that day)');
      close(bob.apiRequests, 1, 'bob requests');
    });

    test('keys without a team, keys that got one, unknown, empty and deleted keys are explicit nodes', () => {
      const byId = (id: string) => nodes(daily.tree, 'key').filter((n) => n.id === id);
      const teamless = byId('fx-teamless');
      assert.equal(teamless.length, 1);
      const noModel = teamless[0].children.filter((n) => n.id === '');
      assert.equal(noModel.length, 1, 'one node for the NULL and the empty model');
      close(noModel[0].spend, 0.75, 'NULL model 0.5 + empty model 0.25');
      assert.equal(noModel[0].apiRequests, 3);
      assert.ok(teamless[0].path.startsWith('o:/t#none/'), `teamless key under (no organisation)/(no team row): ${teamless[0].path}`);
      assert.equal(byId('fx-unknown-key-0123456789abcdef')[0].status, 'unknown');
      assert.match(byId('fx-unknown-key-0123456789abcdef')[0].name, /^unknown key fx-unkno/);
      assert.equal(byId('')[0].status, 'unassigned');
      assert.ok(
        nodes(daily.tree, 'key').some((n) => n.status === 'master-key'),
        'master key node',
      );
      assert.ok(
        nodes(daily.tree, 'model').some((n) => n.id === '' && n.status === 'unassigned'),
        'NULL model node',
      );
      const deleted = nodes(daily.tree, 'key').filter((n) => n.name.startsWith('bob-old-laptop'));
      if (version === 'early-2025') assert.equal(deleted.length, 0, 'no deleted-key table: the key is unknown');
      else {
        assert.ok(
          deleted.length > 0 && deleted.every((n) => n.status === 'deleted'),
          'deleted key named from LiteLLM_DeletedVerificationToken',
        );
      }
    });

    test('Σ DailyUserSpend vs Σ DailyTeamSpend: every delta has its cause', () => {
      const line = daily.reconciliation.lines.find((l) => l.check === 'daily-user-vs-daily-team');
      assert.ok(line);
      const cause = (c: string) => line.explained.find((e) => e.cause === c)?.spend ?? 0;
      close(cause('no-team'), 2, 'no-team: fx-teamless (1.25 + 0.5 + 0.25)');
      close(cause('key-moved-between-teams'), 0.75, 'key-moved: fx-now-team');
      close(line.unexplained, -0.4, 'team rows without user rows');
      assert.equal(line.status, 'unexplained');
    });

    test('request basis total = Σ LiteLLM_SpendLogs of the period', async () => {
      const [truth] =
        await brute(`SELECT sum(spend)::float8 AS spend, count(*)::float8 AS n, sum(prompt_tokens)::float8 AS p FROM "LiteLLM_SpendLogs"
        WHERE "startTime" >= $1::timestamp AND "startTime" < $2::timestamp + interval '1 day'`);
      close(requests.tree.spend, Number(truth.spend), 'spend');
      close(requests.tree.apiRequests, Number(truth.n), 'requests');
      close(requests.tree.promptTokens, Number(truth.p), 'prompt tokens');
      close(requests.reconciliation.totals.spendLogs ?? NaN, Number(truth.spend), 'reconciliation spendLogs');
      assert.equal(requests.spendLogs.complete, false, 'retention: SpendLogs do not reach back to the start');
    });

    test('trend: daily totals = Σ LiteLLM_DailyUserSpend per day; top lists ordered', async () => {
      const truth = await brute(
        `SELECT date, sum(spend)::float8 AS spend FROM "LiteLLM_DailyUserSpend" WHERE date >= $1 AND date <= $2 GROUP BY date`,
      );
      for (const r of truth) close(daily.trend.total[daily.trend.days.indexOf(String(r.date))], Number(r.spend), `day ${r.date}`);
      close(
        daily.trend.byTeam.reduce((s, x) => s + x.spend.reduce((a, b) => a + b, 0), 0),
        daily.tree.spend,
        'team series add up to the total',
      );
      const spends = daily.trend.top.keys.map((k) => k.spend);
      assert.deepEqual(
        spends,
        [...spends].sort((a, b) => b - a),
      );
      assert.equal(daily.trend.top.keys.length, 10);
    });

    test('members: malformed and legacy members_with_roles are read without failing', () => {
      const statuses = new Set(daily.members.teams.map((m) => m.membersWithRoles));
      assert.ok(statuses.has('malformed'), 'malformed rosters reported');
      assert.ok(statuses.has('legacy-object'), 'legacy {} reported');
      const partial = daily.members.teams.find((m) => m.members.some((x) => x.userId === 'fx-alice' && x.listed));
      assert.ok(partial, 'the usable entry of a partly malformed array is read');
    });

    test("organisations: beside DailyOrganizationSpend where it exists, else the keys' current organisation", async () => {
      for (const org of daily.tree.children) assert.ok(org.comparison, `comparison on ${org.path}`);
      if (version === 'early-2025') {
        assert.ok(daily.schema.missing.includes('LiteLLM_DailyOrganizationSpend'));
        assert.ok(daily.tree.children.every((o) => o.comparison?.source === 'key-current-org'));
        return;
      }
      const truth = await brute(
        `SELECT COALESCE(organization_id, '') AS org, sum(spend)::float8 AS spend FROM "LiteLLM_DailyOrganizationSpend" WHERE date >= $1 AND date <= $2 GROUP BY 1`,
      );
      for (const row of truth) {
        const node = daily.tree.children.find((o) => o.id === row.org);
        if (node) close(node.comparison!.spend, Number(row.spend), `org ${row.org}`);
      }
      for (const org of daily.tree.children) close(org.comparison!.delta, org.spend - org.comparison!.spend, 'delta');
    });
  });
}
