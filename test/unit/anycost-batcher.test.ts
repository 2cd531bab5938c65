import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { batchCbfRows, type AnycostBatch, type BatchOptions } from '../../src/core/cbf/anycostBatcher';
import { LensError } from '../../src/core/errors';
import type { CbfRow } from '../../src/core/cbf/types';
import { cbfRow, hoursBetween, hoursOfDay, rowsForHours, streamOf, sumCost } from '../support/anycostRows';

async function collect(rows: Iterable<CbfRow>, options: BatchOptions): Promise<AnycostBatch[]> {
  const out: AnycostBatch[] = [];
  for await (const batch of batchCbfRows(streamOf(rows), options)) out.push(batch);
  return out;
}

const dataOf = (batch: AnycostBatch): CbfRow[] => (JSON.parse(batch.body) as { data: CbfRow[] }).data;
const hoursIn = (batch: AnycostBatch): Set<string> => new Set(dataOf(batch).map((r) => r['time/usage_start'].slice(0, 13)));
const rowBytes = Buffer.byteLength(JSON.stringify(cbfRow('2024-08-01T00', 0)));

describe('batchCbfRows', () => {
  test('one body per UTC month, month as its first instant, body byte-identical to JSON.stringify', async () => {
    const rows = rowsForHours([...hoursBetween('2024-07-31', '2024-07-31'), ...hoursOfDay('2024-08-01'), '2024-10-05T07'], 2);
    const batches = await collect(rows, { operation: 'replace_hourly' });
    assert.deepEqual(
      batches.map((b) => [b.month, b.index, b.rows, b.endsMonth]),
      [
        ['2024-07', 1, 48, true],
        ['2024-08', 1, 48, true],
        ['2024-10', 1, 2, true],
      ],
    );
    for (const batch of batches) {
      const parsed = JSON.parse(batch.body) as { month: string; operation: string; data: CbfRow[] };
      assert.equal(parsed.month, `${batch.month}-01T00:00:00Z`);
      assert.equal(batch.body, JSON.stringify({ month: parsed.month, operation: 'replace_hourly', data: parsed.data }));
      assert.equal(batch.bytes, Buffer.byteLength(batch.body, 'utf8'));
      assert.ok(parsed.data.every((r) => r['time/usage_start'].startsWith(batch.month)));
      assert.equal(batch.cost, sumCost(parsed.data));
    }
    assert.deepEqual(batches.flatMap(dataOf), rows);
  });

  test('splits a month on hour boundaries, filling each body as far as whole hours allow', async () => {
    const perHour = 3;
    const limit = rowBytes * perHour * 2.5;
    const rows = rowsForHours(hoursOfDay('2024-08-01'), perHour);
    const batches = await collect(rows, { operation: 'replace_hourly', maxBodyBytes: limit });
    assert.equal(batches.length, 12);
    const seen = new Set<string>();
    for (const [i, batch] of batches.entries()) {
      assert.ok(batch.bytes <= limit, `body ${i} has ${batch.bytes} bytes`);
      assert.equal(batch.operation, 'replace_hourly');
      for (const hour of hoursIn(batch)) {
        assert.equal(seen.has(hour), false, `hour ${hour} is in two bodies`);
        seen.add(hour);
      }
      const next = batches[i + 1];
      if (next) {
        const nextHour = dataOf(next).filter((r) => r['time/usage_start'].startsWith(next.firstHour));
        const extra = nextHour.reduce((n, r) => n + 1 + Buffer.byteLength(JSON.stringify(r)), 0);
        assert.ok(batch.bytes + extra > limit, `body ${i} could have taken hour ${next.firstHour}`);
      }
    }
    assert.deepEqual(
      batches.map((b) => b.endsMonth),
      [...Array(11).fill(false), true],
    );
    assert.deepEqual(batches.flatMap(dataOf), rows);
  });

  test('replace_drop: the first body of each month replaces it, the rest of the month is summed', async () => {
    const rows = rowsForHours([...hoursOfDay('2024-08-31'), ...hoursOfDay('2024-09-01')], 2);
    const batches = await collect(rows, { operation: 'replace_drop', maxBodyBytes: rowBytes * 20 });
    const ops = batches.map((b) => `${b.month}#${b.index}:${b.operation}`);
    assert.deepEqual(
      ops.filter((o) => o.endsWith('replace_drop')),
      ['2024-08#1:replace_drop', '2024-09#1:replace_drop'],
    );
    assert.equal(ops.length, 6);
    assert.ok(batches.every((b) => b.index === 1 || b.operation === 'sum'));
    assert.ok(batches.every((b) => b.bytes <= rowBytes * 20));
  });

  test('an hour larger than a body: replace_hourly refuses, sum splits it and warns', async () => {
    const rows = rowsForHours(['2024-08-01T00', '2024-08-01T01'], 10);
    const limit = rowBytes * 4;
    await assert.rejects(collect(rows, { operation: 'replace_hourly', maxBodyBytes: limit }), (e: LensError) => {
      assert.equal(e.kind, 'usage');
      assert.match(e.message, /2024-08-01T00:00Z alone exceed/);
      assert.match(e.hint ?? '', /replace_drop/);
      return true;
    });
    const warnings: string[] = [];
    const batches = await collect(rows, { operation: 'sum', maxBodyBytes: limit, warn: (w) => warnings.push(w) });
    assert.ok(batches.length >= 6);
    assert.ok(batches.every((b) => b.bytes <= limit && b.operation === 'sum'));
    assert.deepEqual(batches.flatMap(dataOf), rows);
    assert.equal(warnings.length, 2);
    assert.match(warnings[0], /Hour 2024-08-01T00:00Z is larger than one request body/);
  });

  test('converts a non-UTC usage_start to its UTC hour and month', async () => {
    const row = { ...cbfRow('2024-08-31T23', 1), 'time/usage_start': '2024-08-31T23:30:00-02:00' };
    const [batch] = await collect([row], { operation: 'sum' });
    assert.equal(batch.month, '2024-09');
    assert.equal(batch.firstHour, '2024-09-01T01');
  });

  test('refuses rows out of time order and rows the API would reject', async () => {
    const [a, b] = rowsForHours(['2024-08-01T05', '2024-08-01T04'], 1);
    await assert.rejects(collect([a, b], { operation: 'sum' }), /row 2 \(hour 2024-08-01T04\) arrived after hour 2024-08-01T05/);
    for (const [patch, reason] of [
      [{ 'cost/cost': '-1.5' }, /cost\/cost "-1.5" is not an unsigned decimal/],
      [{ 'cost/cost': '1e-7' }, /cost\/cost "1e-7"/],
      [{ 'time/usage_start': '2024-08-01' }, /time\/usage_start "2024-08-01" is not an ISO 8601 timestamp/],
    ] as const) {
      await assert.rejects(collect([a, { ...a, ...patch }], { operation: 'sum' }), (e: LensError) => {
        assert.equal(e.kind, 'validation');
        assert.match(e.message, /^CBF row 2 /);
        assert.match(e.message, reason);
        return true;
      });
    }
  });

  test('streams: a month is emitted as soon as the next month starts, before the rest is read', async () => {
    const rows = rowsForHours(['2024-08-01T00', '2024-09-01T00', '2024-10-01T00'], 5);
    let pulled = 0;
    async function* counting(): AsyncGenerator<CbfRow> {
      for (const row of rows) {
        pulled += 1;
        yield row;
      }
    }
    const pulledAtBatch: number[] = [];
    for await (const batch of batchCbfRows(counting(), { operation: 'replace_hourly' })) {
      pulledAtBatch.push(pulled);
      assert.equal(batch.rows, 5);
    }
    assert.deepEqual(pulledAtBatch, [6, 11, 15]);
  });

  test('warns once per month that passes the per-stream monthly limits', async () => {
    const warnings: string[] = [];
    const rows = rowsForHours([...hoursOfDay('2024-08-01'), ...hoursOfDay('2024-09-01'), '2024-10-01T00'], 2);
    const options = { operation: 'sum', maxBodyBytes: rowBytes * 5, warn: (w: string) => warnings.push(w) } as const;
    await collect(rows, { ...options, monthLimit: { rows: 40, bytes: 1e9 } });
    assert.deepEqual(warnings, [
      "2024-08 passes CloudZero's per-stream monthly limit (40 rows, 1000000000 bytes); CloudZero may refuse the rest of it.",
      "2024-09 passes CloudZero's per-stream monthly limit (40 rows, 1000000000 bytes); CloudZero may refuse the rest of it.",
    ]);
    warnings.length = 0;
    await collect(rows, { ...options, monthLimit: { rows: 1e6, bytes: rowBytes * 30 } });
    assert.equal(warnings.length, 2);
  });
});
