import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { inlineParams } from '../../src/core/db/inlineParams';

describe('inlineParams (COPY takes no bind parameters)', () => {
  test('replaces $n by literals, $1 apart from $10, quotes and backslashes escaped', () => {
    const params = ['2025-01-01', "O'Brien \\ co", 365, null, 'e', 'f', 'g', 'h', 'i', 'ten'];
    assert.equal(
      inlineParams('SELECT $1::date, $2, $3, $4, $10, $1', params),
      `SELECT '2025-01-01'::date, ${" E'O''Brien \\\\ co'"}, 365, NULL, 'ten', '2025-01-01'`,
    );
  });

  test('refuses a missing parameter and values it cannot write', () => {
    assert.throws(() => inlineParams('SELECT $2', ['a']), /No value for \$2 \(1 parameters\)/);
    assert.throws(() => inlineParams('SELECT $1', [Number.NaN]), /Cannot inline \$1/);
    assert.throws(() => inlineParams('SELECT $1', [{}]), /object values are not supported/);
  });
});
