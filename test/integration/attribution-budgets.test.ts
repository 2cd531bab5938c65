import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { computeAttribution } from '../../src/core/attribution/compute';
import type { BudgetLine } from '../../src/core/attribution/types';
import { openDatabase, type LensDatabase } from '../../src/core/db/database';
import { Capabilities } from '../../src/core/schema/capabilities';
import { introspect } from '../../src/core/schema/introspect';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

const RESET = '2026-11-30 00:00:00';

/**
 * Hand-computed expectations: utilisation = spend / max_budget × 100; over = spend ≥ max for keys, organisations and
 * team members, spend > max for users, teams, end users and tags (auth_checks.py); near = ≥ 80 % and not over.
 */
const EXPECTED: {
  entity: BudgetLine['entity'];
  id: string;
  utilisation: number;
  near: boolean;
  over: boolean;
  overSoft: boolean;
  source: BudgetLine['limitSource'];
}[] = [
  { entity: 'user', id: 'fx-user-79', utilisation: 79, near: false, over: false, overSoft: false, source: 'own' },
  { entity: 'user', id: 'fx-user-100', utilisation: 100, near: true, over: false, overSoft: false, source: 'own' },
  { entity: 'key', id: 'fx-key-100', utilisation: 100, near: false, over: true, overSoft: false, source: 'own' },
  { entity: 'key', id: 'fx-key-mixed-100', utilisation: 100, near: false, over: true, overSoft: true, source: 'mixed' },
  { entity: 'team', id: 'fx-team-100', utilisation: 100, near: true, over: false, overSoft: false, source: 'own' },
  { entity: 'organization', id: 'fx-org-100', utilisation: 100, near: false, over: true, overSoft: true, source: 'budget-table' },
  { entity: 'key', id: 'fx-key-80', utilisation: 80, near: true, over: false, overSoft: false, source: 'own' },
  { entity: 'key', id: 'fx-key-linked-101', utilisation: 101, near: false, over: true, overSoft: true, source: 'budget-table' },
  { entity: 'team', id: 'fx-team-101', utilisation: 101, near: false, over: true, overSoft: true, source: 'own' },
  {
    entity: 'team-member',
    id: 'fx-user-79::fx-team-101',
    utilisation: 80,
    near: true,
    over: false,
    overSoft: true,
    source: 'budget-table',
  },
  { entity: 'organization', id: 'fx-org-79', utilisation: 79, near: false, over: false, overSoft: false, source: 'budget-table' },
  { entity: 'end-user', id: 'fx-customer-101', utilisation: 101, near: false, over: true, overSoft: true, source: 'budget-table' },
  { entity: 'tag', id: 'fx-tag-80', utilisation: 80, near: true, over: false, overSoft: true, source: 'budget-table' },
];

