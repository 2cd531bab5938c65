import { createHash } from 'node:crypto';
import type pg from 'pg';
import { buildDdl } from '../../src/core/demo/ddl';
import { insertRows } from '../../src/core/demo/insert';
import { createScratchDatabase } from './testDatabase';

/**
 * Hand-made LiteLLM 1.83 rows for the spend health check, written the way LiteLLM writes them
 * (docs/reference/litellm-schema.md §8, from litellm/proxy/db/db_spend_update_writer.py and
 * spend_tracking/spend_tracking_utils.py): per request one SpendLogs row, one increment of the
 * DailyUserSpend / DailyTeamSpend row keyed (entity, date, api_key, model, custom_llm_provider,
 * mcp_namespaced_tool_name '', endpoint), and `spend += cost` on the key, its owner, its team and — only when
 * the row exists (update_many on a missing row is a no-op) — the team membership.
 *
 * `clean` builds a healthy database. `planted` adds exactly one case per finding (PLANTED below).
 */

export const FROM = '2026-10-01';
export const TO = '2026-10-30';
/** The engine tests' clock: after the period, after the missed reset, before the clean fixture's resets (2099). */
export const NOW = new Date('2026-11-01T00:00:00Z');
const HISTORY_FROM = '2026-09-10';
const FAR = '2099-01-01 00:00:00';

export const TEAM = 't-core';
export const USER_ALIASES: Record<string, string> = { u1: 'ann', u2: 'ben', u3: 'cleo', u4: 'dan', u5: 'eve' };
interface Key {
  token: string;
  alias: string;
  user: string;
}
const key = (alias: string, user: string): Key => ({ token: createHash('sha256').update(`sk-${alias}`).digest('hex'), alias, user });
export const KEYS = {
  alpha: key('alpha', 'u1'),
  bravo: key('bravo', 'u2'),
  charlie: key('charlie', 'u1'),
  delta: key('delta', 'u2'),
  echo: key('echo', 'u5'),
  foxtrot: key('foxtrot', 'u5'),
  golf: key('golf', 'u3'),
  hotel: key('hotel', 'u4'),
};

/** What the planted fixture adds, with the figures the tests expect. */
export const PLANTED = {
  zeroModel: 'mystery-model',
  zeroRequests: 12,
  zeroTokens: 12_000,
  expiredKey: KEYS.charlie,
  expires: '2026-10-20 00:00:00',
  blockedKey: KEYS.foxtrot,
  deletedKey: KEYS.echo,
  deletedAt: '2026-10-25 00:00:00',
  driftKey: KEYS.alpha,
  drift: 5,
  duplicateDay: '2026-10-15',
  duplicateKey: KEYS.bravo,
  spikeKey: KEYS.delta,
  spikeDay: '2026-10-20',
  spikeModel: 'gpt-4o-mini',
  spikeExtra: 24,
  overBudgetUser: 'u3',
  overBudgetMax: 10,
  staleResetUser: 'u4',
  staleResetAt: '2026-10-25 00:00:00',
  memberBudget: { user: 'u1', team: TEAM, budgetId: 'b-member-no-reset', max: 500 },
  flakyModel: 'flaky-model',
  flakyRequests: 60,
  flakyFailures: 10,
  // A weekly key budget (reset Monday Nov 2) that $0.60 a day since Monday Oct 26 will pass on Nov 1 at 16:48.
  forecastKey: key('india', 'u2'),
  forecastMax: 3.3,
  forecastDaily: 0.6,
  forecastResetAt: '2026-11-02 00:00:00',
};

interface Request {
  key: Key;
  model: string;
  spend: number;
  start: Date;
  prompt?: number;
  completion?: number;
  /** `null`: no status column value (LiteLLM counts it as a success). */
  status?: 'success' | 'failure' | null;
  cacheHit?: 'True' | 'False';
}

const DAY_MS = 86_400_000;
const dayOf = (d: Date) => d.toISOString().slice(0, 10);
const ts = (d: Date) => d.toISOString().replace('T', ' ').replace('Z', '');
const at = (day: string, hour: number, minute = 0) => new Date(Date.parse(`${day}T00:00:00Z`) + hour * 3_600_000 + minute * 60_000);
function days(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += DAY_MS) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}

type Daily = Record<string, unknown> & {
  spend: number;
  api_requests: number;
  successful_requests: number;
  failed_requests: number;
  prompt_tokens: number;
  completion_tokens: number;
};

