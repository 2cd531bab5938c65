// The in-memory request-time split (src/core/cbf/sources/requestTime.ts) and the day reader's ordering helpers.
// End to end, test/integration/cbf-export-bytes.test.ts pins every export's bytes against what PostgreSQL computed.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatDecimal } from '../../src/core/cbf/decimal';
import { float8ToNumeric, numericText } from '../../src/core/cbf/pgNumeric';
import { timeKey } from '../../src/core/cbf/sources/dailyDay';
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