describe('budget flags on fixtures at 79 %, 80 %, 100 % and 101 % (1.83)', () => {
  let t: TestDatabase;
  let db: LensDatabase;
  let budgets: BudgetLine[];

  before(async () => {
    t = await createTestDatabase({ version: '1.83' });
    const q = (sql: string, params: unknown[] = []) => t.admin.query(sql, params);
    await q(
      `INSERT INTO "LiteLLM_BudgetTable" (budget_id, max_budget, soft_budget, budget_duration, budget_reset_at, created_by, updated_by) VALUES
      ('fx-b-key', 20, 19, '30d', $1, 'test', 'test'), ('fx-b-member', 200, 150, '7d', $1, 'test', 'test'), ('fx-b-org', 1000, 900, NULL, NULL, 'test', 'test'),
      ('fx-b-customer', 1, 0.5, '1mo', $1, 'test', 'test'), ('fx-b-tag', 5, 3, NULL, NULL, 'test', 'test')`,
      [RESET],
    );
    await q(
      `INSERT INTO "LiteLLM_UserTable" (user_id, max_budget, spend, budget_duration, budget_reset_at) VALUES
      ('fx-user-79', 100, 79, '30d', $1), ('fx-user-100', 100, 100, NULL, NULL)`,
      [RESET],
    );
    await q(`INSERT INTO "LiteLLM_VerificationToken" (token, key_alias, max_budget, spend, budget_id) VALUES
      ('fx-key-80', 'eighty', 10, 8, NULL), ('fx-key-linked-101', 'linked', NULL, 20.2, 'fx-b-key'), ('fx-key-100', 'hundred', 10, 10, NULL),
      ('fx-key-mixed-100', 'own max, linked rest', 19.5, 19.5, 'fx-b-key')`);
    await q(
      `INSERT INTO "LiteLLM_TeamTable" (team_id, team_alias, max_budget, soft_budget, spend, budget_duration, budget_reset_at, updated_at) VALUES
      ('fx-team-101', 'over team', 50, 40, 50.5, '30d', $1, now()), ('fx-team-100', 'full team', 50, NULL, 50, NULL, NULL, now())`,
      [RESET],
    );
    await q(
      `INSERT INTO "LiteLLM_TeamMembership" (user_id, team_id, spend, budget_id) VALUES ('fx-user-79', 'fx-team-101', 160, 'fx-b-member')`,
    );
    await q(`INSERT INTO "LiteLLM_OrganizationTable" (organization_id, organization_alias, budget_id, spend, created_by, updated_by, updated_at) VALUES
      ('fx-org-79', 'seventy-nine', 'fx-b-org', 790, 'test', 'test', now()), ('fx-org-100', 'hundred', 'fx-b-org', 1000, 'test', 'test', now())`);
    await q(
      `INSERT INTO "LiteLLM_EndUserTable" (user_id, alias, spend, budget_id) VALUES ('fx-customer-101', 'customer', 1.01, 'fx-b-customer')`,
    );
    await q(`INSERT INTO "LiteLLM_TagTable" (tag_name, spend, budget_id, updated_at) VALUES ('fx-tag-80', 4, 'fx-b-tag', now())`);
    db = await openDatabase({ url: t.url });
    const result = await computeAttribution(db, new Capabilities(await introspect(db)), { from: '2026-10-01', to: '2026-10-31' });
    budgets = result.budgets;
  });
  after(async () => {
    await db?.close();
    await t?.drop();
  });

  for (const e of EXPECTED) {
    test(`${e.entity} ${e.id}: ${e.utilisation} % → ${e.over ? 'over budget' : e.near ? '≥ 80 %' : 'fine'}`, () => {
      const line = budgets.find((b) => b.entity === e.entity && b.id === e.id);
      assert.ok(line, `budget line for ${e.entity} ${e.id}`);
      assert.ok(Math.abs((line.utilisation ?? NaN) - e.utilisation) < 1e-9, `utilisation ${line.utilisation}`);
      assert.deepEqual([line.nearBudget, line.overBudget, line.overSoftBudget, line.limitSource], [e.near, e.over, e.overSoft, e.source]);
    });
  }

  test('reset time and duration come from where the limits are', () => {
    const user = budgets.find((b) => b.id === 'fx-user-79')!;
    assert.deepEqual([user.budgetDuration, user.budgetResetAt], ['30d', '2026-11-30T00:00:00.000Z']);
    const member = budgets.find((b) => b.id === 'fx-user-79::fx-team-101')!;
    assert.deepEqual([member.budgetDuration, member.maxBudget, member.softBudget, member.spend], ['7d', 200, 150, 160]);
    const linked = budgets.find((b) => b.id === 'fx-key-linked-101')!;
    assert.deepEqual([linked.maxBudget, linked.budgetDuration], [20, '30d']);
    // utils.py ~L3001-3005: each empty key field comes from the linked budget row, the key's own value wins.
    const mixed = budgets.find((b) => b.id === 'fx-key-mixed-100')!;
    assert.deepEqual(
      [mixed.maxBudget, mixed.softBudget, mixed.budgetDuration, mixed.budgetResetAt],
      [19.5, 19, '30d', '2026-11-30T00:00:00.000Z'],
    );
  });

  test('entities without a max or soft budget are not listed', () => {
    assert.ok(budgets.every((b) => b.maxBudget !== null || b.softBudget !== null));
    assert.ok(!budgets.some((b) => b.entity === 'user' && b.id === 'default_user_id'));
  });
});
