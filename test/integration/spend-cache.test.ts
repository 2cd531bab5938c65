/**
 * The spend view's shared results (SpendContext) over a real session and PostgreSQL: cached per connection,
 * filters and options; dropped by Refresh (`forget`) and by disconnect/reconnect; a cancel in one view does not
 * fail another view's wait for the same result.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openDatabase } from '../../src/core/db/database';
import { LensError } from '../../src/core/errors';
import { envTarget } from '../../src/extension/logic/connectTarget';
import { LensSession } from '../../src/extension/logic/lensSession';
import { SpendContext } from '../../src/extension/panels/spendContext';
import type { SpendFilters } from '../../src/shared/spendProtocol';
import { eventually } from '../support/eventually';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

const OCTOBER: SpendFilters = { from: '2026-10-02', to: '2026-10-31', basis: 'daily', topN: 10 };
const isCancelled = (err: unknown) => err instanceof LensError && err.kind === 'cancelled';

describe('spend results cache (SpendContext, real PostgreSQL)', () => {
  let database: TestDatabase;
  const session = new LensSession();
  let timezone = 'UTC';
  let spend: SpendContext;
  const connect = () =>
    session.connect(envTarget('LENS_TEST_URL'), async () => ({
      db: await openDatabase({ url: database.url, env: {}, applicationName: 'lens-spend-cache' }),
    }));

  before(async () => {
    database = await createTestDatabase({ version: '029f645f' });
    await connect();
    spend = new SpendContext(session, () => ({ budgetTimezone: timezone }));
  });
  after(async () => {
    spend?.dispose();
    await session.disconnect();
    await database?.drop();
  });

  test("the same connection, range and options give the same objects; the summary is the full result's tree and trend", async () => {
    const summary = await spend.summary(OCTOBER);
    const full = await spend.attribution(OCTOBER);
    assert.equal(await spend.attribution(OCTOBER), full, 'the same result object');
    assert.equal(await spend.summary({ ...OCTOBER }), summary, 'the same summary object for equal filters');
    assert.equal(summary.tree, full.tree, "one tree: the full result carries the summary's");
    assert.equal(summary.trend, full.trend);
    assert.notEqual(await spend.attribution({ ...OCTOBER, from: '2026-10-03' }), full, 'another range is another result');
    timezone = 'Europe/Berlin';
    const otherOptions = await spend.attribution(OCTOBER);
    timezone = 'UTC';
    assert.notEqual(otherOptions, full, 'another option (budget timezone) is another result');
    assert.equal(await spend.attribution(OCTOBER), full, 'still cached');
  });

  test('Refresh (forget) drops the cached result: the next request computes again', async () => {
    const before = await spend.attribution(OCTOBER);
    spend.forget(OCTOBER);
    assert.equal(spend.has(OCTOBER), false);
    const after = await spend.attribution(OCTOBER);
    assert.notEqual(after, before);
    assert.equal(after.tree.spend, before.tree.spend, 'the same figures, read again');
  });

  test('disconnect and reconnect drop every cached result', async () => {
    const before = await spend.attribution(OCTOBER);
    await session.disconnect();
    assert.throws(() => spend.has(OCTOBER), /connect/i, 'nothing to answer from without a connection');
    await connect();
    assert.equal(spend.has(OCTOBER), false, 'the new connection has no cached result');
    const after = await spend.attribution(OCTOBER);
    assert.notEqual(after, before);
    assert.equal(after.tree.spend, before.tree.spend);
  });

  test("a cancel in one view does not fail another view's wait; the computation is kept for both", async () => {
    const filters = { ...OCTOBER, topN: 5 };
    const graph = new AbortController();
    const panel = new AbortController();
    const graphWait = spend.attribution(filters, graph.signal);
    const panelSummary = spend.summary(filters, panel.signal);
    const panelWait = spend.attribution(filters, panel.signal);
    graph.abort();
    await assert.rejects(graphWait, isCancelled, 'the cancelling view gets "cancelled"');
    const full = await panelWait;
    assert.equal((await panelSummary).tree, full.tree);
    assert.equal(await spend.attribution(filters), full, 'cached: the cancel aborted nothing');
  });

  test('when every view cancels, the computation is aborted and not kept: the next request computes again', async () => {
    const filters = { ...OCTOBER, topN: 7 };
    const [a, b] = [new AbortController(), new AbortController()];
    const waits = [spend.summary(filters, a.signal), spend.attribution(filters, b.signal)];
    a.abort();
    b.abort();
    for (const w of waits) await assert.rejects(w, isCancelled);
    // The aborted computation fails on its own signal and leaves the cache (no view waits for it).
    await eventually('the aborted computation to leave the cache', () => !spend.has(filters), 5000);
    const fresh = await spend.attribution(filters);
    assert.ok(fresh.tree.spend > 0);
  });
});
