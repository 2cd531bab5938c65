import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { insertRows } from '../../src/core/demo/insert';
import { openDatabase, type LensDatabase } from '../../src/core/db/database';
import { runHealthCheck } from '../../src/core/health/runHealthCheck';
import type { HealthReport } from '../../src/core/health/types';
import { Capabilities } from '../../src/core/schema/capabilities';
import { introspect } from '../../src/core/schema/introspect';
import { createHealthFixture, FROM, type HealthFixture, KEYS, LiteLLMWriter, NOW, TO } from '../support/healthFixture';

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

/**
 * The planted health fixture plus a $20 burst on key golf at 23:30 UTC on 2026-10-24 (LiteLLMWriter: SpendLogs
 * rows and the daily rows of their UTC date): a spike on the 24th in UTC, on the 25th in Berlin (01:30 CEST).
 */
describe('spend health in a report time zone', () => {
  let fx: HealthFixture;
  let db: LensDatabase;
  let caps: Capabilities;
  const run = (timezone?: string): Promise<HealthReport> => runHealthCheck(db, caps, { from: FROM, to: TO, now: NOW, timezone });

  before(async () => {
    fx = await createHealthFixture('planted');
    const w = new LiteLLMWriter(new Set());
    for (let j = 0; j < 10; j++) {
      w.record({ key: KEYS.golf, model: 'o1', spend: 2, start: new Date(Date.parse('2026-10-24T23:30:00Z') + j * 1000) });
    }
    await insertRows(
      fx.admin,
      'LiteLLM_SpendLogs',
      w.spendLogs.map((r, i) => ({ ...r, request_id: `tz-burst-${i}` })),
    );
    await insertRows(
      fx.admin,
      'LiteLLM_DailyUserSpend',
      [...w.dailyUser.values()].map((r, i) => ({ ...r, id: `tz-user-${i}` })),
    );
    await insertRows(
      fx.admin,
      'LiteLLM_DailyTeamSpend',
      [...w.dailyTeam.values()].map((r, i) => ({ ...r, id: `tz-team-${i}` })),
    );
    // The running counters move with every request too (db_spend_update_writer.py).
    await fx.admin.query('UPDATE "LiteLLM_VerificationToken" SET spend = spend + 20 WHERE token = $1', [KEYS.golf.token]);
    await fx.admin.query('UPDATE "LiteLLM_UserTable" SET spend = spend + 20 WHERE user_id = $1', [KEYS.golf.user]);
    await fx.admin.query('UPDATE "LiteLLM_TeamTable" SET spend = spend + 20');
    db = await openDatabase({ url: fx.url });
    caps = new Capabilities(await introspect(db));
  });
  after(async () => {
    await db?.close();
    await fx?.drop();
  });

  test('the spike lands on the Berlin day; its drill-down returns exactly its SpendLogs requests', async () => {
    const golf = (r: HealthReport) => r.findings.filter((f) => f.check === 'spike' && f.details.id === KEYS.golf.token);
    const utc = golf(await run());
    assert.deepEqual(
      utc.map((f) => f.details.date),
      ['2026-10-24'],
    );
    const berlin = await run('Europe/Berlin');
    assert.deepEqual(berlin.period, { from: FROM, to: TO, timezone: 'Europe/Berlin' });
    const [spike, ...rest] = golf(berlin);
    assert.equal(rest.length, 0);
    assert.equal(spike.details.date, '2026-10-25');
    assert.ok(close(Number(spike.details.spend), 20 + 0.28), String(spike.details.spend));
    assert.ok(close(spike.money, 20));
    const { rows } = await fx.admin.query(spike.sql);
    assert.equal(rows.length, spike.count);
    assert.equal(rows.length, 11);
    assert.ok(
      close(
        rows.reduce((s, r) => s + Number(r.spend), 0),
        Number(spike.details.spend),
      ),
    );
  });

  test('the planted spike at 14:00 UTC is the same finding in Berlin (same date, same money)', async () => {
    const delta = (r: HealthReport) =>
      r.findings.filter((f) => f.check === 'spike' && f.details.id === KEYS.delta.token).map((f) => [f.details.date, f.money]);
    const [utc, berlin] = [delta(await run()), delta(await run('Europe/Berlin'))];
    assert.equal(utc.length, 1);
    assert.equal(berlin.length, 1);
    assert.equal(berlin[0][0], utc[0][0]);
    assert.ok(close(Number(berlin[0][1]), Number(utc[0][1])));
  });
});
