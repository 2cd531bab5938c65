import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { makePeriod } from '../../src/core/attribution/period';
import { planZoneDays, validateReportTimezone } from '../../src/core/attribution/zoneDays';
import { LensError } from '../../src/core/errors';

const utc = (day: string) => Date.parse(`${day}T00:00:00Z`);
const shape = (tz: string, from: string, to: string, coveredFromMs: number) =>
  planZoneDays(makePeriod(from, to, tz), tz, coveredFromMs).days.map((d) => [d.date, d.source, d.start, d.hours]);

describe('report days in a time zone (zoneDays.ts)', () => {
  test('Europe/Berlin: the day summer time starts has 23 hours, the day it ends 25', () => {
    assert.deepEqual(shape('Europe/Berlin', '2026-03-28', '2026-03-30', -Infinity), [
      ['2026-03-28', 'spend-logs', '2026-03-27T23:00:00.000Z', 24],
      ['2026-03-29', 'spend-logs', '2026-03-28T23:00:00.000Z', 23],
      ['2026-03-30', 'spend-logs', '2026-03-29T22:00:00.000Z', 24],
    ]);
    assert.deepEqual(shape('Europe/Berlin', '2026-10-25', '2026-10-25', -Infinity), [
      ['2026-10-25', 'spend-logs', '2026-10-24T22:00:00.000Z', 25],
    ]);
  });

  test('America/New_York: the first local day after UTC fallback days starts where they end (28 hours here)', () => {
    const plan = planZoneDays(makePeriod('2026-10-20', '2026-10-23', 'America/New_York'), 'America/New_York', utc('2026-10-22'));
    assert.deepEqual(
      plan.days.map((d) => [d.date, d.source, d.start, d.end, d.hours]),
      [
        ['2026-10-20', 'daily-utc', '2026-10-20T00:00:00.000Z', '2026-10-21T00:00:00.000Z', 24],
        ['2026-10-21', 'daily-utc', '2026-10-21T00:00:00.000Z', '2026-10-22T00:00:00.000Z', 24],
        ['2026-10-22', 'spend-logs', '2026-10-22T00:00:00.000Z', '2026-10-23T04:00:00.000Z', 28],
        ['2026-10-23', 'spend-logs', '2026-10-23T04:00:00.000Z', '2026-10-24T04:00:00.000Z', 24],
      ],
    );
    assert.deepEqual([plan.fallback?.from, plan.fallback?.to], ['2026-10-20', '2026-10-21']);
    assert.deepEqual(plan.local?.dates, ['2026-10-22', '2026-10-23']);
    assert.match(plan.notes.join('\n'), /2026-10-22 starts at 2026-10-22T00:00:00.000Z, where the last UTC day ends, so it spans 28 hours/);
  });

  test('a local day whose Berlin midnight is before SpendLogs coverage falls back to its UTC day', () => {
    // Coverage from 2026-10-23T00:00Z: Berlin's 10-23 begins at 10-22T22:00Z, two hours too early.
    assert.deepEqual(shape('Europe/Berlin', '2026-10-23', '2026-10-24', utc('2026-10-23')), [
      ['2026-10-23', 'daily-utc', '2026-10-23T00:00:00.000Z', 24],
      ['2026-10-24', 'spend-logs', '2026-10-24T00:00:00.000Z', 22],
    ]);
  });

  test('without SpendLogs every day is its UTC day; the days tile the period without gap or overlap', () => {
    const plan = planZoneDays(makePeriod('2026-10-01', '2026-10-31', 'Asia/Kolkata'), 'Asia/Kolkata', Infinity);
    assert.ok(plan.days.every((d) => d.source === 'daily-utc'));
    assert.equal(plan.local, null);
    for (const tz of ['Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Pacific/Kiritimati', 'Pacific/Pago_Pago']) {
      for (const cover of [-Infinity, utc('2026-10-10'), Infinity]) {
        const days = planZoneDays(makePeriod('2026-10-01', '2026-11-05', tz), tz, cover).days;
        for (let i = 1; i < days.length; i++) assert.equal(days[i].start, days[i - 1].end, `${tz} ${days[i].date}`);
        assert.ok(days.every((d) => d.hours > 0));
      }
    }
  });

  test('period bounds are local midnights; an unknown zone is a usage error with a hint', () => {
    const p = makePeriod('2026-10-01', '2026-10-31', 'Europe/Berlin');
    assert.deepEqual(
      [new Date(p.startMs).toISOString(), new Date(p.endMs).toISOString(), p.timezone],
      ['2026-09-30T22:00:00.000Z', '2026-10-31T23:00:00.000Z', 'Europe/Berlin'],
    );
    assert.equal(makePeriod('2026-10-01', '2026-10-31').timezone, undefined);
    assert.throws(
      () => validateReportTimezone('Mars/Olympus'),
      (e: unknown) => e instanceof LensError && e.kind === 'usage' && /--timezone on the CLI/.test(e.hint ?? ''),
    );
  });
});
