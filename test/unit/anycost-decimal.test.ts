import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DecimalSum, isUnsignedDecimal } from '../../src/core/cbf/anycostDecimal';

test('adds decimal strings exactly where floats drift', () => {
  assert.equal(0.1 + 0.2 === 0.3, false);
  assert.equal(new DecimalSum().add('0.1').add('0.2').toString(), '0.3');
  const sum = new DecimalSum();
  for (let i = 0; i < 10_000; i++) sum.add('0.0001');
  assert.equal(sum.toString(), '1');
});

test('keeps every fraction digit and trims trailing zeros', () => {
  assert.equal(new DecimalSum().add('1.000000000000000000001').add('2').toString(), '3.000000000000000000001');
  assert.equal(new DecimalSum().add('1.50').add('1.5').toString(), '3');
  assert.equal(new DecimalSum().add('0.000000123').toString(), '0.000000123');
  assert.equal(new DecimalSum().toString(), '0');
  assert.equal(new DecimalSum().add('12345678901234567890.5').add('0.5').toString(), '12345678901234567891');
});

test('rejects values outside the AnyCost number pattern', () => {
  for (const bad of ['-1', '1e-7', '.5', '1.', '', ' 1', '1,5']) {
    assert.equal(isUnsignedDecimal(bad), false, bad);
    assert.throws(() => new DecimalSum().add(bad), RangeError);
  }
});
