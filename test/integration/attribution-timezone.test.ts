import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { AttributionResult } from '../../src/core/attribution/types';
import { openDatabase } from '../../src/core/db/database';
import { Capabilities } from '../../src/core/schema/capabilities';
import { introspect } from '../../src/core/schema/introspect';
import { spendView } from '../../src/extension/panels/spendContent';
import { SpendContext } from '../../src/extension/panels/spendContext';
import type { HealthReport } from '../../src/core/health/types';
import { runCliCapture } from '../support/runCliCapture';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import {
  BASE_DAYS,
  createSpringFixture,
  createTimezoneFixture,
  FROM,
  PLANTED,
  SPRING,
  type TimezoneFixture,
  TO,
  ZONE,
} from '../support/timezoneFixture';
import { ATTRIBUTION_JSON_KEYS } from '../support/attributionKeys';

/** The keys of the attribution JSON before report time zones. */
const UTC_KEYS = ATTRIBUTION_JSON_KEYS;

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
const sum = (values: readonly number[]) => values.reduce((s, v) => s + v, 0);

/** Each report day's expected spend, from the fixture's definition: $2 of base traffic plus the planted requests of that day. */
function expectedDays(): Map<string, number> {
  const out = new Map<string, number>();
  for (const day of BASE_DAYS) if (day >= FROM && day <= TO) out.set(day, 2);
  for (const p of PLANTED) if (p.day) out.set(p.day, out.get(p.day)! + p.spend);
  return out;
}

