import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { requireRunnable } from '../../src/core/analyses/checkRunnable';
import { loadAnalyses } from '../../src/core/analyses/loadAnalyses';
import { runAnalysis } from '../../src/core/analyses/runAnalysis';
import type { Analysis } from '../../src/core/analyses/types';
import { openDatabase, type LensDatabase, type Row } from '../../src/core/db/database';
import { Capabilities } from '../../src/core/schema/capabilities';
import { introspect } from '../../src/core/schema/introspect';
import { addLegacyTeamRows } from '../support/legacyTeamFixture';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

// The original analysis's four queries, verbatim (docs/reference/litellm-database-analysis.md).
const ORIGINAL_VERBATIM = [
  'SELECT u.user_id, u.user_alias, u.team_id as primary_team, u.teams as all_teams, t.team_alias, tm.spend as member_contribution FROM LiteLLM_UserTable u LEFT JOIN LiteLLM_TeamTable t ON u.team_id = t.team_id LEFT JOIN LiteLLM_TeamMembership tm ON u.user_id = tm.user_id AND t.team_id = tm.team_id',
  'SELECT u.user_id, u.user_alias, t.team_id, t.team_alias, SUM(dus.spend) as individual_spend, SUM(dts.spend) as team_shared_spend, tm.spend as member_team_contribution FROM LiteLLM_UserTable u LEFT JOIN LiteLLM_TeamTable t ON u.team_id = t.team_id LEFT JOIN LiteLLM_DailyUserSpend dus ON u.user_id = dus.user_id LEFT JOIN LiteLLM_DailyTeamSpend dts ON t.team_id = dts.team_id LEFT JOIN LiteLLM_TeamMembership tm ON u.user_id = tm.user_id AND t.team_id = tm.team_id GROUP BY u.user_id, u.user_alias, t.team_id, t.team_alias, tm.spend',
  'SELECT o.organization_id, o.organization_alias, COUNT(DISTINCT t.team_id) as team_count, COUNT(DISTINCT u.user_id) as user_count, SUM(DISTINCT t.spend) as total_team_spend, SUM(DISTINCT u.spend) as total_user_spend FROM LiteLLM_OrganizationTable o LEFT JOIN LiteLLM_TeamTable t ON o.organization_id = t.organization_id LEFT JOIN LiteLLM_UserTable u ON o.organization_id = u.organization_id GROUP BY o.organization_id, o.organization_alias',
  'SELECT sl.request_id, sl.startTime, sl.model, sl.spend, sl.user as user_context, sl.team_id, sl.end_user, u.user_alias, t.team_alias, o.organization_alias FROM LiteLLM_SpendLogs sl LEFT JOIN LiteLLM_UserTable u ON sl.user = u.user_id LEFT JOIN LiteLLM_TeamTable t ON sl.team_id = t.team_id LEFT JOIN LiteLLM_OrganizationTable o ON t.organization_id = o.organization_id ORDER BY sl.startTime DESC',
];

// SpendLogs survive from 2026-09-02 (60-day retention); the daily tables cover the whole 90 days.
const LOGS = { from: '2026-09-02', to: '2026-10-31' };
const DAILY = { from: '2026-08-03', to: '2026-10-31' };

function close(actual: unknown, expected: number, what: string): void {
  assert.ok(Math.abs(Number(actual) - expected) <= 1e-9 * Math.max(1, Math.abs(expected)), `${what}: ${actual} vs ${expected}`);
}

function sumBy<T>(rows: T[], key: (r: T) => string, value: (r: T) => number): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of rows) out.set(key(r), (out.get(key(r)) ?? 0) + value(r));
  return out;
}

