import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loadAnalyses } from '../../src/core/analyses/loadAnalyses';
import { dateClock } from '../../src/core/analyses/relativeDate';
import { openDatabase, type LensDatabase } from '../../src/core/db/database';
import { Capabilities } from '../../src/core/schema/capabilities';
import { readDataRange } from '../../src/core/schema/dataRange';
import { introspect } from '../../src/core/schema/introspect';
import { analysisQuery } from '../../src/extension/logic/analysisRun';
import { rangePresets } from '../../src/extension/logic/cbfRanges';
import { SpendContext } from '../../src/extension/panels/spendContext';
import { runCliCapture } from '../support/runCliCapture';
import { createTestDatabase, TEST_DEMO_OPTIONS, type TestDatabase } from '../support/testDatabase';

const topUsers = loadAnalyses({ workspaceDirs: [] }).find((a) => a.id === 'top-users')!;
const today = () => new Date().toISOString().slice(0, 10);

describe('relative defaults follow the data when it ended before today (real PostgreSQL)', () => {
  let stale: TestDatabase;
  let live: TestDatabase;
  let db: LensDatabase;
  let caps: Capabilities;

  before(async () => {
    // The fixture's data ends 2026-10-31 (TEST_DEMO_OPTIONS), before today; `live` ends today.
    [stale, live] = await Promise.all([
      createTestDatabase({ version: '1.83' }),
      createTestDatabase({ version: '1.83', seed: { ...TEST_DEMO_OPTIONS, endDate: today(), days: 14, retentionDays: 14 } }),
    ]);
    db = await openDatabase({ url: stale.url, env: {}, applicationName: 'lens-relative-defaults' });
    caps = new Capabilities(await introspect(db));
  });
  after(async () => {
    await db?.close();
    await Promise.all([stale?.drop(), live?.drop()]);
  });

  test("the data range is the daily table's first and last day; without that table, the SpendLogs days", async () => {
    const truth = (await stale.admin.query('SELECT min("date") AS first, max("date") AS last FROM "LiteLLM_DailyUserSpend"')).rows[0];
    assert.equal(truth.last, TEST_DEMO_OPTIONS.endDate);
    assert.deepEqual(await readDataRange(db, caps), { first: truth.first, last: truth.last });

    const noDaily = new Capabilities({ ...caps.model, tables: caps.model.tables.filter((t) => t.name !== 'LiteLLM_DailyUserSpend') });
    const logs = (
      await stale.admin.query(
        `SELECT to_char(min("startTime"), 'YYYY-MM-DD') AS first, to_char(max("startTime"), 'YYYY-MM-DD') AS last FROM "LiteLLM_SpendLogs"`,
      )
    ).rows[0];
    assert.ok(logs.first > truth.first, 'SpendLogs retention starts later than the daily table');
    assert.deepEqual(await readDataRange(db, noDaily), { first: logs.first, last: logs.last });

    const neither = new Capabilities({
      ...caps.model,
      tables: caps.model.tables.filter((t) => !['LiteLLM_DailyUserSpend', 'LiteLLM_SpendLogs'].includes(t.name)),
    });
    assert.equal(await readDataRange(db, neither), null);
  });

  test('the spend view reads the same range and its default period ends on the last day with data', async () => {
    const spend = new SpendContext({ db, capabilities: caps, onDidChange: () => () => undefined });
    try {
      assert.deepEqual(await spend.dataRange(), await readDataRange(db, caps));
      const filters = await spend.filters();
      assert.deepEqual([filters.from, filters.to], ['2026-10-02', '2026-10-31']);
    } finally {
      spend.dispose();
    }
  });

  test("the extension's analysis defaults and CBF presets resolve against the last day with data", async () => {
    const clock = dateClock((await readDataRange(db, caps))?.last);
    assert.equal(clock.dataEnds, '2026-10-31');
    const query = analysisQuery(topUsers, caps, { limit: '1000' }, clock.now);
    assert.deepEqual(query.byName, { from: '2026-10-01', to: '2026-10-31', limit: 1000 });
    // Today's clock would have given an empty period on this database.
    const todays = analysisQuery(topUsers, caps, { limit: '1000' });
    const count = async (from: unknown, to: unknown) =>
      Number(
        (await stale.admin.query('SELECT count(*) AS n FROM "LiteLLM_DailyUserSpend" WHERE "date" BETWEEN $1 AND $2', [from, to])).rows[0]
          .n,
      );
    assert.equal(await count(todays.byName.from, todays.byName.to), 0);
    assert.ok((await count(query.byName.from, query.byName.to)) > 0);

    assert.deepEqual(
      rangePresets(clock).map((p) => [p.label, p.from, p.to]),
      [
        ['Month before', '2026-09-01', '2026-09-30'],
        ['Latest month', '2026-10-01', '2026-10-31'],
        ['Last 7 days of data', '2026-10-25', '2026-10-31'],
      ],
    );
  });

  test("CLI: analyses run with defaults says the data ends, and returns the rows of the data's last 30 days", async () => {
    const byDefault = await runCliCapture(['analyses', 'run', 'top-users', '--param', 'limit=1000', '--json', '--db', stale.url]);
    assert.equal(byDefault.code, 0, byDefault.stderr);
    assert.match(byDefault.stderr, /^note: data ends 2026-10-31; defaults follow it$/m);
    const explicit = await runCliCapture([
      'analyses',
      'run',
      'top-users',
      '--param',
      'limit=1000',
      '--param',
      'from=2026-10-01',
      '--param',
      'to=2026-10-31',
      '--json',
      '--db',
      stale.url,
    ]);
    assert.equal(explicit.code, 0, explicit.stderr);
    const rows = JSON.parse(byDefault.stdout) as { spend: number }[];
    assert.ok(rows.length > 0);
    assert.deepEqual(rows, JSON.parse(explicit.stdout));
    const truth = (
      await stale.admin.query(
        `SELECT sum(spend)::float8 AS s FROM "LiteLLM_DailyUserSpend" WHERE "date" BETWEEN '2026-10-01' AND '2026-10-31'`,
      )
    ).rows[0].s as number;
    assert.ok(Math.abs(rows.reduce((s, r) => s + r.spend, 0) - truth) < 1e-6);
  });

  test("data that reaches today keeps today's clock, and nothing is said", async () => {
    const liveDb = await openDatabase({ url: live.url, env: {}, applicationName: 'lens-relative-defaults-live' });
    try {
      const range = await readDataRange(liveDb, new Capabilities(await introspect(liveDb)));
      assert.equal(range?.last, today());
      assert.equal(dateClock(range?.last).dataEnds, undefined);
    } finally {
      await liveDb.close();
    }
    const r = await runCliCapture(['analyses', 'run', 'top-users', '--json', '--db', live.url]);
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /data ends/);
  });
});
