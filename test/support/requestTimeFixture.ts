import { hashMasterKey } from '../../src/core/db/masterKey';
import { addDaily, addLogs, createFixtureDb, type DailyRow, type FixtureDb, type LogRow } from './litellmRows';

/**
 * One LiteLLM 1.83 history, written row by row as LiteLLM writes it (see litellmRows.ts), over 2026-09-01 …
 * 2026-10-31:
 * - `k-move` (alice) is in team-1 (org-a) until 10-19 and in team-2 (org-b) from 10-20; its key row now says team-2
 *   and no organisation of its own;
 * - `k-solo` (bob) has no team; its own organisation is org-a until 10-24, org-b from 10-25 (team_id '' rows);
 * - `k-noorg` (bob) has neither, and calls without a model (pass-through: model '');
 * - the master key, stored as the SHA-256 hash of `MASTER_KEY` under user default_user_id, in October;
 * - a key regenerated on 10-10: `old-hash` before, `new-hash` after (LiteLLM_DeprecatedVerificationToken);
 * - LiteLLM_DailyOrganizationSpend starts on 10-15 (created by an upgrade, never back-filled); team and tag tables
 *   have every day; SpendLogs survive from 10-20 (retention);
 * - 10-21: two failed k-move calls (SpendLogs status 'failure', spend 0; daily failed_requests); 10-22: a finished
 *   batch retrieved twice (daily tables charged twice, one SpendLogs row); 10-23: a SpendLogs row without status;
 * - counters: team-1 resets monthly (30d, next 2026-11-01); organisations and the tag never reset; the global
 *   proxy budget's pseudo-user carries all spend.
 */
export const MASTER_KEY = 'sk-fixture-master-key';
export const MASTER_HASH = hashMasterKey(MASTER_KEY);
export const ORG_FROM = '2026-10-15';
export const LOGS_FROM = '2026-10-20';

const days = (from: string, to: string): string[] => {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
};

/** One request-time slice: who made it under which team and organisation, and what it cost. */
interface Slice {
  date: string;
  user: string;
  apiKey: string;
  team: string;
  org: string | null;
  model: string;
  spend: number;
  requests: number;
  failed?: number;
  tag?: string;
}

function history(): Slice[] {
  const out: Slice[] = [];
  for (const date of days('2026-09-01', '2026-10-31')) {
    const moved = date >= '2026-10-20';
    out.push({
      date,
      user: 'alice',
      apiKey: 'k-move',
      team: moved ? 'team-2' : 'team-1',
      org: moved ? 'org-b' : 'org-a',
      model: 'gpt-4o',
      spend: 1,
      requests: 1,
      tag: 'prod',
    });
    out.push({
      date,
      user: 'bob',
      apiKey: 'k-solo',
      team: '',
      org: date >= '2026-10-25' ? 'org-b' : 'org-a',
      model: 'claude-3-5-sonnet',
      spend: 0.5,
      requests: 1,
    });
    out.push({ date, user: 'bob', apiKey: 'k-noorg', team: '', org: null, model: '', spend: 0.25, requests: 1 });
    out.push({
      date,
      user: 'alice',
      apiKey: date < '2026-10-10' ? 'old-hash' : 'new-hash',
      team: 'team-1',
      org: 'org-a',
      model: 'gpt-4o-mini',
      spend: 2,
      requests: 1,
    });
    if (date >= '2026-10-01') {
      out.push({ date, user: 'default_user_id', apiKey: MASTER_HASH, team: '', org: null, model: 'gpt-4o', spend: 0.125, requests: 1 });
    }
  }
  out.push({
    date: '2026-10-21',
    user: 'alice',
    apiKey: 'k-move',
    team: 'team-2',
    org: 'org-b',
    model: 'gpt-4o',
    spend: 0,
    requests: 2,
    failed: 2,
  });
  // The batch: 2.0 USD, retrieved twice; the daily tables add it twice.
  out.push({
    date: '2026-10-22',
    user: 'alice',
    apiKey: 'k-move',
    team: 'team-2',
    org: 'org-b',
    model: 'gpt-4o-batch',
    spend: 4,
    requests: 2,
  });
  out.push({ date: '2026-10-23', user: 'alice', apiKey: 'k-move', team: 'team-2', org: 'org-b', model: 'gpt-4o', spend: 0.3, requests: 1 });
  return out;
}

function logsOf(slices: Slice[]): LogRow[] {
  const out: LogRow[] = [];
  let n = 0;
  for (const s of slices.filter((x) => x.date >= LOGS_FROM)) {
    const base = { startTime: `${s.date} 12:00:00`, apiKey: s.apiKey, user: s.user, teamId: s.team, orgId: s.org, model: s.model };
    if (s.failed) {
      out.push({ ...base, requestId: `fail-${n++}`, spend: 0, status: 'failure', errorClass: 'RateLimitError', errorCode: '429' });
      out.push({ ...base, requestId: `fail-${n++}`, spend: 0, status: 'failure', errorClass: 'BadRequestError', errorCode: '400' });
    } else if (s.model === 'gpt-4o-batch') {
      for (let i = 0; i < 2; i++) out.push({ ...base, requestId: 'batch-1', spend: 2, callType: 'aretrieve_batch' });
    } else if (s.spend === 0.3) {
      out.push({ ...base, requestId: `req-${n++}`, spend: s.spend, status: null });
    } else {
      out.push({ ...base, requestId: `req-${n++}`, spend: s.spend });
    }
  }
  return out;
}

