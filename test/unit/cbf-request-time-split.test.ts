// The in-memory request-time split (src/core/cbf/sources/requestTime.ts) and the day reader's ordering helpers.
// End to end, test/integration/cbf-export-bytes.test.ts pins every export's bytes against what PostgreSQL computed.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatDecimal } from '../../src/core/cbf/decimal';
import { float8ToNumeric, numericText } from '../../src/core/cbf/pgNumeric';
import { CopyRowReader } from '../../src/core/db/copyRowReader';
import type { SourceRow } from '../../src/core/cbf/sourceRow';
import { DayRows, FACT, timeKey } from '../../src/core/cbf/sources/dailyDay';
import { seededIndex } from '../support/seededRandom';
import { allocate, byteOrder, type Segment, segmentsOf, type StoredPart } from '../../src/core/cbf/sources/requestTime';

const part = (p: string, spend: number, requests = 1, created = 1): StoredPart => ({ part: p, spend, requests, created });
const shape = (segs: Segment[]) => segs.map((s) => [s.team, s.org, numericText(s.lo), numericText(s.hi)]);

describe('request-time segments', () => {
  test('the one-row fast path gives the segment the general path computes for the same parts', () => {
    // Two stored rows of one team (the tables' unique key has more columns) take the general path.
    for (const [org, coverage] of [
      [[part('org-a', 0.5)], 'covered'],
      [[], 'covered'],
      [[part('org-a', 0.5)], 'uncovered'],
    ] as const) {
      const fast = segmentsOf([part('team-1', 0.5)], org, coverage);
      const general = segmentsOf(
        [part('team-1', 0.25), part('team-1', 0.25)],
        org.length ? [part('org-a', 0.25), part('org-a', 0.25)] : [],
        coverage,
      );
      assert.equal(fast[0].whole, true);
      assert.equal(general[0].whole, false);
      // Equal values; the scales differ as in PostgreSQL (0.25 + 0.25 is 0.50), and a whole segment is never computed with.
      const values = (segs: Segment[]) => shape(segs).map((s) => s.map((v) => (v === null ? v : formatDecimal(v))));
      assert.deepEqual(values(fast), values(general), `${org.length} org rows, ${coverage}`);
    }
  });

  test('a key that moved mid-day: creation order lays the old team first, and a row splits exactly over both', () => {
    const segs = segmentsOf([part('team-2', 0.3, 1, 20), part('team-1', 0.1, 1, 10)], [part('org-a', 0.1, 1, 10)], 'covered');
    assert.deepEqual(shape(segs), [
      ['team-1', 'org-a', '0.0', '0.1'],
      ['team-2', '', '0.1', '0.4'],
    ]);
    const pieces = allocate(segs, 'whole', 'alice', { spend: float8ToNumeric(1), counts: [7, null] });
    assert.deepEqual(
      pieces.map((p) => [p.segment?.team, numericText(p.spend), p.counts]),
      [
        ['team-1', '0.25000000000000000000', [1, null]],
        ['team-2', '0.75000000000000000000', [6, null]],
      ],
    );
  });

  test('a group with zero weight has no segment, and a team row outside its own team keeps the key fallback', () => {
    assert.deepEqual(segmentsOf([part('team-1', 0, 0)], [], 'covered'), []);
    const segs = segmentsOf([part('team-1', 1)], [], 'covered');
    assert.deepEqual(
      allocate(segs, 'team', 'team-9', { spend: float8ToNumeric(1), counts: [] }).map((p) => p.segment),
      [null],
    );
  });
});