describe('attribution and check in a report time zone (real PostgreSQL)', () => {
  let fx: TimezoneFixture;
  const attribution = (...extra: string[]) => runCliCapture(['attribution', '--db', fx.url, '--from', FROM, '--to', TO, ...extra]);
  const json = async (...extra: string[]) => {
    const r = await attribution('--json', ...extra);
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout) as AttributionResult;
  };

  before(async () => {
    fx = await createTimezoneFixture();
  });
  after(async () => {
    await fx?.drop();
  });

  test('a request at 23:30 UTC lands on the next day in Europe/Berlin; day totals sum to the period total', async () => {
    const r = await json('--timezone', ZONE);
    const expected = expectedDays();
    assert.deepEqual(r.trend.days, [...expected.keys()]);
    r.trend.days.forEach((day, i) =>
      assert.ok(close(r.trend.total[i], expected.get(day)!), `${day}: ${r.trend.total[i]} ≠ ${expected.get(day)}`),
    );
    // 2026-10-26T23:30Z ($0.07) is 00:30 on the 27th in Berlin: not on the 26th.
    assert.ok(close(r.trend.total[r.trend.days.indexOf('2026-10-26')], 2));
    assert.ok(close(r.trend.total[r.trend.days.indexOf('2026-10-27')], 2 + 0.07 + 0.37));
    const total = sum([...expected.values()]);
    assert.ok(close(total, 17.99));
    assert.ok(close(sum(r.trend.total), total));
    assert.ok(close(r.tree.spend, total), `tree ${r.tree.spend} ≠ ${total}`);
    // Every level of the tree still adds up, and the team and model series add up to the day totals.
    assert.ok(close(sum(r.tree.children.map((c) => c.spend)), r.tree.spend));
    r.trend.days.forEach((_, i) => assert.ok(close(sum(r.trend.byModel.map((m) => m.spend[i])), r.trend.total[i])));
    r.trend.days.forEach((_, i) => assert.ok(close(sum(r.trend.byTeam.map((t) => t.spend[i])), r.trend.total[i])));
    assert.deepEqual(Object.keys(r), [...UTC_KEYS, 'timezone']);
  });

  test("local days agree with PostgreSQL's own time-zone rules on SpendLogs", async () => {
    const r = await json('--timezone', ZONE);
    const { rows } = await fx.admin.query(
      `SELECT to_char(("startTime" AT TIME ZONE 'UTC') AT TIME ZONE $1, 'YYYY-MM-DD') AS day, sum(spend)::float8 AS spend
      FROM "LiteLLM_SpendLogs" GROUP BY 1`,
      [ZONE],
    );
    const pg = new Map(rows.map((x) => [String(x.day), Number(x.spend)]));
    // 2026-10-23 starts where the UTC fallback day 2026-10-22 ends (checked below); the later days are whole local days.
    for (const day of ['2026-10-24', '2026-10-25', '2026-10-26', '2026-10-27']) {
      assert.ok(close(r.trend.total[r.trend.days.indexOf(day)], pg.get(day)!), day);
    }
  });

  test('the 25-hour day at the end of summer time and the fallback days are labelled; days are contiguous', async () => {
    const z = (await json('--timezone', ZONE)).timezone!;
    assert.equal(z.timezone, ZONE);
    assert.deepEqual(
      z.days.map((d) => [d.date, d.source, d.hours]),
      [
        ['2026-10-20', 'daily-utc', 24],
        ['2026-10-21', 'daily-utc', 24],
        ['2026-10-22', 'daily-utc', 24],
        // Starts at 2026-10-23T00:00Z where the UTC day before ended, not at Berlin midnight (22:00Z): no hour twice.
        ['2026-10-23', 'spend-logs', 22],
        ['2026-10-24', 'spend-logs', 24],
        ['2026-10-25', 'spend-logs', 25],
        ['2026-10-26', 'spend-logs', 24],
        ['2026-10-27', 'spend-logs', 24],
      ],
    );
    assert.deepEqual(
      z.days.find((d) => d.date === '2026-10-25'),
      { date: '2026-10-25', source: 'spend-logs', start: '2026-10-24T22:00:00.000Z', end: '2026-10-25T23:00:00.000Z', hours: 25 },
    );
    for (let i = 1; i < z.days.length; i++) assert.equal(z.days[i].start, z.days[i - 1].end);
    assert.match(z.notes.join('\n'), /2026-10-20 … 2026-10-22: UTC days from the daily tables/);
    assert.match(z.notes.join('\n'), /2026-10-23 … 2026-10-27: days in Europe\/Berlin, from LiteLLM_SpendLogs/);
  });

  test('text and CSV say which days are local and which fell back to UTC', async () => {
    const text = await attribution('--timezone', ZONE, '--format', 'text');
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /Days: 2026-10-20 … 2026-10-22: UTC days from the daily tables/);
    const csv = await attribution('--timezone', ZONE, '--format', 'csv');
    assert.equal(csv.code, 0, csv.stderr);
    assert.match(csv.stderr, /note: 2026-10-20 … 2026-10-22: UTC days from the daily tables/);
    assert.match(csv.stderr, /note: 2026-10-23 … 2026-10-27: days in Europe\/Berlin/);
  });

  test('request basis: every day from SpendLogs at Berlin midnights', async () => {
    const r = await json('--timezone', ZONE, '--basis', 'requests');
    assert.ok(r.timezone!.days.every((d) => d.source === 'spend-logs'));
    const { rows } = await fx.admin.query(
      `SELECT sum(spend)::float8 AS spend FROM "LiteLLM_SpendLogs" WHERE "startTime" >= '2026-10-19 22:00' AND "startTime" < '2026-10-27 23:00'`,
    );
    assert.ok(close(r.tree.spend, rows[0].spend));
    assert.ok(close(sum(r.trend.total), r.tree.spend));
  });

  test('UTC default: output byte-identical with and without --timezone UTC, no new key', async () => {
    for (const format of ['json', 'csv', 'text']) {
      const plain = await attribution('--format', format);
      const utc = await attribution('--format', format, '--timezone', 'UTC');
      assert.equal(plain.code, 0, plain.stderr);
      assert.equal(utc.stdout, plain.stdout, format);
    }
    const r = await json();
    assert.deepEqual(Object.keys(r), UTC_KEYS);
    // UTC days straight from the daily tables: the 23:30 UTC request stays on the 26th.
    assert.ok(close(r.trend.total[r.trend.days.indexOf('2026-10-26')], 2 + 0.07));
    const plainCheck = await runCliCapture(['check', '--db', fx.url, '--from', FROM, '--to', TO, '--json']);
    const utcCheck = await runCliCapture(['check', '--db', fx.url, '--from', FROM, '--to', TO, '--json', '--timezone', 'UTC']);
    const strip = (s: string) => JSON.stringify({ ...JSON.parse(s), now: null });
    assert.equal(strip(utcCheck.stdout), strip(plainCheck.stdout));
    assert.deepEqual((JSON.parse(plainCheck.stdout) as HealthReport).period, { from: FROM, to: TO });
  });

  test('an unknown zone exits 2 with a hint, before touching the database', async () => {
    for (const command of ['attribution', 'check']) {
      const r = await runCliCapture([
        command,
        '--db',
        'postgres://nobody@127.0.0.1:1/none',
        '--from',
        FROM,
        '--to',
        TO,
        '--timezone',
        'Europe/Berlinn',
        '--json',
      ]);
      assert.equal(r.code, 2, `${command}: ${r.stderr}`);
      assert.match(
        r.stderr,
        /error: Unknown report time zone "Europe\/Berlinn"\.\nhint: Use an IANA zone name such as Europe\/Berlin, .*--timezone on the CLI/,
      );
      assert.equal((JSON.parse(r.stdout) as { error: { exitCode: number } }).error.exitCode, 2);
    }
  });

  test('spend view: the report time zone is part of the cached result, and its notes name the fallback days', async () => {
    const db = await openDatabase({ url: fx.url });
    try {
      let timezone = 'UTC';
      const context = new SpendContext(
        { db, capabilities: new Capabilities(await introspect(db)), onDidChange: () => () => undefined },
        () => ({ budgetTimezone: 'UTC', timezone }),
      );
      const filters = { from: FROM, to: TO, basis: 'daily' as const, topN: 10 };
      const utc = spendView(await context.attribution(filters), filters);
      assert.ok(!utc.notes.some((n) => /UTC days from the daily tables/.test(n)));
      timezone = ZONE;
      assert.equal(context.has(filters), false, 'another time zone is another result');
      const berlin = spendView(await context.attribution(filters), filters);
      assert.ok(
        berlin.notes.includes(
          '2026-10-20 … 2026-10-22: UTC days from the daily tables — SpendLogs do not cover them (retention or disable_spend_logs), so they cannot be cut at Europe/Berlin midnight.',
        ),
      );
      assert.ok(berlin.notes.some((n) => n.startsWith('2026-10-23 … 2026-10-27: days in Europe/Berlin')));
      context.dispose();
    } finally {
      await db.close();
    }
  });

  test('check --timezone: the period is Berlin days, named in the report', async () => {
    const r = await runCliCapture(['check', '--db', fx.url, '--from', FROM, '--to', TO, '--json', '--timezone', ZONE]);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as HealthReport;
    assert.deepEqual(report.period, { from: FROM, to: TO, timezone: ZONE });
    const text = await runCliCapture(['check', '--db', fx.url, '--from', FROM, '--to', TO, '--timezone', ZONE]);
    assert.match(text.stdout, /days in Europe\/Berlin/);
  });
});