describe('corrected versions of the original analysis, against brute force', () => {
  let t: TestDatabase;
  let db: LensDatabase;
  let caps: Capabilities;
  const lib = new Map(loadAnalyses({ workspaceDirs: [] }).map((a) => [a.id, a]));
  const analysis = (id: string): Analysis => lib.get(id) ?? assert.fail(`no analysis ${id}`);
  // On 1.83 every optional part is present: the full variant runs, with no missing-figure notes.
  const run = async (id: string, params: Record<string, string>) => {
    const result = await runAnalysis(db, requireRunnable(analysis(id), caps), params, { maxRows: 1_000_000 });
    assert.deepEqual(result.notes, [], id);
    return result.rows;
  };
  const admin = async (sql: string, params: unknown[] = []) => (await t.admin.query(sql, params)).rows as Row[];

  before(async () => {
    t = await createTestDatabase({ version: '1.83' });
    await addLegacyTeamRows(t.admin);
    db = await openDatabase({ url: t.url });
    caps = new Capabilities(await introspect(db, 'public'));
  });
  after(async () => {
    await db?.close();
    await t?.drop();
  });

  test('the four original queries do not run on PostgreSQL as written', async () => {
    for (const sql of ORIGINAL_VERBATIM) {
      await assert.rejects(db.query(sql), /does not exist|syntax error/);
    }
  });

  test('1. user-team membership: every pair from members_with_roles, UserTable.teams and TeamMembership', async () => {
    const teams = await admin(`SELECT team_id, members_with_roles FROM "LiteLLM_TeamTable"`);
    const users = await admin(`SELECT user_id, user_email, teams FROM "LiteLLM_UserTable"`);
    const memberships = await admin(`SELECT user_id, team_id FROM "LiteLLM_TeamMembership"`);
    const expected = new Map<string, { role?: string; listed: boolean; inTeams: boolean; row: boolean }>();
    const entry = (team: string, user: string) => {
      const k = `${team}|${user}`;
      if (!expected.has(k)) expected.set(k, { listed: false, inTeams: false, row: false });
      return expected.get(k) as { role?: string; listed: boolean; inTeams: boolean; row: boolean };
    };
    for (const team of teams) {
      const members = Array.isArray(team.members_with_roles)
        ? (team.members_with_roles as { user_id?: string; user_email?: string; role: string }[])
        : [];
      for (const m of members) {
        const user = m.user_id || users.find((u) => String(u.user_email).toLowerCase() === m.user_email?.toLowerCase())?.user_id;
        if (!user) continue;
        const e = entry(String(team.team_id), String(user));
        e.listed = true;
        e.role = e.role && e.role < m.role ? e.role : m.role;
      }
    }
    for (const u of users) for (const team of (u.teams as string[]) ?? []) if (team) entry(team, String(u.user_id)).inTeams = true;
    for (const m of memberships) entry(String(m.team_id), String(m.user_id)).row = true;

    const rows = await run('user-team-membership', {});
    assert.equal(rows.length, expected.size);
    for (const r of rows) {
      const e = expected.get(`${r.team_id}|${r.user_id}`);
      assert.ok(e, `unexpected pair ${r.team_id}|${r.user_id}`);
      assert.deepEqual(
        [r.role ?? undefined, r.in_members_with_roles, r.in_user_teams, r.has_membership_row],
        [e.role, e.listed, e.inTeams, e.row],
      );
    }
    const perTeam = (pairs: string[]) =>
      sumBy(
        pairs,
        (p) => p.split('|')[0],
        () => 1,
      );
    assert.deepEqual(perTeam(rows.map((r) => `${r.team_id}|${r.user_id}`)), perTeam([...expected.keys()]));
    assert.ok([...expected.values()].filter((e) => e.listed).length >= 13, 'the demo lists at least 13 memberships');

    // The original (quoted so it runs) sees only the legacy single team: one row per user, memberships lost.
    const original = await db.query(ORIGINAL_VERBATIM[0].replace(/LiteLLM_\w+/g, '"$&"'));
    const originalPairs = original.rows.filter((r) => r.team_alias !== null).length;
    assert.ok(originalPairs < expected.size, `original finds ${originalPairs} of ${expected.size} memberships`);
  });

  test('2. spend attribution: each (user, team) slice, user and team totals equal SpendLogs sums', async () => {
    const logs = await admin(
      `SELECT COALESCE("user", '') AS u, COALESCE(team_id, '') AS t, spend FROM "LiteLLM_SpendLogs"
                               WHERE "startTime" >= $1::date AND "startTime" < $2::date + 1`,
      [LOGS.from, LOGS.to],
    );
    const pair = sumBy(
      logs,
      (r) => `${r.u}|${r.t}`,
      (r) => Number(r.spend),
    );
    const perUser = sumBy(
      logs,
      (r) => String(r.u),
      (r) => Number(r.spend),
    );
    const perTeam = sumBy(
      logs,
      (r) => String(r.t),
      (r) => Number(r.spend),
    );
    const rows = await run('spend-attribution', LOGS);
    assert.equal(rows.length, pair.size);
    for (const r of rows) {
      close(r.spend_in_team, pair.get(`${r.user_id}|${r.team_id}`) ?? NaN, `spend of ${r.user_id} in ${r.team_id}`);
      close(r.user_total_spend, perUser.get(String(r.user_id)) ?? NaN, `total of ${r.user_id}`);
      close(r.team_total_spend, perTeam.get(String(r.team_id)) ?? NaN, `total of team ${r.team_id}`);
    }
    const total = logs.reduce((s, r) => s + Number(r.spend), 0);
    close(
      rows.reduce((s, r) => s + Number(r.spend_in_team), 0),
      total,
      'slices add up to total spend',
    );
    const [daily] = await admin(`SELECT SUM(spend) AS s FROM "LiteLLM_DailyUserSpend" WHERE "date" BETWEEN $1 AND $2`, [
      LOGS.from,
      LOGS.to,
    ]);
    // The daily tables count a request logged twice (a batch retrieved twice) twice; SpendLogs skip the repeated
    // request_id (update_spend_logs' skip_duplicates, db_spend_update_writer.py). The demo plants one.
    const duplicated = t.summary.duplicates.filter((d) => d.date >= LOGS.from && d.date <= LOGS.to).reduce((s, d) => s + d.spend, 0);
    close(Number(daily.s) - duplicated, total, 'equals the daily user table within retention, less the duplicated request');

    // The original (quoted, same period) multiplies each user's sum by the team's daily row count.
    const original = await db.query(
      ORIGINAL_VERBATIM[1]
        .replace(/LiteLLM_\w+/g, '"$&"')
        .replace(
          ' GROUP BY',
          ` WHERE (dus."date" IS NULL OR dus."date" BETWEEN '${LOGS.from}' AND '${LOGS.to}') AND (dts."date" IS NULL OR dts."date" BETWEEN '${LOGS.from}' AND '${LOGS.to}') GROUP BY`,
        ),
    );
    const inflated = original.rows.filter(
      (r) => r.individual_spend !== null && Math.abs(Number(r.individual_spend) - (perUser.get(String(r.user_id)) ?? 0)) > 1e-6,
    );
    assert.ok(inflated.length > 0, 'the original fan-out inflates user spend');
  });

  test('3. organisation rollup: counts, counters and period spend per organisation', async () => {
    const orgs = await admin(`SELECT organization_id FROM "LiteLLM_OrganizationTable"`);
    const teams = await admin(`SELECT organization_id, spend FROM "LiteLLM_TeamTable"`);
    const users = await admin(`SELECT organization_id, spend FROM "LiteLLM_UserTable"`);
    const daily = await admin(`SELECT organization_id, spend FROM "LiteLLM_DailyOrganizationSpend" WHERE "date" BETWEEN $1 AND $2`, [
      DAILY.from,
      DAILY.to,
    ]);
    const [total] = await admin(`SELECT SUM(spend) AS s FROM "LiteLLM_DailyUserSpend" WHERE "date" BETWEEN $1 AND $2`, [
      DAILY.from,
      DAILY.to,
    ]);
    const rows = await run('org-rollup', DAILY);
    const byOrg = new Map(rows.map((r) => [String(r.organization_id), r]));
    assert.equal(rows.length, orgs.length + 1);
    for (const o of orgs) {
      const id = String(o.organization_id);
      const r = byOrg.get(id) ?? assert.fail(`org ${id} missing`);
      const ofOrg = <T extends Row>(list: T[]) => list.filter((x) => x.organization_id === id);
      assert.equal(r.team_count, ofOrg(teams).length);
      assert.equal(r.user_count, ofOrg(users).length);
      close(
        r.team_counter_spend,
        ofOrg(teams).reduce((s, x) => s + Number(x.spend), 0),
        `team counters of ${id}`,
      );
      close(
        r.user_counter_spend,
        ofOrg(users).reduce((s, x) => s + Number(x.spend), 0),
        `user counters of ${id}`,
      );
      close(
        r.period_spend,
        ofOrg(daily).reduce((s, x) => s + Number(x.spend), 0),
        `period spend of ${id}`,
      );
    }
    close(
      rows.reduce((s, r) => s + Number(r.period_spend), 0),
      Number(total.s),
      'organisation rows add up to total spend',
    );

    // The original (quoted): SUM(DISTINCT) drops the twin team's equal counter; plain SUM would multiply by users.
    const original = await db.query(ORIGINAL_VERBATIM[2].replace(/LiteLLM_\w+/g, '"$&"'));
    const twinOrg = String((await admin(`SELECT organization_id FROM "LiteLLM_TeamTable" WHERE team_id = 'twin-team'`))[0].organization_id);
    const o = original.rows.find((r) => r.organization_id === twinOrg) ?? assert.fail('twin org missing');
    assert.equal(o.team_count, byOrg.get(twinOrg)?.team_count, 'COUNT(DISTINCT) itself is right');
    const brute = teams.filter((x) => x.organization_id === twinOrg).reduce((s, x) => s + Number(x.spend), 0);
    assert.ok(Math.abs(Number(o.total_team_spend) - brute) > 1e-6, `SUM(DISTINCT) gives ${o.total_team_spend}, brute force ${brute}`);
    const fanned = await db.query(ORIGINAL_VERBATIM[2].replace(/LiteLLM_\w+/g, '"$&"').replace(/SUM\(DISTINCT/g, 'SUM('));
    const f = fanned.rows.find((r) => r.organization_id === twinOrg) ?? assert.fail('twin org missing');
    assert.ok(Math.abs(Number(f.total_team_spend) - brute) > 1e-6, 'without DISTINCT the user join multiplies team spend');
  });

  test('4. transaction detail: every request once, with the organisation it was made under', async () => {
    const logs = await admin(
      `SELECT request_id, spend, NULLIF(organization_id, '') AS org FROM "LiteLLM_SpendLogs"
                               WHERE "startTime" >= $1::date AND "startTime" < $2::date + 1`,
      [LOGS.from, LOGS.to],
    );
    const rows = await run('transaction-detail', { ...LOGS, limit: '1000000' });
    assert.equal(rows.length, logs.length);
    assert.equal(new Set(rows.map((r) => r.request_id)).size, logs.length, 'no request repeated');
    close(
      rows.reduce((s, r) => s + Number(r.spend), 0),
      logs.reduce((s, r) => s + Number(r.spend), 0),
      'spend',
    );
    const orgOf = new Map(logs.map((r) => [String(r.request_id), r.org]));
    for (const r of rows) assert.equal(r.organization_id, orgOf.get(String(r.request_id)) ?? null);
    const sorted = rows.map((r) => String(r.start_time));
    assert.deepEqual(sorted, [...sorted].sort().reverse(), 'newest first');

    // The original (quoted) takes the organisation from the team's current organisation.
    const original = await db.query(
      `${ORIGINAL_VERBATIM[3]
        .replace(/LiteLLM_\w+/g, '"$&"')
        .replace(/sl\.startTime/g, 'sl."startTime"')
        .replace(/sl\.user\b/g, 'sl."user"')
        .replace(' ORDER BY', ` WHERE sl."startTime" >= '${LOGS.from}'::date AND sl."startTime" < '${LOGS.to}'::date + 1 ORDER BY`)}`,
    );
    const aliasOf = new Map(rows.map((r) => [String(r.request_id), r.organization_alias]));
    const wrong = original.rows.filter((r) => r.organization_alias !== aliasOf.get(String(r.request_id)));
    assert.ok(wrong.length > 0, "the original misattributes requests of keys whose organisation differs from their team's");
  });
});
