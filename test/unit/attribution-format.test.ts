import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { plainNumber, treeToCsv } from '../../src/core/attribution/csv';
import type { AttributionNode } from '../../src/core/attribution/types';

describe('plain decimal numbers', () => {
  for (const [n, text] of [
    [0, '0'],
    [-0, '0'],
    [1, '1'],
    [0.5, '0.5'],
    [1e-7, '0.0000001'],
    [1.25e-9, '0.00000000125'],
    [-3.5e-8, '-0.000000035'],
    [123456.789, '123456.789'],
    [1e21, '1000000000000000000000'],
    [1.5e22, '15000000000000000000000'],
    [5e-324, `0.${'0'.repeat(323)}5`],
  ] as [number, string][]) {
    test(`${n} → ${text}`, () => {
      assert.equal(plainNumber(n), text);
      assert.equal(Number(plainNumber(n)), n === 0 ? 0 : n);
    });
  }

  test('refuses non-finite values', () => {
    assert.throws(() => plainNumber(Number.NaN), RangeError);
    assert.throws(() => plainNumber(Infinity), RangeError);
  });
});

describe('tree CSV', () => {
  const leaf: AttributionNode = {
    level: 'team',
    path: 'o:a/t:b',
    id: 'b',
    name: 'Team "B", the\nsecond',
    alias: 'Team "B", the\nsecond',
    status: 'known',
    share: 1,
    spend: 2e-7,
    apiRequests: 1,
    successfulRequests: 1,
    failedRequests: 0,
    promptTokens: 10,
    completionTokens: 2,
    cacheReadInputTokens: 0,
    cacheCreationInputTokens: 0,
    children: [],
  };
  const root: AttributionNode = { ...leaf, level: 'total', path: '', id: null, name: 'Total', alias: null, children: [leaf] };

  test('header, parents first, quoting of commas, quotes and newlines, CRLF records', () => {
    const csv = treeToCsv(root);
    assert.ok(csv.startsWith('path,level,id,name,alias,status,spend,share,'));
    assert.ok(csv.includes('\r\n'));
    const rows = parse(csv, { columns: true }) as Record<string, string>[];
    assert.deepEqual(
      rows.map((r) => r.level),
      ['total', 'team'],
    );
    assert.equal(rows[1].name, 'Team "B", the\nsecond');
    assert.equal(rows[1].spend, '0.0000002');
    assert.equal(rows[0].id, '');
  });
});
