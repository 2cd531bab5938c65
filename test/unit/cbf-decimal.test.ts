import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatDecimal } from '../../src/core/cbf/decimal';

describe('formatDecimal', () => {
  const vectors: [number | string, string][] = [
    [1e-7, '0.0000001'],
    [1.23e-7, '0.000000123'],
    [0.05, '0.05'],
    [0.002, '0.002'],
    [1500, '1500'],
    [0, '0'],
    [-0, '0'],
    [1e21, '1000000000000000000000'],
    [1.5e22, '15000000000000000000000'],
    [0.1 + 0.2, '0.30000000000000004'],
    [123.456, '123.456'],
    [5e-324, `0.${'0'.repeat(323)}5`],
    ['0.050000000000000000', '0.05'],
    ['12.000', '12'],
    ['0012.5', '12.5'],
    ['0.000000100000', '0.0000001'],
    ['1E-7', '0.0000001'],
    ['2.5e+3', '2500'],
    ['-0.5', '-0.5'],
    ['-0.000', '0'],
  ];
  for (const [input, expected] of vectors) {
    test(`${typeof input === 'number' ? String(input) : JSON.stringify(input)} -> ${expected}`, () =>
      assert.equal(formatDecimal(input), expected));
  }
  test('never an exponent for any double in a wide range', () => {
    for (let e = -20; e <= 25; e++) {
      const value = 1.2345678901234567 * 10 ** e;
      const text = formatDecimal(value);
      assert.match(text, /^\d+(\.\d+)?$/, `${value} -> ${text}`);
      assert.equal(Number(text), value, `${text} must round-trip to ${value}`);
    }
  });
  test('bigint and non-numbers', () => {
    assert.equal(formatDecimal(12n), '12');
    assert.equal(formatDecimal(Number.NaN), 'NaN');
    assert.equal(formatDecimal('NaN'), 'NaN');
  });
});