/** Accumulates rows as LiteLLM's writer would, then bulk-inserts them. */
export class LiteLLMWriter {
  readonly spendLogs: Record<string, unknown>[] = [];
  readonly dailyUser = new Map<string, Daily>();
  readonly dailyTeam = new Map<string, Daily>();
  readonly counters = {
    key: new Map<string, number>(),
    user: new Map<string, number>(),
    team: new Map<string, number>(),
    member: new Map<string, number>(),
  };
  private seq = 0;

  constructor(private readonly memberships: Set<string>) {}

  record(r: Request): void {
    const status = r.status === undefined ? 'success' : r.status;
    const prompt = r.prompt ?? 400;
    const completion = r.completion ?? 100;
    const id = `chatcmpl-${(++this.seq).toString().padStart(6, '0')}`;
    const add = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + r.spend);
    // spend_tracking_utils.py get_logging_payload: ids are '' not NULL, cache_hit is str(bool), tags a JSON array.
    this.spendLogs.push({
      request_id: id,
      call_type: 'acompletion',
      api_key: r.key.token,
      spend: r.spend,
      total_tokens: prompt + completion,
      prompt_tokens: prompt,
      completion_tokens: completion,
      startTime: ts(r.start),
      endTime: ts(new Date(r.start.getTime() + 1500)),
      model: r.model,
      model_group: r.model,
      model_id: `deploy-${r.model}`,
      custom_llm_provider: 'openai',
      api_base: 'https://api.openai.com/v1',
      user: r.key.user,
      team_id: TEAM,
      organization_id: '',
      end_user: '',
      metadata: {
        user_api_key: r.key.token,
        user_api_key_alias: r.key.alias,
        user_api_key_team_id: TEAM,
        user_api_key_user_id: r.key.user,
        status: status ?? undefined,
        usage_object: { prompt_tokens: prompt, completion_tokens: completion },
      },
      cache_hit: r.cacheHit ?? 'False',
      cache_key: 'Cache OFF',
      request_tags: [],
      requester_ip_address: '',
      session_id: `session-${this.seq}`,
      status,
    });
    const success = status !== 'failure';
    for (const [table, entity, column] of [
      [this.dailyUser, r.key.user, 'user_id'],
      [this.dailyTeam, TEAM, 'team_id'],
    ] as const) {
      const date = dayOf(r.start);
      const k = `${entity}|${date}|${r.key.token}|${r.model}`;
      const row = table.get(k) ?? {
        id: `${column}-${table.size + 1}`,
        [column]: entity,
        date,
        api_key: r.key.token,
        model: r.model,
        model_group: r.model,
        custom_llm_provider: 'openai',
        mcp_namespaced_tool_name: '',
        endpoint: '/chat/completions',
        spend: 0,
        api_requests: 0,
        successful_requests: 0,
        failed_requests: 0,
        prompt_tokens: 0,
        completion_tokens: 0,
        updated_at: ts(r.start),
      };
      row.spend += r.spend;
      row.api_requests += 1;
      row.successful_requests += success ? 1 : 0;
      row.failed_requests += success ? 0 : 1;
      row.prompt_tokens += prompt;
      row.completion_tokens += completion;
      table.set(k, row);
    }
    add(this.counters.key, r.key.token);
    add(this.counters.user, r.key.user);
    add(this.counters.team, TEAM);
    if (this.memberships.has(r.key.user)) add(this.counters.member, r.key.user);
  }
}

export interface HealthFixture {
  url: string;
  admin: pg.Client;
  writer: LiteLLMWriter;
  drop(): Promise<void>;
}

/** Normal traffic: every key every day from 2026-09-10, with small regular variations. */
function baseTraffic(w: LiteLLMWriter): void {
  days(HISTORY_FROM, TO).forEach((day, i) => {
    for (let j = 0; j < 3; j++) {
      w.record({ key: KEYS.alpha, model: 'gpt-4o', spend: 0.3 + 0.05 * ((i + j) % 3), start: at(day, 1 + 2 * j) });
    }
    for (let j = 0; j < 2; j++) w.record({ key: KEYS.bravo, model: 'gpt-4o', spend: 0.4 + 0.1 * j, start: at(day, 2 + 2 * j) });
    for (let j = 0; j < 2; j++) w.record({ key: KEYS.charlie, model: 'claude-3-5-sonnet', spend: 0.25, start: at(day, 3 + 8 * j) });
    w.record({ key: KEYS.delta, model: 'gpt-4o-mini', spend: 1 + 0.1 * (i % 3), start: at(day, 9) });
    w.record({ key: KEYS.echo, model: 'gpt-4o', spend: 0.5, start: at(day, 10) });
    w.record({ key: KEYS.foxtrot, model: 'gpt-4o', spend: 0.6, start: at(day, 11) });
    if (day > HISTORY_FROM) w.record({ key: KEYS.golf, model: 'gpt-4o-mini', spend: 0.28, start: at(day, 12) });
    if (day === '2026-10-10') for (let j = 0; j < 5; j++) w.record({ key: KEYS.hotel, model: 'gpt-4o', spend: 0.5, start: at(day, 13, j) });
  });
}

