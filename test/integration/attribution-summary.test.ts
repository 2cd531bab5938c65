/**
 * The attribution's first stage (computeSummary: what the spend view paints first) against the whole attribution
 * computed independently, on real PostgreSQL: the summary's tree down to the teams and its trend must be the full
 * result's, exactly (one implementation of each figure), on both bases and on periods that cross the day the
 * organisation table starts (request-time fixture: ambiguous keys, rotated and master keys) and on the demo data.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { computeAttribution } from '../../src/core/attribution/compute';
import { type AttributionSummary, computeSummary } from '../../src/core/attribution/summary';
import type { AttributionNode, AttributionOptions } from '../../src/core/attribution/types';
import { openDatabase, type LensDatabase } from '../../src/core/db/database';
import { Capabilities } from '../../src/core/schema/capabilities';
import { introspect } from '../../src/core/schema/introspect';
import type { FixtureDb } from '../support/litellmRows';
import { LOGS_FROM, MASTER_HASH, ORG_FROM, createRequestTimeFixture } from '../support/requestTimeFixture';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

/** The node and its descendants `levels` deep, the rest cut off (what a summary view shows). */
function topLevels(n: AttributionNode, levels: number): AttributionNode {
  return { ...n, children: levels > 0 ? n.children.map((c) => topLevels(c, levels - 1)) : [] };
}

const count = (n: AttributionNode, level: AttributionNode['level']): number =>
  (n.level === level ? 1 : 0) + n.children.reduce((s, c) => s + count(c, level), 0);

async function assertSummaryIsFull(db: LensDatabase, caps: Capabilities, opts: AttributionOptions): Promise<AttributionSummary> {
  const { summary } = await computeSummary(db, caps, opts);
  const full = await computeAttribution(db, caps, opts);
  assert.deepEqual(topLevels(summary.tree, 2), topLevels(full.tree, 2), 'total, organisations and teams');
  assert.deepEqual(summary.trend, full.trend, 'trend and top lists');
  const { tree: _t, trend: _r, ...about } = summary;
  for (const [k, v] of Object.entries(about)) assert.deepEqual(v, full[k as keyof typeof about], k);
  return summary;
}

describe("attribution summary = the full result's top levels (request-time fixture)", () => {
  let fx: FixtureDb;
  let db: LensDatabase;
  let caps: Capabilities;

  before(async () => {
    fx = await createRequestTimeFixture();
    db = await openDatabase({ url: fx.url });
    caps = new Capabilities(await introspect(db));
  });
  after(async () => {
    await db?.close();
    await fx?.drop();
  });

  test('daily basis over October (the organisation table starts mid-month): same tree top, trend and notes', async () => {
    const s = await assertSummaryIsFull(db, caps, { from: '2026-10-01', to: '2026-10-31', masterKeyHash: MASTER_HASH });
    assert.ok(count(s.tree, 'organization') >= 2 && count(s.tree, 'team') >= 3, 'several organisations and teams');
    assert.ok(s.tree.spend > 0);
    const {
      rows: [sql],
    } = await fx.admin.query<{ spend: number }>(
      `SELECT sum(spend) AS spend FROM "LiteLLM_DailyUserSpend" WHERE date BETWEEN '2026-10-01' AND '2026-10-31'`,
    );
    assert.ok(Math.abs(s.tree.spend - sql.spend) <= 1e-9 * sql.spend, `summary total ${s.tree.spend} = Σ DailyUserSpend ${sql.spend}`);
  });

  test("trend series = the daily tables per day and model / team, across the organisation table's first day", async () => {
    // The series come from the facts' own grouping-sets scans, one per sub-period (October splits at ORG_FROM).
    const { summary } = await computeSummary(db, caps, { from: '2026-10-01', to: '2026-10-31', masterKeyHash: MASTER_HASH });
    const { days, byModel, byTeam } = summary.trend;
    const check = async (table: string, column: string, series: typeof byModel) => {
      const { rows } = await fx.admin.query<{ date: string; id: string; spend: number }>(
        `SELECT date, COALESCE(${column}, '') AS id, sum(spend) AS spend FROM "${table}" WHERE date BETWEEN '2026-10-01' AND '2026-10-31' GROUP BY 1, 2`,
      );
      assert.ok(rows.length > days.length, `${table}: several series over the month`);
      const expected = new Map<string, number[]>();
      for (const r of rows) {
        const values = expected.get(r.id) ?? days.map(() => 0);
        values[days.indexOf(r.date)] += r.spend;
        expected.set(r.id, values);
      }
      const named = series.filter((x) => x.id !== null);
      assert.deepEqual(named.map((x) => x.id).sort(), [...expected.keys()].sort(), `${table}: one series per ${column}`);
      for (const x of named) {
        x.spend.forEach((v, i) => {
          const want = expected.get(x.id!)![i];
          assert.ok(Math.abs(v - want) <= 1e-9 * Math.max(1, Math.abs(want)), `${table} ${x.id} ${days[i]}: ${v} vs ${want}`);
        });
      }
    };
    await check('LiteLLM_DailyUserSpend', 'model', byModel);
    await check('LiteLLM_DailyTeamSpend', 'team_id', byTeam);
  });

  test('daily basis on the covered days only, and a single day', async () => {
    await assertSummaryIsFull(db, caps, { from: ORG_FROM, to: '2026-10-31', masterKeyHash: MASTER_HASH });
    await assertSummaryIsFull(db, caps, { from: ORG_FROM, to: ORG_FROM, masterKeyHash: MASTER_HASH, topN: 3 });
  });

  test('request basis (the tree from SpendLogs)', async () => {
    const s = await assertSummaryIsFull(db, caps, { from: LOGS_FROM, to: '2026-10-31', basis: 'requests', masterKeyHash: MASTER_HASH });
    assert.equal(s.basis, 'requests');
    assert.ok(s.tree.spend > 0);
  });
});

describe("attribution summary = the full result's top levels (demo data)", () => {
  let database: TestDatabase;
  let db: LensDatabase;
  let caps: Capabilities;

  before(async () => {
    database = await createTestDatabase({ version: '029f645f' });
    db = await openDatabase({ url: database.url, env: {} });
    caps = new Capabilities(await introspect(db));
  });
  after(async () => {
    await db?.close();
    await database?.drop();
  });

  test('the last 30 days and the whole 90 days, daily basis', async () => {
    const s = await assertSummaryIsFull(db, caps, { from: '2026-10-02', to: '2026-10-31' });
    assert.equal(s.trend.days.length, 30);
    await assertSummaryIsFull(db, caps, { from: '2026-08-03', to: '2026-10-31', budgetTimezone: 'Europe/Berlin' });
  });
});
