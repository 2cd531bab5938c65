/**
 * The period's rows of a daily table (dailyFacts.ts daysFilter) on real PostgreSQL: the PostgreSQL 15+ form
 * (`date = ANY(<each day>)`, bytes against a hashed list) reads exactly the facts the range form of older servers
 * does on the dates LiteLLM writes, and a period's rows and the rest partition the table, so the all-time figures
 * count every row once, even one whose date is not a day; when nothing lies outside, index probes say so without
 * a scan.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DAILY, type DailyFact, loadDailyFacts, loadOutsideFacts } from '../../src/core/attribution/dailyFacts';
import { addDays, makePeriod } from '../../src/core/attribution/period';
import { openDatabase, type LensDatabase } from '../../src/core/db/database';
import { Capabilities } from '../../src/core/schema/capabilities';
import { introspect } from '../../src/core/schema/introspect';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

const KINDS = ['user', 'team', 'org'] as const;
const FROM = '2026-09-01';
const TO = '2026-09-30';

/** The same session, reporting another server version (the filter's form follows it). */
const asVersion = (db: LensDatabase, versionNum: number): LensDatabase =>
  Object.create(db, { server: { value: { ...db.server, versionNum } } }) as LensDatabase;

/** The same session, recording the text of every statement it is sent. */
function recording(db: LensDatabase): { db: LensDatabase; sent: string[] } {
  const sent: string[] = [];
  const spy = Object.create(db) as LensDatabase;
  spy.query = ((sql: string, ...rest: unknown[]) => {
    sent.push(sql);
    return (db.query as (...a: unknown[]) => unknown)(sql, ...rest);
  }) as LensDatabase['query'];
  return { db: spy, sent };
}

const sorted = (facts: DailyFact[]) =>
  facts.map((f) => JSON.stringify([f.kind, f.span, f.apiKey, f.model, f.entity, f.range, f.lifetime])).sort();

describe('the period filter of the daily scans', () => {
  let t: TestDatabase;
  let db: LensDatabase;
  let caps: Capabilities;

  before(async () => {
    t = await createTestDatabase({ version: '1.83' });
    db = await openDatabase({ url: t.url });
    caps = new Capabilities(await introspect(db));
  });
  after(async () => {
    await db?.close();
    await t?.drop();
  });

  test('PostgreSQL 15+ reads `= ANY(days)`; the facts and series equal the range form of PostgreSQL 14', async () => {
    assert.ok(db.server.versionNum >= 150000, 'the harness runs PostgreSQL 15+');
    const period = makePeriod(FROM, TO);
    const q = { caps, kinds: [...KINDS], period };
    const { db: spy, sent } = recording(db);
    const now = await loadDailyFacts(spy, q);
    assert.ok(
      sent.some((s) => s.includes('d.date = ANY($1::text[])')),
      'the scans match the days',
    );
    const old = await loadDailyFacts(asVersion(db, 140000), q);
    assert.ok(now.facts.length > 100, `${now.facts.length} facts`);
    assert.deepEqual(sorted(now.facts), sorted(old.facts));
    assert.deepEqual(now.series.map((p) => JSON.stringify(p)).sort(), old.series.map((p) => JSON.stringify(p)).sort());
    assert.deepEqual(
      sorted(await loadOutsideFacts(db, caps, KINDS, period)),
      sorted(await loadOutsideFacts(asVersion(db, 140000), caps, KINDS, period)),
    );
  });

  test('a period over the whole history: index probes find nothing outside and no table is scanned for it', async () => {
    const {
      rows: [range],
    } = await t.admin.query<{ first: string; last: string }>(
      `SELECT min(date) AS first, max(date) AS last FROM (SELECT date FROM "LiteLLM_DailyUserSpend" UNION ALL
         SELECT date FROM "LiteLLM_DailyTeamSpend" UNION ALL SELECT date FROM "LiteLLM_DailyOrganizationSpend") x`,
    );
    assert.ok(
      KINDS.every((k) => caps.hasLeadingIndex(DAILY[k].table, 'date')),
      'the daily tables have their date index',
    );
    const all = makePeriod(range.first, range.last);
    const { db: spy, sent } = recording(db);
    assert.deepEqual(await loadOutsideFacts(spy, caps, KINDS, all), []);
    assert.equal(sent.filter((s) => s.includes('NOT d.date = ANY')).length, 0, 'no scan of the rest');
    assert.equal(sent.length, KINDS.length, 'one probe per table');
    // One day less: the probe sees the last day's rows, and the scan reads exactly them.
    const shorter = makePeriod(range.first, addDays(range.last, -1));
    const rest = await loadOutsideFacts(db, caps, ['user'], shorter);
    const {
      rows: [last],
    } = await t.admin.query<{ spend: number }>('SELECT sum(spend)::float8 AS spend FROM "LiteLLM_DailyUserSpend" WHERE date = $1', [
      range.last,
    ]);
    const got = rest.reduce((s, f) => s + f.lifetime, 0);
    assert.ok(last.spend > 0 && Math.abs(got - last.spend) <= 1e-9 * last.spend, `outside ${got} = the last day ${last.spend}`);
  });

  test('a row whose date is not a day is outside every period and counted once', async () => {
    await t.admin.query(
      `INSERT INTO "LiteLLM_DailyUserSpend" (id, user_id, date, api_key, model, custom_llm_provider, spend, api_requests, updated_at)
       VALUES ('odd-date', 'odd-user', '2026-09-10T00:00:00', 'odd-key', 'odd-model', 'openai', 0.5, 1, now())`,
    );
    try {
      // Inside the whole history's range, so only the probe between two days can find it.
      const {
        rows: [range],
      } = await t.admin.query<{ first: string; last: string }>(
        `SELECT min(date) AS first, max(date) AS last FROM "LiteLLM_DailyUserSpend" WHERE date <> '2026-09-10T00:00:00'`,
      );
      const whole = await loadOutsideFacts(db, caps, ['user'], makePeriod(range.first, range.last));
      assert.deepEqual(
        whole.map((f) => [f.apiKey, f.lifetime]),
        [['odd-key', 0.5]],
        'over the whole history, the odd row is all there is outside',
      );
      const period = makePeriod(FROM, TO);
      const inside = (await loadDailyFacts(db, { caps, kinds: ['user'], period })).facts;
      const outside = await loadOutsideFacts(db, caps, ['user'], period);
      assert.equal(inside.filter((f) => f.apiKey === 'odd-key').length, 0, 'not in the period');
      assert.equal(
        outside.filter((f) => f.apiKey === 'odd-key').reduce((s, f) => s + f.lifetime, 0),
        0.5,
        'in the spend outside it',
      );
      const {
        rows: [all],
      } = await t.admin.query<{ spend: number }>('SELECT sum(spend)::float8 AS spend FROM "LiteLLM_DailyUserSpend"');
      const total = [...inside, ...outside].reduce((s, f) => s + f.lifetime, 0);
      assert.ok(Math.abs(total - all.spend) <= 1e-9 * all.spend, `period + outside ${total} = table ${all.spend}`);
    } finally {
      await t.admin.query(`DELETE FROM "LiteLLM_DailyUserSpend" WHERE id = 'odd-date'`);
    }
  });
});
