import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { attributionText } from '../../src/cli/commands/attributionText';
import { computeAttribution } from '../../src/core/attribution/compute';
import type { AttributionResult, BudgetLine } from '../../src/core/attribution/types';
import { openDatabase, type LensDatabase } from '../../src/core/db/database';
import { buildDdl } from '../../src/core/demo/ddl';
import { insertRows } from '../../src/core/demo/insert';
import { Capabilities } from '../../src/core/schema/capabilities';
import { introspect } from '../../src/core/schema/introspect';
import { createScratchDatabase } from '../support/testDatabase';

/** Sunday Nov 1, 10:00 UTC: the trailing 7 finished UTC days are Oct 25 … Oct 31; Oct 24 and today are outside. */
const NOW = new Date('2026-11-01T10:00:00Z');
const MONTH = '2026-12-01 00:00:00';
const MONDAY = '2026-11-02 00:00:00';

type Scratch = Awaited<ReturnType<typeof createScratchDatabase>>;

function daily(
  admin: Scratch['admin'],
  table: string,
  column: string,
  rows: [entity: string, apiKey: string, date: string, spend: number][],
): Promise<void> {
  return insertRows(
    admin,
    table,
    rows.map(([entity, apiKey, date, spend], i) => ({
      id: `${table}-${i}`,
      [column]: entity,
      date,
      api_key: apiKey,
      model: 'gpt-4o',
      custom_llm_provider: 'openai',
      spend,
      api_requests: 1,
      successful_requests: 1,
      updated_at: '2026-11-01 10:00:00',
    })),
  );
}

/**
 * Budgets of every kind with daily rows in and around the trailing week, written as LiteLLM writes them: one daily
 * row per (entity, date, api_key, model); a regenerated key's old rows keep the old hash
 * (LiteLLM_DeprecatedVerificationToken.active_token_id = the new hash, key_rotation_manager.py ~L106-117);
 * counters are current-window spend (reset_budget_job.py zeroes them at each reset).
 */
