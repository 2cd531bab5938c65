// The demo generator writes what LiteLLM 1.83 writes (issue 14 facts 1-8); early-2025 keeps its older rules.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { hashMasterKey, MASTER_KEY_LITERAL } from '../../src/core/db/masterKey';
import { DEMO_MASTER_KEY } from '../../src/core/demo/gen/cast';
import { generateDemoData, type DemoDataset } from '../../src/core/demo/generator';

type Row = Record<string, unknown>;
const OPTIONS = { seed: 42, endDate: '2026-10-31', days: 90, retentionDays: 60 };
const modern = generateDemoData('1.83', OPTIONS);
const early = generateDemoData('early-2025', OPTIONS);
const rows = (d: DemoDataset, table: string): Row[] => d.tables[table] ?? assert.fail(`no ${table}`);
const tokenOf = (d: DemoDataset, alias: string): Row =>
  rows(d, 'LiteLLM_VerificationToken').find((k) => k.key_alias === alias) ?? assert.fail(`no key ${alias}`);

describe('demo generator: LiteLLM 1.83 facts (issue 14)', () => {
  test("fact 1: every request has a team row ('' when teamless) and the key's org, else its team's", () => {
    const teamRequests = rows(modern, 'LiteLLM_DailyTeamSpend').reduce((s, r) => s + Number(r.api_requests), 0);
    const userRequests = rows(modern, 'LiteLLM_DailyUserSpend').reduce((s, r) => s + Number(r.api_requests), 0);
    assert.equal(teamRequests, userRequests);
    const logs = rows(modern, 'LiteLLM_SpendLogs');
    const teams = new Map(rows(modern, 'LiteLLM_TeamTable').map((t) => [t.team_id, t.organization_id]));
    const keys = new Map(rows(modern, 'LiteLLM_VerificationToken').map((k) => [k.token, k]));
    // Keys that never moved: organisation = the key's own, else its team's.
    const ivan = tokenOf(modern, 'ivan-personal');
    const recsys = tokenOf(modern, 'recsys-service');
    for (const r of logs) {
      const key = keys.get(r.api_key);
      if (!key || key === ivan || key === recsys) continue;
      const expected = key.organization_id ?? (key.team_id ? teams.get(key.team_id) : null) ?? '';
      assert.equal(r.organization_id, expected, String(key.key_alias));
    }
  });

  test('fact 2: moved keys keep old team/org on old rows; a regenerated key keeps its old hash there', () => {
    const ivan = tokenOf(modern, 'ivan-personal');
    const orgs = new Set(
      rows(modern, 'LiteLLM_DailyOrganizationSpend')
        .filter((r) => r.api_key === ivan.token)
        .map((r) => r.organization_id),
    );
    assert.equal(ivan.team_id, null);
    assert.ok(orgs.size === 2 && orgs.has(ivan.organization_id), 'a teamless key under two organisations');
    const carol = tokenOf(modern, 'carol-research');
    assert.equal(carol.rotation_count, 1);
    const [deprecated] = rows(modern, 'LiteLLM_DeprecatedVerificationToken');
    assert.equal(deprecated.active_token_id, carol.token);
    assert.ok(String(deprecated.revoke_at) > '2026-10-31', 'the old hash is still mapped at the end of the period');
    const old = rows(modern, 'LiteLLM_DailyUserSpend').filter((r) => r.api_key === deprecated.token);
    const current = rows(modern, 'LiteLLM_DailyUserSpend').filter((r) => r.api_key === carol.token);
    assert.ok(old.length > 0 && current.length > 0 && old.every((o) => current.every((c) => String(o.date) <= String(c.date))));
    assert.equal(early.tables.LiteLLM_DeprecatedVerificationToken, undefined, 'early-2025 has no such table');
  });

  test('fact 3: master-key calls store the SHA-256 hash; the literal only with hashing disabled', () => {
    const hash = hashMasterKey(DEMO_MASTER_KEY);
    assert.ok(rows(modern, 'LiteLLM_DailyUserSpend').some((r) => r.api_key === hash && r.user_id === 'default_user_id'));
    const literal = generateDemoData('1.83', { ...OPTIONS, days: 10, masterKeyHashInDb: false });
    assert.ok(rows(literal, 'LiteLLM_SpendLogs').some((r) => r.api_key === MASTER_KEY_LITERAL));
    assert.ok(!rows(literal, 'LiteLLM_SpendLogs').some((r) => r.api_key === hash));
    const settings = (d: DemoDataset): Row =>
      rows(d, 'LiteLLM_Config').find((c) => c.param_name === 'general_settings')?.param_value as Row;
    assert.equal(settings(modern).disable_adding_master_key_hash_to_db, false);
    assert.equal(settings(literal).disable_adding_master_key_hash_to_db, true);
  });

  test('fact 4: a daily table holds nothing before its first day', () => {
    const d = generateDemoData('1.83', {
      ...OPTIONS,
      dailyFirstDays: { LiteLLM_DailyOrganizationSpend: '2026-09-15', LiteLLM_DailyEndUserSpend: '2026-10-01' },
    });
    const first = (table: string): string =>
      rows(d, table)
        .map((r) => String(r.date))
        .sort()[0];
    assert.equal(first('LiteLLM_DailyOrganizationSpend'), '2026-09-15');
    assert.equal(first('LiteLLM_DailyEndUserSpend'), '2026-10-01');
    assert.equal(first('LiteLLM_DailyUserSpend'), d.summary.from);
    assert.equal(first('LiteLLM_DailyTeamSpend'), d.summary.from, 'the team table existed already (migration 2025-04-15)');
    const cut = generateDemoData('1.83', { ...OPTIONS, endDate: '2025-11-20', days: 20 });
    assert.equal(
      rows(cut, 'LiteLLM_DailyOrganizationSpend')
        .map((r) => String(r.date))
        .sort()[0],
      '2025-11-14',
      'default: the migration day',
    );
  });

  test("fact 5: requests without model land with model='' in 1.83 and are skipped before", () => {
    const daily = (d: DemoDataset): Row[] => rows(d, 'LiteLLM_DailyUserSpend').filter((r) => r.model === '' && !r.mcp_namespaced_tool_name);
    assert.ok(daily(modern).length > 0);
    assert.equal(daily(early).length, 0);
  });

  test('fact 7: failures are SpendLogs rows (spend 0) and failed_requests; no ErrorLogs in 1.83; NULL status is a success', () => {
    const logs = rows(modern, 'LiteLLM_SpendLogs');
    const failures = logs.filter((r) => r.status === 'failure');
    assert.ok(failures.length > 0 && failures.every((r) => r.spend === 0));
    assert.ok(
      failures.some((r) => r.model === ''),
      'rejections before routing',
    );
    assert.equal(rows(modern, 'LiteLLM_ErrorLogs').length, 0);
    assert.ok(rows(early, 'LiteLLM_ErrorLogs').length > 0);
    const nulls = logs.filter((r) => r.status === null);
    assert.ok(nulls.length > 0);
    const failed = rows(modern, 'LiteLLM_DailyUserSpend').reduce((s, r) => s + Number(r.failed_requests), 0);
    const inRetention = rows(modern, 'LiteLLM_DailyUserSpend')
      .filter((r) => String(r.date) >= modern.summary.retentionFrom)
      .reduce((s, r) => s + Number(r.failed_requests), 0);
    assert.ok(failed >= inRetention);
    assert.equal(inRetention, failures.length, 'failed_requests in retention = SpendLogs failures (NULL counts as success)');
  });

  test('fact 8: a duplicated request_id is one SpendLogs row and two daily requests', () => {
    const [dup] = modern.summary.duplicates;
    assert.equal(rows(modern, 'LiteLLM_SpendLogs').filter((r) => r.request_id === dup.requestId).length, 1);
    const inRetention = rows(modern, 'LiteLLM_DailyUserSpend').filter((r) => String(r.date) >= modern.summary.retentionFrom);
    assert.equal(
      inRetention.reduce((s, r) => s + Number(r.api_requests), 0),
      rows(modern, 'LiteLLM_SpendLogs').length + 1,
    );
  });
});
