import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openDatabase, type LensDatabase } from '../../src/core/db/database';
import { runHealthCheck } from '../../src/core/health/runHealthCheck';
import type { Finding, HealthReport } from '../../src/core/health/types';
import { Capabilities } from '../../src/core/schema/capabilities';
import { introspect } from '../../src/core/schema/introspect';
import { createHealthFixture, FROM, type HealthFixture, KEYS, NOW, PLANTED, TO } from '../support/healthFixture';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
const short = (token: string) => `${token.slice(0, 8)}…`;

async function check(url: string): Promise<{ db: LensDatabase; report: HealthReport }> {
  const db = await openDatabase({ url });
  const caps = new Capabilities(await introspect(db));
  return { db, report: await runHealthCheck(db, caps, { from: FROM, to: TO, now: NOW }) };
}

describe('spend health on a clean 1.83 fixture', () => {
  let fx: HealthFixture;
  let db: LensDatabase;
  let report: HealthReport;
  before(async () => {
    fx = await createHealthFixture('clean');
    ({ db, report } = await check(fx.url));
  });
  after(async () => {
    await db?.close();
    await fx?.drop();
  });

  test('every check runs and finds nothing', () => {
    assert.deepEqual(report.skipped, []);
    assert.equal(report.checks.length, 12);
    assert.deepEqual(
      report.findings.map((f) => `${f.check}: ${f.subject}`),
      [],
    );
  });
});