describe('budget forecasts read the trailing 7 days from the daily tables (1.83, real PostgreSQL)', () => {
  let scratch: Scratch;
  let db: LensDatabase;
  let result: AttributionResult;
  const budget = (entity: BudgetLine['entity'], id: string): BudgetLine => {
    const b = result.budgets.find((x) => x.entity === entity && x.id === id);
    assert.ok(b, `${entity} ${id} in ${result.budgets.map((x) => `${x.entity} ${x.id}`).join(', ')}`);
    return b;
  };

  before(async () => {
    scratch = await createScratchDatabase('lens_forecast');
    const admin = scratch.admin;
    for (const statement of buildDdl('1.83')) await admin.query(statement);
    await insertRows(admin, 'LiteLLM_BudgetTable', [
      { budget_id: 'b-member', max_budget: 80, budget_duration: '7d', budget_reset_at: MONDAY, created_by: 'test', updated_by: 'test' },
      { budget_id: 'b-org', max_budget: 1000, budget_duration: null, budget_reset_at: null, created_by: 'test', updated_by: 'test' },
      { budget_id: 'b-customer', max_budget: 10, budget_duration: '1mo', budget_reset_at: MONTH, created_by: 'test', updated_by: 'test' },
      { budget_id: 'b-tag', max_budget: 20, budget_duration: null, budget_reset_at: null, created_by: 'test', updated_by: 'test' },
    ]);
    await insertRows(admin, 'LiteLLM_UserTable', [
      { user_id: 'u1', spend: 5, max_budget: 100, budget_duration: '30d', budget_reset_at: MONTH },
      { user_id: 'u2', spend: 3.5, max_budget: null, budget_duration: null, budget_reset_at: null },
    ]);
    await insertRows(admin, 'LiteLLM_TeamTable', [
      { team_id: 't1', team_alias: 'core', spend: 15, max_budget: 300, budget_duration: '7d', budget_reset_at: MONDAY },
    ]);
    await insertRows(admin, 'LiteLLM_VerificationToken', [
      {
        token: 'k1',
        key_alias: 'one',
        user_id: 'u1',
        team_id: 't1',
        spend: 5,
        max_budget: 50,
        budget_duration: '30d',
        budget_reset_at: MONTH,
      },
      {
        token: 'k2',
        key_alias: 'two (no budget)',
        user_id: 'u2',
        team_id: 't1',
        spend: 3.5,
        max_budget: null,
        budget_duration: null,
        budget_reset_at: null,
      },
    ]);
    await insertRows(admin, 'LiteLLM_DeprecatedVerificationToken', [
      { id: 'd1', token: 'k1-old', active_token_id: 'k1', revoke_at: '2026-10-27 00:00:00' },
    ]);
    await insertRows(admin, 'LiteLLM_TeamMembership', [{ user_id: 'u1', team_id: 't1', spend: 79, budget_id: 'b-member' }]);
    await insertRows(admin, 'LiteLLM_OrganizationTable', [
      { organization_id: 'o1', organization_alias: 'org', budget_id: 'b-org', spend: 500, created_by: 'test', updated_by: 'test' },
    ]);
    await insertRows(admin, 'LiteLLM_EndUserTable', [{ user_id: 'c1', alias: 'customer', spend: 1, budget_id: 'b-customer' }]);
    await insertRows(admin, 'LiteLLM_TagTable', [{ tag_name: 'tg', spend: 15, budget_id: 'b-tag' }]);

    await daily(admin, 'LiteLLM_DailyUserSpend', 'user_id', [
      ['u1', 'k1-old', '2026-10-24', 100],
      ['u1', 'k1-old', '2026-10-25', 7],
      ['u1', 'k1', '2026-10-28', 14],
      ['u1', 'k1', '2026-11-01', 50],
      ['u2', 'k2', '2026-10-30', 3.5],
    ]);
    // SpendLogs from Oct 20 (complete: no daily spend that day), so they cover the trailing week for the member.
    await insertRows(
      admin,
      'LiteLLM_SpendLogs',
      (
        [
          ['u1', 'k1', '2026-10-20 09:00:00', 1],
          ['u1', 'k1', '2026-10-24 09:00:00', 100],
          ['u1', 'k1-old', '2026-10-25 09:00:00', 7],
          ['u1', 'k1', '2026-10-28 09:00:00', 7],
          ['u2', 'k2', '2026-10-31 09:00:00', 3.5],
          ['u1', 'k1', '2026-11-01 09:00:00', 50],
        ] as const
      ).map(([user, apiKey, start, spend], i) => ({
        request_id: `r${i}`,
        call_type: 'acompletion',
        api_key: apiKey,
        spend,
        startTime: start,
        endTime: start,
        model: 'gpt-4o',
        user,
        team_id: 't1',
        metadata: {},
      })),
    );
    await daily(admin, 'LiteLLM_DailyTeamSpend', 'team_id', [
      ['t1', 'k1', '2026-10-24', 100],
      ['t1', 'k1', '2026-10-25', 7],
      ['t1', 'k1-old', '2026-10-26', 7],
      ['t1', 'k2', '2026-10-31', 3.5],
    ]);
    await daily(admin, 'LiteLLM_DailyOrganizationSpend', 'organization_id', [
      ['o1', 'k1', '2026-10-31', 70],
      ['o1', 'k1', '2026-11-01', 5],
    ]);
    await daily(admin, 'LiteLLM_DailyEndUserSpend', 'end_user_id', [['c1', 'k1', '2026-10-25', 1.4]]);
    await daily(admin, 'LiteLLM_DailyTagSpend', 'tag', [
      ['tg', 'k1', '2026-10-20', 99],
      ['tg', 'k1', '2026-10-27', 14],
    ]);

    db = await openDatabase({ url: scratch.url });
    result = await computeAttribution(db, new Capabilities(await introspect(db)), { from: '2026-10-01', to: '2026-10-31', now: NOW });
  });
  after(async () => {
    await db?.close();
    await scratch?.drop();
  });

  test('trailing 7-day rate per kind: Σ Oct 25 … 31 / 7 (old key hash counted for the new key; a member from SpendLogs by user and team)', () => {
    const rates = Object.fromEntries(result.budgets.map((b) => [`${b.entity} ${b.id}`, b.forecast?.trailing7dPerDay]));
    assert.deepEqual(rates, {
      'key k1': (7 + 14) / 7,
      'user u1': (7 + 14) / 7,
      'team t1': (7 + 7 + 3.5) / 7,
      'team-member u1::t1': (7 + 7) / 7,
      'organization o1': 70 / 7,
      'end-user c1': 1.4 / 7,
      'tag tg': 14 / 7,
    });
  });

  test('no budget, no forecast line: key k2 and user u2 have none', () => {
    assert.equal(
      result.budgets.some((b) => b.id === 'k2' || b.id === 'u2'),
      false,
    );
  });

  test("the team member will exceed before Monday's reset; the weekly team will not", () => {
    const member = budget('team-member', 'u1::t1').forecast!;
    // $79 of $80 at $2 a day, 14 h to the reset: 100 % at +12 h.
    assert.deepEqual(
      [member.nextResetAt, member.crosses100At, member.exceedsBeforeReset],
      ['2026-11-02T00:00:00.000Z', '2026-11-01T22:00:00.000Z', true],
    );
    assert.ok(Math.abs(member.projectedAtReset! - (79 + (2 * 14) / 24)) < 1e-9);
    const team = budget('team', 't1').forecast!;
    assert.deepEqual([team.resetsInDays, team.exceedsBeforeReset, team.crosses80At], [14 / 24, false, null]);
    assert.equal(budget('team', 't1').windowStart, '2026-10-26T00:00:00.000Z');
  });

  test('monthly key and end user: window since Nov 1, resets Dec 1; organisation and tag never reset', () => {
    const key = budget('key', 'k1');
    assert.equal(key.windowStart, '2026-11-01T00:00:00.000Z');
    assert.deepEqual([key.forecast!.windowPerDay, key.forecast!.resetsInDays], [5 / (10 / 24), 30 - 10 / 24]);
    assert.equal(budget('end-user', 'c1').forecast!.nextResetAt, '2026-12-01T00:00:00.000Z');
    for (const [entity, id] of [
      ['organization', 'o1'],
      ['tag', 'tg'],
    ] as const) {
      const f = budget(entity, id).forecast!;
      assert.deepEqual([f.nextResetAt, f.projectedAtReset, f.exceedsBeforeReset], [null, null, false]);
    }
    // The organisation at $10 a day from $500: 80 % of $1000 in 30 days, 100 % in 50.
    assert.equal(budget('organization', 'o1').forecast!.crosses100At, new Date(NOW.getTime() + 50 * 86_400_000).toISOString());
  });

  test('text output: the budgets that reach max_budget before their reset, after the reconciliation', () => {
    const text = attributionText(result, { top: 3, depth: 2 });
    // Soonest first: the member in 12 h; the monthly key, $5 of $50 at $3 a day, on day 15 of 29.6.
    assert.match(
      text,
      /\nBudget forecast: 2 of 7 budgets reach max_budget before their reset \(UTC\):\n {2}team-member u1 in core: \$79\.00 of \$80\.00, \$2\.00\/day → 100 % on 2026-11-01 22:00, resets 2026-11-02 00:00 \(in 0\.6 days\), projected \$80\.17\n {2}key one: \$5\.00 of \$50\.00, \$3\.00\/day → 100 % on 2026-11-16 10:00, resets 2026-12-01 00:00 \(in 29\.6 days\), projected \$93\.75\n$/,
    );
  });
});