describe('the 23-hour day summer time starts on (real PostgreSQL, SpendLogs complete)', () => {
  let fx: TimezoneFixture;
  before(async () => {
    fx = await createSpringFixture();
  });
  after(async () => {
    await fx?.drop();
  });

  test('2026-03-29 in Berlin spans 23 hours; each request lands on its local day; days sum to the total', async () => {
    const r = await runCliCapture(['attribution', '--db', fx.url, '--from', SPRING.from, '--to', SPRING.to, '--timezone', ZONE, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const a = JSON.parse(r.stdout) as AttributionResult;
    assert.deepEqual(
      a.timezone!.days.map((d) => [d.date, d.source, d.start, d.hours]),
      [
        ['2026-03-28', 'spend-logs', '2026-03-27T23:00:00.000Z', 24],
        ['2026-03-29', 'spend-logs', '2026-03-28T23:00:00.000Z', 23],
        ['2026-03-30', 'spend-logs', '2026-03-29T22:00:00.000Z', 24],
      ],
    );
    const expected = new Map<string, number>([
      ['2026-03-28', 2],
      ['2026-03-29', 2],
      ['2026-03-30', 2],
    ]);
    for (const p of SPRING.planted) if (p.day) expected.set(p.day, expected.get(p.day)! + p.spend);
    a.trend.days.forEach((day, i) =>
      assert.ok(close(a.trend.total[i], expected.get(day)!), `${day}: ${a.trend.total[i]} ≠ ${expected.get(day)}`),
    );
    assert.ok(close(a.tree.spend, sum([...expected.values()])));
    assert.ok(close(sum(a.trend.total), a.tree.spend));
  });
});

describe('report time zones on the demo database (retention, rotated keys, organisations)', () => {
  let t: TestDatabase;
  before(async () => {
    t = await createTestDatabase({ version: '1.83' });
  });
  after(async () => {
    await t?.drop();
  });

  for (const tz of ['Europe/Berlin', 'America/New_York']) {
    test(`${tz}: each day from one source, and the tree total is their sum`, async () => {
      const r = await runCliCapture([
        'attribution',
        '--db',
        t.url,
        '--from',
        '2026-08-01',
        '--to',
        '2026-10-31',
        '--timezone',
        tz,
        '--json',
      ]);
      assert.equal(r.code, 0, r.stderr);
      const a = JSON.parse(r.stdout) as AttributionResult;
      const days = a.timezone!.days;
      const fallback = days.filter((d) => d.source === 'daily-utc');
      const local = days.filter((d) => d.source === 'spend-logs');
      assert.ok(fallback.length > 0 && local.length > 0, 'the demo keeps SpendLogs for part of the period only');
      assert.equal(fallback[fallback.length - 1].end, local[0].start);
      // The sources read directly: the fallback days' UTC rows plus the local days' requests.
      const {
        rows: [d],
      } = await t.admin.query(`SELECT sum(spend)::float8 AS spend FROM "LiteLLM_DailyUserSpend" WHERE date >= $1 AND date <= $2`, [
        fallback[0].date,
        fallback[fallback.length - 1].date,
      ]);
      const {
        rows: [l],
      } = await t.admin.query(
        `SELECT sum(spend)::float8 AS spend FROM "LiteLLM_SpendLogs" WHERE "startTime" >= $1::timestamptz AT TIME ZONE 'UTC' AND "startTime" < $2::timestamptz AT TIME ZONE 'UTC'`,
        [local[0].start, local[local.length - 1].end],
      );
      const expected = Number(d.spend) + Number(l.spend);
      assert.ok(Math.abs(a.tree.spend - expected) <= 1e-9 * expected, `tree ${a.tree.spend} ≠ sources ${expected}`);
      assert.ok(Math.abs(sum(a.trend.total) - a.tree.spend) <= 1e-9 * a.tree.spend);
      a.trend.days.forEach((_, i) => assert.ok(close(sum(a.trend.byTeam.map((s) => s.spend[i])), a.trend.total[i])));
    });
  }
});