export async function createRequestTimeFixture(): Promise<FixtureDb> {
  const db = await createFixtureDb('1.83');
  const slices = history();
  const q = db.q;
  await q(`INSERT INTO "LiteLLM_BudgetTable" (budget_id, max_budget, budget_duration, budget_reset_at, created_by, updated_by) VALUES
    ('b-org', 1000, '30d', '2026-11-01 00:00:00', 'fx', 'fx'), ('b-tag', 100, '30d', '2026-11-01 00:00:00', 'fx', 'fx')`);
  await q(`INSERT INTO "LiteLLM_OrganizationTable" (organization_id, organization_alias, budget_id, spend, created_by, updated_by, updated_at) VALUES
    ('org-a', 'Org A', 'b-org', 0, 'fx', 'fx', now()), ('org-b', 'Org B', 'b-org', 0, 'fx', 'fx', now())`);
  await q(`INSERT INTO "LiteLLM_TeamTable" (team_id, team_alias, organization_id, spend, max_budget, budget_duration, budget_reset_at, members_with_roles, updated_at) VALUES
    ('team-1', 'Team One', 'org-a', 0, 500, '30d', '2026-11-01 00:00:00', '[]', now()),
    ('team-2', 'Team Two', 'org-b', 0, NULL, NULL, NULL, '[]', now())`);
  await q(`INSERT INTO "LiteLLM_UserTable" (user_id, user_alias, spend, max_budget, budget_duration, budget_reset_at) VALUES
    ('alice', 'Alice', 0, NULL, NULL, NULL), ('bob', 'Bob', 0, NULL, NULL, NULL),
    ('litellm-proxy-budget', NULL, 0, 10000, '30d', '2026-11-01 00:00:00')`);
  await q(`INSERT INTO "LiteLLM_VerificationToken" (token, key_alias, user_id, team_id, organization_id, spend) VALUES
    ('k-move', 'mover', 'alice', 'team-2', NULL, 0), ('k-solo', 'solo', 'bob', NULL, 'org-b', 0),
    ('k-noorg', 'no org', 'bob', NULL, NULL, 0), ('new-hash', 'rotated', 'alice', 'team-1', NULL, 0)`);
  // key_rotation_manager.py ~L106-117: the old hash, the hash that replaced it, and when it stops working.
  await q(
    `INSERT INTO "LiteLLM_DeprecatedVerificationToken" (id, token, active_token_id, revoke_at) VALUES ('dep-1', 'old-hash', 'new-hash', '2026-10-11 00:00:00')`,
  );
  await q(`INSERT INTO "LiteLLM_TagTable" (tag_name, spend, budget_id, updated_at) VALUES ('prod', 0, 'b-tag', now())`);

  const row = (s: Slice, entity: string): DailyRow => ({
    entity,
    date: s.date,
    apiKey: s.apiKey,
    model: s.model,
    spend: s.spend,
    requests: s.requests,
    failed: s.failed,
  });
  await addDaily(
    db,
    'LiteLLM_DailyUserSpend',
    slices.map((s) => row(s, s.user)),
  );
  await addDaily(
    db,
    'LiteLLM_DailyTeamSpend',
    slices.map((s) => row(s, s.team)),
  );
  await addDaily(
    db,
    'LiteLLM_DailyOrganizationSpend',
    slices.filter((s) => s.org !== null && s.date >= ORG_FROM).map((s) => row(s, s.org!)),
  );
  await addDaily(
    db,
    'LiteLLM_DailyTagSpend',
    slices.filter((s) => s.tag).map((s) => row(s, s.tag!)),
  );
  await addLogs(db, logsOf(slices));

  // Counters as LiteLLM keeps them: every request adds to the key, user, team, organisation and tag counters;
  // team-1 was reset on 2026-10-01; organisation and tag counters never are; keys keep spend across regeneration.
  await q(`UPDATE "LiteLLM_VerificationToken" v SET spend = (SELECT COALESCE(sum(spend), 0) FROM "LiteLLM_DailyUserSpend" d
    WHERE d.api_key = v.token OR (v.token = 'new-hash' AND d.api_key = 'old-hash'))`);
  await q(
    `UPDATE "LiteLLM_TeamTable" SET spend = (SELECT sum(spend) FROM "LiteLLM_DailyTeamSpend" WHERE team_id = 'team-1' AND date >= '2026-10-01') WHERE team_id = 'team-1'`,
  );
  await q(
    `UPDATE "LiteLLM_TeamTable" SET spend = (SELECT sum(spend) FROM "LiteLLM_DailyTeamSpend" WHERE team_id = 'team-2') WHERE team_id = 'team-2'`,
  );
  await q(
    `UPDATE "LiteLLM_OrganizationTable" o SET spend = (SELECT sum(spend) FROM "LiteLLM_DailyOrganizationSpend" d WHERE d.organization_id = o.organization_id)`,
  );
  await q(`UPDATE "LiteLLM_TagTable" SET spend = (SELECT sum(spend) FROM "LiteLLM_DailyTagSpend" WHERE tag = 'prod')`);
  await q(
    `UPDATE "LiteLLM_UserTable" u SET spend = (SELECT sum(spend) FROM "LiteLLM_DailyUserSpend" d WHERE d.user_id = u.user_id) WHERE user_id IN ('alice', 'bob')`,
  );
  await q(
    `UPDATE "LiteLLM_UserTable" SET spend = (SELECT sum(spend) FROM "LiteLLM_DailyUserSpend" WHERE date >= '2026-10-01') WHERE user_id = 'litellm-proxy-budget'`,
  );
  await q('ANALYZE');
  return db;
}
