import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { budgetLine } from '../../src/core/attribution/budgets';
import { budgetWindowStart, validateTimezone } from '../../src/core/attribution/window';
import { parseMembersWithRoles } from '../../src/core/attribution/members';
import { makePeriod } from '../../src/core/attribution/period';
import { LensError } from '../../src/core/errors';

describe('periods', () => {
  test('inclusive UTC days, across a leap day', () => {
    const p = makePeriod('2028-02-27', '2028-03-01');
    assert.deepEqual(p.days, ['2028-02-27', '2028-02-28', '2028-02-29', '2028-03-01']);
    assert.equal(p.endMs - p.startMs, 4 * 86_400_000);
  });

  for (const [from, to] of [
    ['2026-13-01', '2026-12-01'],
    ['2026-02-29', '2026-03-01'],
    ['26-01-01', '2026-01-02'],
    ['2026-03-02', '2026-03-01'],
  ]) {
    test(`rejects ${from} … ${to} as a usage error`, () => {
      assert.throws(
        () => makePeriod(from, to),
        (e: unknown) => e instanceof LensError && e.kind === 'usage',
      );
    });
  }
});

// LiteLLM stores the next calendar boundary as budget_reset_at (duration_parser.py get_next_standardized_reset_time
// ~L120-225, reset_budget_job.py ~L606-611); the window began at the boundary before it.
describe('budget windows are calendar-aligned (LiteLLM get_next_standardized_reset_time)', () => {
  const cases: [tz: string, duration: string, resetAt: string, start: string, why: string][] = [
    [
      'UTC',
      '30d',
      '2026-11-01T00:00:00.000Z',
      '2026-10-01T00:00:00.000Z',
      '31-day month: the 1st of the month before, not reset − 30 days',
    ],
    ['UTC', '1mo', '2026-03-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z', '28-day February'],
    ['UTC', '30d', '2027-01-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z', 'across the year end'],
    ['UTC', '7d', '2026-11-30T00:00:00.000Z', '2026-11-23T00:00:00.000Z', 'Monday to Monday'],
    ['UTC', '1w', '2026-11-30T00:00:00.000Z', '2026-11-23T00:00:00.000Z', 'weeks as 7 days'],
    ['UTC', '1d', '2026-11-30T00:00:00.000Z', '2026-11-29T00:00:00.000Z', 'midnight to midnight'],
    ['UTC', '2d', '2026-11-30T00:00:00.000Z', '2026-11-28T00:00:00.000Z', 'other day counts: midnight N days before'],
    ['America/New_York', '1d', '2026-11-30T05:00:00.000Z', '2026-11-29T05:00:00.000Z', 'midnight in New York (EST)'],
    ['America/New_York', '1d', '2026-11-02T05:00:00.000Z', '2026-11-01T04:00:00.000Z', 'the 25-hour day DST ends on'],
    ['America/New_York', '30d', '2026-11-01T04:00:00.000Z', '2026-10-01T04:00:00.000Z', 'the 1st at midnight EDT'],
    ['America/New_York', '7d', '2026-11-02T05:00:00.000Z', '2026-10-26T04:00:00.000Z', 'the Monday before, across the DST change'],
    ['Asia/Kolkata', '30d', '2026-10-31T18:30:00.000Z', '2026-09-30T18:30:00.000Z', 'the 1st at midnight IST is the evening before in UTC'],
    ['Asia/Kolkata', '7d', '2026-11-29T18:30:00.000Z', '2026-11-22T18:30:00.000Z', 'Monday midnight IST'],
    ['Asia/Kolkata', '1d', '2026-11-29T18:30:00.000Z', '2026-11-28T18:30:00.000Z', 'midnight IST'],
    ['UTC', '1h', '2026-11-30T13:00:00.000Z', '2026-11-30T12:00:00.000Z', 'hours: the previous multiple'],
    ['UTC', '90m', '2026-11-30T12:00:00.000Z', '2026-11-30T10:30:00.000Z', 'minutes'],
    ['UTC', '45s', '2026-11-30T12:00:00.000Z', '2026-11-30T11:59:15.000Z', 'seconds'],
    ['UTC', '30d', '2026-11-30T12:00:00.000Z', '2026-10-31T12:00:00.000Z', 'a reset time off the boundary (older LiteLLM: now + 30 days)'],
  ];
  for (const [tz, duration, resetAt, start, why] of cases) {
    test(`${duration} reset ${resetAt} in ${tz} began ${start} (${why})`, () => {
      assert.equal(new Date(budgetWindowStart(resetAt, duration, tz)!).toISOString(), start);
    });
  }

  test('missing or unparseable values give no window', () => {
    assert.equal(budgetWindowStart(null, '30d'), null);
    assert.equal(budgetWindowStart('2026-11-30T00:00:00Z', null), null);
    assert.equal(budgetWindowStart('2026-11-30T00:00:00Z', 'fortnightly'), null);
  });

  test('the budget timezone must be an IANA name: a usage error (exit 2) with a hint otherwise', () => {
    assert.equal(validateTimezone('Asia/Kolkata'), 'Asia/Kolkata');
    assert.throws(
      () => validateTimezone('Mars/Olympus_Mons'),
      (e: unknown) => e instanceof LensError && e.kind === 'usage' && e.exitCode === 2 && /IANA/.test(e.hint ?? ''),
    );
  });
});