/** The extra requests of the planted fixture. */
function plantedTraffic(w: LiteLLMWriter): void {
  days('2026-10-05', '2026-10-16').forEach((day, i) => {
    w.record({
      key: KEYS.bravo,
      model: PLANTED.zeroModel,
      spend: 0,
      prompt: 800,
      completion: 200,
      start: at(day, 15),
      status: i % 3 === 0 ? null : 'success',
    });
  });
  // Not findings: a cache hit and a failure at $0 with tokens.
  w.record({
    key: KEYS.bravo,
    model: PLANTED.zeroModel,
    spend: 0,
    prompt: 800,
    completion: 200,
    start: at('2026-10-17', 15),
    cacheHit: 'True',
  });
  w.record({
    key: KEYS.bravo,
    model: PLANTED.zeroModel,
    spend: 0,
    prompt: 800,
    completion: 200,
    start: at('2026-10-18', 15),
    status: 'failure',
  });
  days(FROM, TO).forEach((day, i) => {
    for (let j = 0; j < 2; j++) {
      const failed = i < PLANTED.flakyFailures && j === 0;
      w.record({
        key: KEYS.alpha,
        model: PLANTED.flakyModel,
        spend: failed ? 0 : 0.02,
        prompt: failed ? 0 : 400,
        completion: failed ? 0 : 100,
        start: at(day, 16 + j),
        status: failed ? 'failure' : 'success',
      });
    }
  });
  for (const day of days('2026-10-26', TO)) {
    w.record({ key: PLANTED.forecastKey, model: 'gpt-4o', spend: PLANTED.forecastDaily, start: at(day, 17) });
  }
  for (let j = 0; j < 20; j++) {
    w.record({ key: PLANTED.spikeKey, model: PLANTED.spikeModel, spend: PLANTED.spikeExtra / 20, start: at(PLANTED.spikeDay, 14, j) });
  }
}