describe('ordering helpers', () => {
  test('byteOrder is UTF-8 byte order (COLLATE "C"): supplementary characters sort after U+E000-U+FFFF', () => {
    const words = ['b', 'a', 'ab', '', 'Z', 'é', '\uffff', '😀', '\ue000', 'a😀', 'a\uffff'];
    const byBytes = [...words].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
    assert.deepEqual([...words].sort(byteOrder), byBytes);
  });

  test('timeKey keeps the order of timestamps as COPY prints them (LiteLLM stores milliseconds)', () => {
    const times = [
      '2026-10-20 10:00:00',
      '2026-10-20 10:00:00.001',
      '2026-10-20 09:59:59.999',
      '2026-10-21 00:00:00',
      '2025-12-31 23:59:59.5',
    ];
    // Read from within a longer row, as the COPY reader hands it over.
    const key = (t: string) => timeKey(Buffer.from(`x\t${t}\ty`), 2, t.length);
    assert.deepEqual(
      [...times].sort((a, b) => key(a) - key(b)),
      [...times].sort(),
    );
    assert.equal(key('2026-10-20 10:30:15'), 2026e12 + 10e10 + 20e8 + 37_815_000);
    assert.equal(key('2026-10-20 10:30:15.25'), key('2026-10-20 10:30:15') + 250);
  });
});

describe("a day's facts (DayRows)", () => {
  /** One fact row as the daily read sends it (dailyDay.ts F): role, bucket, date, entity, key, model, model group, provider, spend, counters, created_at. */
  const factLine = (key: (string | null)[], spend: number, requests: number) =>
    [FACT, '2025-01-01', ...key, spend, 1, 2, null, null, requests, requests, 0, null]
      .map((v) => (v === null ? '\\N' : String(v)))
      .join('\t');

  test('one source row per (date, entity, key, model, model group, provider) in byte order with NULL last, stored rows summed', () => {
    const values = [null, 'b', 'a', 'é', '😀', 'Z', '\uffff'];
    // Deterministic variety: every field takes NULL and non-ASCII values; many tuples repeat (summed).
    const index = seededIndex(7);
    const pick = <T>(of: readonly T[]): T => of[index(of.length)];
    const keys: (string | null)[][] = [];
    for (let i = 0; i < 600; i++) {
      keys.push([
        pick(['2025-01-01', '2025-01-01', '2025-01-01x']),
        pick(values),
        pick(values),
        pick(values),
        pick(values),
        pick([null, 'openai']),
      ]);
    }
    // Several stored rows of one tuple (the tables' unique key grew), arriving apart.
    keys.push(...keys.slice(0, 150));
    const rows = new CopyRowReader();
    rows.push(Buffer.from(keys.map((k, i) => `${factLine(k, 0.25 * (i % 3), i % 4)}\n`).join(''), 'utf8'));
    const made: { key: (string | null)[]; spend: string; requests: number | null }[] = [];
    const day = new DayRows('whole', false, null, (f, piece) => {
      made.push({
        key: [f.date, f.entity, f.apiKey, f.model, f.modelGroup, f.provider],
        spend: numericText(piece.spend),
        requests: piece.counts[4],
      });
      return {} as SourceRow;
    });
    while (rows.next()) day.add(rows);
    assert.equal([...day.flush()].length, made.length, 'one source row per group made');

    const text = (k: (string | null)[]) => JSON.stringify(k);
    const expected = new Map<string, { key: (string | null)[]; spend: number; requests: number }>();
    keys.forEach((k, i) => {
      const e = expected.get(text(k)) ?? { key: k, spend: 0, requests: 0 };
      e.spend += 0.25 * (i % 3);
      e.requests += i % 4;
      expected.set(text(k), e);
    });
    const nullLast = (a: string | null, b: string | null) =>
      a === b ? 0 : a === null ? 1 : b === null ? -1 : Buffer.compare(Buffer.from(a), Buffer.from(b));
    const order = [...expected.values()].sort((a, b) => {
      for (let f = 0; f < a.key.length; f++) if (nullLast(a.key[f], b.key[f]) !== 0) return nullLast(a.key[f], b.key[f]);
      return 0;
    });
    assert.ok(order.length > 400 && order.length <= keys.length - 150, `${order.length} distinct tuples of ${keys.length} rows`);
    assert.deepEqual(
      made.map((m) => m.key),
      order.map((e) => e.key),
    );
    assert.deepEqual(
      made.map((m) => [Number(m.spend), m.requests]),
      order.map((e) => [e.spend, e.requests]),
    );
    assert.equal([...day.flush()].length, 0, 'the day is empty after its flush');
  });
});