describe('where LiteLLM rejects: > for teams, users, end users, tags; >= for keys, organisations, team members (auth_checks.py)', () => {
  const limits = { maxBudget: 10, softBudget: null, budgetDuration: null, budgetResetAt: null, source: 'own' as const };
  for (const [entity, atMax] of [
    ['key', true],
    ['organization', true],
    ['team-member', true],
    ['team', false],
    ['user', false],
    ['end-user', false],
    ['tag', false],
  ] as const) {
    test(`${entity}: spend = max_budget is ${atMax ? '' : 'not '}over; a cent above always is`, () => {
      const at = budgetLine(entity, 'x', 'x', 10, limits);
      assert.equal(at.overBudget, atMax);
      assert.equal(at.rejectsAbove, atMax ? '>=' : '>');
      assert.equal(at.nearBudget, !atMax, 'at 100 % and not rejected yet: near');
      assert.equal(budgetLine(entity, 'x', 'x', 10.01, limits).overBudget, true);
      assert.equal(budgetLine(entity, 'x', 'x', 9.99, limits).overBudget, false);
    });
  }

  test('organisation and tag counters are lifetime: no window whatever the budget row says', () => {
    const l = { ...limits, budgetDuration: '30d', budgetResetAt: '2026-11-01T00:00:00.000Z' };
    for (const entity of ['organization', 'tag'] as const) {
      assert.deepEqual([budgetLine(entity, 'x', 'x', 1, l).lifetime, budgetLine(entity, 'x', 'x', 1, l).windowStart], [true, null]);
    }
    assert.deepEqual(
      [budgetLine('team', 'x', 'x', 1, l).lifetime, budgetLine('team', 'x', 'x', 1, l).windowStart],
      [false, '2026-10-01T00:00:00.000Z'],
    );
  });

  test("a user's budget applies only to keys without a team (auth_checks.py ~L553-559)", () => {
    assert.match(budgetLine('user', 'u', 'u', 1, limits).appliesTo ?? '', /keys that have no team/);
    assert.equal(budgetLine('key', 'k', 'k', 1, limits).appliesTo, null);
  });
});

describe('members_with_roles', () => {
  test('an array of members', () => {
    assert.deepEqual(
      parseMembersWithRoles([
        { user_id: 'u1', user_email: 'a@x', role: 'admin' },
        { user_id: null, user_email: 'b@x', role: 'user' },
      ]),
      {
        status: 'array',
        members: [
          { userId: 'u1', email: 'a@x', role: 'admin' },
          { userId: null, email: 'b@x', role: 'user' },
        ],
      },
    );
  });

  test('legacy {} and missing values', () => {
    assert.deepEqual(parseMembersWithRoles({}), { status: 'legacy-object', members: [] });
    assert.deepEqual(parseMembersWithRoles(null), { status: 'missing', members: [] });
  });

  test('malformed values never throw; usable entries are kept', () => {
    assert.deepEqual(parseMembersWithRoles('not json'), { status: 'malformed', members: [] });
    assert.deepEqual(parseMembersWithRoles({ user_id: 'u1' }), { status: 'malformed', members: [] });
    assert.deepEqual(parseMembersWithRoles(42), { status: 'malformed', members: [] });
    assert.deepEqual(parseMembersWithRoles([1, 'x', { role: 'user' }, { user_id: 'u2' }]), {
      status: 'malformed',
      members: [{ userId: 'u2', email: null, role: null }],
    });
    assert.deepEqual(parseMembersWithRoles('[{"user_id":"u3","role":"user"}]'), {
      status: 'array',
      members: [{ userId: 'u3', email: null, role: 'user' }],
    });
  });
});

describe('budget flags', () => {
  const limits = (maxBudget: number | null, softBudget: number | null = null) => ({
    maxBudget,
    softBudget,
    budgetDuration: null,
    budgetResetAt: null,
    source: 'own' as const,
  });
  for (const [spend, max, near, over] of [
    [79, 100, false, false],
    [80, 100, true, false],
    [0.8, 1, true, false],
    [99.99, 100, true, false],
    [100, 100, false, true],
    [101, 100, false, true],
  ] as const) {
    test(`${spend} of ${max}: near ${near}, over ${over}`, () => {
      const line = budgetLine('key', 'k', 'k', spend, limits(max));
      assert.deepEqual([line.nearBudget, line.overBudget], [near, over]);
      assert.ok(Math.abs(line.utilisation! - (spend / max) * 100) < 1e-12);
    });
  }

  test('no max budget: no utilisation, only the soft flag', () => {
    const line = budgetLine('key', 'k', 'k', 5, limits(null, 4));
    assert.deepEqual([line.utilisation, line.nearBudget, line.overBudget, line.overSoftBudget], [null, false, false, true]);
  });

  test('a zero max budget is exhausted at once', () => {
    assert.equal(budgetLine('key', 'k', 'k', 0, limits(0)).overBudget, true);
  });
});