describe('spend health on the planted 1.83 fixture', () => {
  let fx: HealthFixture;
  let db: LensDatabase;
  let report: HealthReport;
  const one = (check: Finding['check'], subject: string): Finding => {
    const found = report.findings.filter((f) => f.check === check && f.subject === subject);
    assert.equal(found.length, 1, `${check}: ${subject} in ${report.findings.map((f) => `${f.check}: ${f.subject}`).join(' | ')}`);
    return found[0];
  };
  before(async () => {
    fx = await createHealthFixture('planted');
    ({ db, report } = await check(fx.url));
  });
  after(async () => {
    await db?.close();
    await fx?.drop();
  });

  test('finds exactly the planted cases', () => {
    assert.deepEqual(report.skipped, []);
    assert.deepEqual(
      report.findings.map((f) => `${f.check}: ${f.subject}`).sort(),
      [
        `budget-reset-missed: LiteLLM_UserTable`,
        `budget-will-exceed: key india`,
        `counter-drift: key alpha`,
        `daily-vs-spend-logs: day ${PLANTED.duplicateDay}`,
        `failure-rate: model ${PLANTED.flakyModel}`,
        `key-after-blocked: key ${short(KEYS.foxtrot.token)} (foxtrot)`,
        `key-after-deletion: key ${short(KEYS.echo.token)} (echo)`,
        `key-after-expiry: key ${short(KEYS.charlie.token)} (charlie)`,
        `member-budget-no-reset: LiteLLM_TeamMembership`,
        `over-budget-spending: user cleo`,
        `priced-as-zero: model ${PLANTED.zeroModel}`,
        `spike: key ${short(KEYS.delta.token)} (delta) on ${PLANTED.spikeDay}`,
        `spike: model ${PLANTED.spikeModel} on ${PLANTED.spikeDay}`,
      ].sort(),
    );
  });

  test('priced-as-zero: the $0 model with its requests and tokens (cache hit and failure left out)', () => {
    const f = one('priced-as-zero', `model ${PLANTED.zeroModel}`);
    assert.deepEqual([f.severity, f.count, f.money, f.details.tokens], ['warning', PLANTED.zeroRequests, 0, PLANTED.zeroTokens]);
  });

  test('counter drift: the $5 residue on the key, nothing on its owner', () => {
    const f = one('counter-drift', 'key alpha');
    assert.ok(close(f.money, PLANTED.drift), String(f.money));
    assert.ok(close(Number(f.details.residue), PLANTED.drift));
    assert.equal(f.severity, 'warning');
  });

  test('daily vs SpendLogs: the replayed flush on one day, for its amount', async () => {
    const f = one('daily-vs-spend-logs', `day ${PLANTED.duplicateDay}`);
    const expected = fx.writer.dailyUser.get(
      `${PLANTED.duplicateKey.user}|${PLANTED.duplicateDay}|${PLANTED.duplicateKey.token}|gpt-4o`,
    )!.spend;
    assert.ok(close(f.money, expected), `${f.money} vs ${expected}`);
    assert.deepEqual([f.severity, f.count], ['error', 1]);
    assert.match(f.explanation, /duplicates/);
  });

  test('keys: spend after expiry, while blocked and after deletion, with the planted money', () => {
    const expiry = one('key-after-expiry', `key ${short(KEYS.charlie.token)} (charlie)`);
    assert.deepEqual([expiry.count, expiry.severity], [22, 'error']);
    assert.ok(close(expiry.money, 22 * 0.25));
    const blocked = one('key-after-blocked', `key ${short(KEYS.foxtrot.token)} (foxtrot)`);
    assert.deepEqual([blocked.count, blocked.severity], [30, 'warning']);
    assert.ok(close(blocked.money, 30 * 0.6));
    const deleted = one('key-after-deletion', `key ${short(KEYS.echo.token)} (echo)`);
    assert.deepEqual([deleted.count, deleted.severity], [6, 'error']);
    assert.ok(close(deleted.money, 6 * 0.5));
  });

  test('budgets: over budget by the planted amount, the missed reset, the member budget without reset', () => {
    const over = one('over-budget-spending', 'user cleo');
    assert.ok(close(over.money, 50 * 0.28 - PLANTED.overBudgetMax), String(over.money));
    const reset = one('budget-reset-missed', 'LiteLLM_UserTable');
    assert.deepEqual([reset.count, reset.severity], [1, 'error']);
    assert.ok(close(reset.money, 2.5));
    const member = one('member-budget-no-reset', 'LiteLLM_TeamMembership');
    assert.deepEqual([member.count, member.severity], [1, 'info']);
    assert.ok(close(member.money, fx.writer.counters.member.get('u1')!));
  });

  test("budget forecast: the weekly key budget that $0.60 a day will pass before Monday's reset, with the projected overshoot", () => {
    const f = one('budget-will-exceed', 'key india');
    // Trailing 7 finished days before Nov 1 (Oct 25-31): 5 × $0.60 → $3/7 a day; counter $3.00 of $3.30, reset in 1 day.
    const perDay = (5 * PLANTED.forecastDaily) / 7;
    assert.deepEqual(
      [f.severity, f.count, f.details.rateBasis, f.details.nextResetAt, f.details.resetsInDays],
      ['warning', 1, 'trailing-7d', '2026-11-02T00:00:00.000Z', 1],
    );
    assert.ok(close(Number(f.details.trailing7dPerDay), perDay));
    assert.ok(close(f.money, 5 * PLANTED.forecastDaily + perDay - PLANTED.forecastMax), String(f.money));
    assert.equal(
      f.details.crosses100At,
      new Date(NOW.getTime() + ((PLANTED.forecastMax - 5 * PLANTED.forecastDaily) / perDay) * 86_400_000).toISOString(),
    );
    assert.match(String(f.details.crosses100At), /^2026-11-01T16:48/);
    assert.match(f.explanation, /reject/);
  });

  test('spikes: the key and its model on the spike day, with the multiple over the 14-day median', () => {
    const key = one('spike', `key ${short(KEYS.delta.token)} (delta) on ${PLANTED.spikeDay}`);
    // Trailing 14 days of delta: 1.0/1.1/1.2 in turn → median 1.1; the day: 1.1 + 24.
    assert.ok(close(Number(key.details.median), 1.1));
    assert.ok(close(key.money, PLANTED.spikeExtra), String(key.money));
    assert.ok(close(Number(key.details.multiple), 25.1 / 1.1));
    const model = one('spike', `model ${PLANTED.spikeModel} on ${PLANTED.spikeDay}`);
    assert.ok(close(Number(model.details.median), 1.1 + 0.28));
    assert.ok(close(model.money, PLANTED.spikeExtra));
  });

  test('failure rate: the flaky model (10 of 60), not the key that also sends successful traffic', () => {
    const f = one('failure-rate', `model ${PLANTED.flakyModel}`);
    assert.deepEqual([f.count, f.details.total, f.money], [PLANTED.flakyFailures, PLANTED.flakyRequests, 0]);
  });

  test('every drill-down runs read-only and returns exactly the rows behind its finding', async () => {
    for (const f of report.findings) {
      const { rows } = await db.query(f.sql);
      assert.equal(rows.length, f.count, `${f.check} ${f.subject}: ${rows.length} rows`);
      const sum = (col: string) => rows.reduce((s, r) => s + Number(r[col]), 0);
      if (['key-after-expiry', 'key-after-blocked', 'key-after-deletion', 'priced-as-zero', 'failure-rate'].includes(f.check)) {
        assert.ok(close(sum('spend'), f.money), `${f.check} Σ spend`);
      }
      if (f.check === 'daily-vs-spend-logs') {
        assert.ok(
          close(
            rows.reduce((s, r) => s + Math.abs(Number(r.diff_spend)), 0),
            f.money,
          ),
        );
      }
      if (f.check === 'spike') assert.ok(close(sum('spend'), Number(f.details.spend)));
      if (f.check === 'counter-drift') {
        assert.ok(close(Number(rows[0].counter_spend) - Number(rows[0].daily_history_spend), Number(f.details.residue)));
      }
      if (f.check === 'budget-reset-missed' || f.check === 'member-budget-no-reset') {
        assert.ok(close(sum(f.check === 'budget-reset-missed' ? 'counter_spend' : 'spend'), f.money));
      }
      if (f.check === 'failure-rate') assert.ok(rows.every((r) => r.status === 'failure'));
      if (f.check === 'budget-will-exceed') {
        assert.deepEqual([Number(rows[0].counter_spend), Number(rows[0].max_budget)], [f.details.spend, f.details.maxBudget]);
      }
    }
  });
});

