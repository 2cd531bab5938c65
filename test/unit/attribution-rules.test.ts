import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { budgetLine } from '../../src/core/attribution/budgets';
import { budgetWindowStart } from '../../src/core/attribution/duration';
import { parseMembersWithRoles } from '../../src/core/attribution/members';
import { makePeriod } from '../../src/core/attribution/period';
import { LensError } from '../../src/core/errors';

describe('periods', () => {
  test('inclusive UTC days, across a leap day', () => {
    const p = makePeriod('2028-02-27', '2028-03-01');
    assert.deepEqual(p.days, ['2028-02-27', '2028-02-28', '2028-02-29', '2028-03-01']);
    assert.equal(p.endMs - p.startMs, 4 * 86_400_000);
  });

  for (const [from, to] of [['2026-13-01', '2026-12-01'], ['2026-02-29', '2026-03-01'], ['26-01-01', '2026-01-02'], ['2026-03-02', '2026-03-01']]) {
    test(`rejects ${from} … ${to} as a usage error`, () => {
      assert.throws(() => makePeriod(from, to), (e: unknown) => e instanceof LensError && e.kind === 'usage');
    });
  }
});

describe('budget windows (LiteLLM duration_in_seconds)', () => {
  const reset = '2026-11-30T12:00:00.000Z';
  for (const [duration, start] of [
    ['30d', '2026-10-31T12:00:00.000Z'], ['7d', '2026-11-23T12:00:00.000Z'], ['1w', '2026-11-23T12:00:00.000Z'], ['24h', '2026-11-29T12:00:00.000Z'],
    ['90m', '2026-11-30T10:30:00.000Z'], ['45s', '2026-11-30T11:59:15.000Z'], ['1mo', '2026-10-30T12:00:00.000Z'], ['monthly', '2026-10-31T12:00:00.000Z'],
  ]) {
    test(`${duration} before ${reset} starts ${start}`, () => {
      assert.equal(new Date(budgetWindowStart(reset, duration)!).toISOString(), start);
    });
  }

  test('missing or unparseable values give no window', () => {
    assert.equal(budgetWindowStart(null, '30d'), null);
    assert.equal(budgetWindowStart(reset, null), null);
    assert.equal(budgetWindowStart(reset, 'fortnightly'), null);
  });
});

describe('members_with_roles', () => {
  test('an array of members', () => {
    assert.deepEqual(parseMembersWithRoles([{ user_id: 'u1', user_email: 'a@x', role: 'admin' }, { user_id: null, user_email: 'b@x', role: 'user' }]), {
      status: 'array', members: [{ userId: 'u1', email: 'a@x', role: 'admin' }, { userId: null, email: 'b@x', role: 'user' }],
    });
  });

  test('legacy {} and missing values', () => {
    assert.deepEqual(parseMembersWithRoles({}), { status: 'legacy-object', members: [] });
    assert.deepEqual(parseMembersWithRoles(null), { status: 'missing', members: [] });
  });

  test('malformed values never throw; usable entries are kept', () => {
    assert.deepEqual(parseMembersWithRoles('not json'), { status: 'malformed', members: [] });
    assert.deepEqual(parseMembersWithRoles({ user_id: 'u1' }), { status: 'malformed', members: [] });
    assert.deepEqual(parseMembersWithRoles(42), { status: 'malformed', members: [] });
    assert.deepEqual(parseMembersWithRoles([1, 'x', { role: 'user' }, { user_id: 'u2' }]), { status: 'malformed', members: [{ userId: 'u2', email: null, role: null }] });
    assert.deepEqual(parseMembersWithRoles('[{"user_id":"u3","role":"user"}]'), { status: 'array', members: [{ userId: 'u3', email: null, role: 'user' }] });
  });
});

describe('budget flags', () => {
  const limits = (maxBudget: number | null, softBudget: number | null = null) => ({ maxBudget, softBudget, budgetDuration: null, budgetResetAt: null, source: 'own' as const });
  for (const [spend, max, near, over] of [[79, 100, false, false], [80, 100, true, false], [0.8, 1, true, false], [99.99, 100, true, false], [100, 100, false, true], [101, 100, false, true]] as const) {
    test(`${spend} of ${max}: near ${near}, over ${over}`, () => {
      const line = budgetLine('user', 'u', 'u', spend, limits(max));
      assert.deepEqual([line.nearBudget, line.overBudget], [near, over]);
      assert.ok(Math.abs(line.utilisation! - (spend / max) * 100) < 1e-12);
    });
  }

  test('no max budget: no utilisation, only the soft flag', () => {
    const line = budgetLine('user', 'u', 'u', 5, limits(null, 4));
    assert.deepEqual([line.utilisation, line.nearBudget, line.overBudget, line.overSoftBudget], [null, false, false, true]);
  });

  test('a zero max budget is exhausted at once', () => {
    assert.equal(budgetLine('key', 'k', 'k', 0, limits(0)).overBudget, true);
  });
});