/** A fresh database with the 1.83 DDL and the fixture's rows. */
export async function createHealthFixture(kind: 'clean' | 'planted'): Promise<HealthFixture> {
  const planted = kind === 'planted';
  const db = await createScratchDatabase(`lens_health_${kind}`);
  const admin = db.admin;
  for (const statement of buildDdl('1.83')) await admin.query(statement);

  const w = new LiteLLMWriter(new Set(planted ? [PLANTED.memberBudget.user] : []));
  baseTraffic(w);
  if (planted) plantedTraffic(w);
  const q = (sql: string, params: unknown[] = []) => admin.query(sql, params);

  await insertRows(
    admin,
    'LiteLLM_BudgetTable',
    planted
      ? [
          {
            budget_id: PLANTED.memberBudget.budgetId,
            max_budget: PLANTED.memberBudget.max,
            budget_duration: null,
            created_by: 'admin',
            updated_by: 'admin',
          },
        ]
      : [],
  );
  await insertRows(admin, 'LiteLLM_TeamTable', [
    {
      team_id: TEAM,
      team_alias: 'Core',
      spend: w.counters.team.get(TEAM) ?? 0,
      members_with_roles: ['u1', 'u2', 'u3', 'u4', 'u5'].map((u) => ({ user_id: u, role: 'user' })),
    },
  ]);
  await insertRows(
    admin,
    'LiteLLM_UserTable',
    ['u1', 'u2', 'u3', 'u4', 'u5'].map((u) => ({
      user_id: u,
      user_alias: USER_ALIASES[u],
      teams: [TEAM],
      spend: w.counters.user.get(u) ?? 0,
      max_budget: u === 'u3' ? (planted ? PLANTED.overBudgetMax : 20) : u === 'u4' ? 100 : null,
      budget_duration: u === 'u4' ? '30d' : null,
      budget_reset_at: u === 'u4' ? (planted ? PLANTED.staleResetAt : FAR) : null,
    })),
  );
  await insertRows(
    admin,
    'LiteLLM_VerificationToken',
    Object.values(KEYS).map((k) => ({
      token: k.token,
      key_alias: k.alias,
      key_name: `sk-...${k.alias.slice(-4)}`,
      user_id: k.user,
      team_id: TEAM,
      spend: w.counters.key.get(k.token) ?? 0,
      expires: k === PLANTED.expiredKey ? (planted ? PLANTED.expires : FAR) : null,
      blocked: planted && k === PLANTED.blockedKey ? true : null,
    })),
  );
  if (planted) {
    const k = PLANTED.forecastKey;
    // The key was created in the current window (after Monday's reset), so its counter holds all its spend.
    await insertRows(admin, 'LiteLLM_VerificationToken', [
      {
        token: k.token,
        key_alias: k.alias,
        key_name: 'sk-...ndia',
        user_id: k.user,
        team_id: TEAM,
        spend: w.counters.key.get(k.token) ?? 0,
        max_budget: PLANTED.forecastMax,
        budget_duration: '7d',
        budget_reset_at: PLANTED.forecastResetAt,
      },
    ]);
    await insertRows(admin, 'LiteLLM_TeamMembership', [
      {
        user_id: PLANTED.memberBudget.user,
        team_id: TEAM,
        spend: w.counters.member.get(PLANTED.memberBudget.user) ?? 0,
        budget_id: PLANTED.memberBudget.budgetId,
      },
    ]);
  }
  await insertRows(admin, 'LiteLLM_SpendLogs', w.spendLogs);
  await insertRows(admin, 'LiteLLM_DailyUserSpend', [...w.dailyUser.values()]);
  await insertRows(admin, 'LiteLLM_DailyTeamSpend', [...w.dailyTeam.values()]);

  if (planted) {
    // Counter drift: the key's counter carries $5 no request explains (an edit by hand).
    await q('UPDATE "LiteLLM_VerificationToken" SET spend = spend + $2 WHERE token = $1', [PLANTED.driftKey.token, PLANTED.drift]);
    // A replayed flush on one day: the day's key/model transaction lands twice in the daily tables and the counters.
    const dup = await q(`SELECT spend, api_requests FROM "LiteLLM_DailyUserSpend" WHERE date = $1 AND api_key = $2 AND model = 'gpt-4o'`, [
      PLANTED.duplicateDay,
      PLANTED.duplicateKey.token,
    ]);
    const extra = Number(dup.rows[0].spend);
    await q(
      `UPDATE "LiteLLM_DailyUserSpend" SET spend = spend + $3, api_requests = api_requests * 2, successful_requests = successful_requests * 2 WHERE date = $1 AND api_key = $2 AND model = 'gpt-4o'`,
      [PLANTED.duplicateDay, PLANTED.duplicateKey.token, extra],
    );
    await q(
      `UPDATE "LiteLLM_DailyTeamSpend" SET spend = spend + $3, api_requests = api_requests * 2, successful_requests = successful_requests * 2 WHERE date = $1 AND api_key = $2 AND model = 'gpt-4o'`,
      [PLANTED.duplicateDay, PLANTED.duplicateKey.token, extra],
    );
    await q('UPDATE "LiteLLM_VerificationToken" SET spend = spend + $2 WHERE token = $1', [PLANTED.duplicateKey.token, extra]);
    await q('UPDATE "LiteLLM_UserTable" SET spend = spend + $2 WHERE user_id = $1', [PLANTED.duplicateKey.user, extra]);
    await q('UPDATE "LiteLLM_TeamTable" SET spend = spend + $2 WHERE team_id = $1', [TEAM, extra]);
    // Deleting a key copies its row to LiteLLM_DeletedVerificationToken with deleted_at and removes it
    // (key_management_endpoints.py delete_verification_tokens); this key's requests went on afterwards.
    await q(
      `INSERT INTO "LiteLLM_DeletedVerificationToken" (id, token, key_alias, key_name, user_id, team_id, spend, deleted_at, deleted_by)
      SELECT 'del-1', token, key_alias, key_name, user_id, team_id, spend, $2::timestamp, 'admin' FROM "LiteLLM_VerificationToken" WHERE token = $1`,
      [PLANTED.deletedKey.token, PLANTED.deletedAt],
    );
    await q('DELETE FROM "LiteLLM_VerificationToken" WHERE token = $1', [PLANTED.deletedKey.token]);
  }
  return { url: db.url, admin, writer: w, drop: db.drop };
}