describe('a daily flush that never landed', () => {
  let fx: HealthFixture;
  let db: LensDatabase;
  let report: HealthReport;
  let lost: number;
  before(async () => {
    fx = await createHealthFixture('clean');
    // One key/model/day transaction of LiteLLM_DailyUserSpend lost; the counters were flushed separately.
    const r = await fx.admin.query(`DELETE FROM "LiteLLM_DailyUserSpend" WHERE date = '2026-10-12' AND api_key = $1 RETURNING spend`, [
      KEYS.charlie.token,
    ]);
    lost = Number(r.rows[0].spend);
    ({ db, report } = await check(fx.url));
  });
  after(async () => {
    await db?.close();
    await fx?.drop();
  });

  test('is a gap on its day, and the counters it leaves ahead of the history drift by the same amount', () => {
    assert.deepEqual(report.findings.map((f) => `${f.check}: ${f.subject}`).sort(), [
      'counter-drift: key charlie',
      'counter-drift: user ann',
      'daily-vs-spend-logs: day 2026-10-12',
    ]);
    for (const f of report.findings) assert.ok(close(f.money, lost), `${f.check} ${f.money} vs ${lost}`);
    assert.match(report.findings.find((f) => f.check === 'daily-vs-spend-logs')!.explanation, /gap/);
  });
});

describe('spend health on an early-2025 database', () => {
  let t: TestDatabase;
  let db: LensDatabase;
  let report: HealthReport;
  before(async () => {
    t = await createTestDatabase({ version: 'early-2025' });
    // A still older SpendLogs without token counts: the zero-price check needs them.
    await t.admin.query('ALTER TABLE "LiteLLM_SpendLogs" DROP COLUMN total_tokens');
    db = await openDatabase({ url: t.url });
    report = await runHealthCheck(db, new Capabilities(await introspect(db)), { from: FROM, to: '2026-10-31', now: NOW });
  });
  after(async () => {
    await db?.close();
    await t?.drop();
  });

  test('runs what the schema supports and names what each skipped check lacks', () => {
    const skipped = new Map(report.skipped.map((s) => [s.check, s]));
    assert.deepEqual(skipped.get('key-after-deletion')?.missing, ['LiteLLM_DeletedVerificationToken']);
    assert.deepEqual(skipped.get('priced-as-zero')?.missing, ['LiteLLM_SpendLogs.total_tokens']);
    assert.match(skipped.get('key-after-deletion')!.reason, /early-2025.*LiteLLM_DeletedVerificationToken/);
    const ran = report.checks.map((c) => c.check);
    for (const id of [
      'counter-drift',
      'daily-vs-spend-logs',
      'key-after-expiry',
      'spike',
      'failure-rate',
      'budget-reset-missed',
    ] as const) {
      assert.ok(ran.includes(id), id);
    }
    assert.equal(ran.length + report.skipped.length, 12);
  });

  test('drill-downs on generated data (hostile aliases and ids) run and return their count', async () => {
    assert.ok(report.findings.length > 0, 'the demo data has over-budget entities');
    for (const f of report.findings) assert.equal((await db.query(f.sql)).rows.length, f.count, `${f.check} ${f.subject}`);
  });
});
