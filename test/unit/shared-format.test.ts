import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  formatAmount,
  formatCount,
  formatDuration,
  formatNumber,
  formatSeconds,
  formatShare,
  formatUsd,
  moneyDigits,
  oneLine,
} from '../../src/shared/format';

describe('the one number format', () => {
  test('money: cents-level amounts keep 4 decimals, dust is "< $0.0001", never "$0.0000", minus only when non-zero', () => {
    assert.equal(formatUsd(1234.5), '$1,234.50');
    assert.equal(formatUsd(0.0123), '$0.0123');
    assert.equal(formatUsd(0), '$0.00');
    assert.equal(formatUsd(0.00001), '< $0.0001');
    assert.equal(formatUsd(-0.00001), '> −$0.0001');
    assert.equal(formatUsd(-2.5), '−$2.50');
    assert.equal(formatUsd(47.3844588175), '$47.38');
    assert.equal(formatUsd(-0.001, 2), '$0.00', 'no minus on a zero display');
  });

  test('an axis uses one number of decimals for every tick', () => {
    const step = 0.5;
    assert.deepEqual(
      [0, 0.5, 1].map((v) => formatUsd(v, moneyDigits(step))),
      ['$0.00', '$0.50', '$1.00'],
    );
    assert.deepEqual(
      [0, 0.005, 0.01].map((v) => formatUsd(v, moneyDigits(0.005))),
      ['$0.000', '$0.005', '$0.010'],
    );
    assert.equal(moneyDigits(250), 2);
  });

  test('shares: tiny ones stay visible, a share of nothing is a dash', () => {
    assert.equal(formatShare(0.1234), '12.3 %');
    assert.equal(formatShare(0.0004), '< 0.1 %');
    assert.equal(formatShare(1, 0), '—', 'an empty period is not 100 %');
    assert.equal(formatShare(Number.NaN), '—');
  });

  test('counts, apportioned counts, floats without binary noise, durations', () => {
    assert.equal(formatCount(1234567), '1,234,567');
    assert.equal(formatAmount(12.34), '12.3');
    assert.equal(formatNumber(0.0010106599999999998), '0.00101066');
    assert.equal(formatNumber(0.1 + 0.2), '0.3');
    assert.equal(formatNumber(123456789012), '123456789012');
    assert.equal(formatDuration(146), '146 ms');
    assert.equal(formatDuration(1520), '1.5 s');
    assert.equal(formatSeconds(125_400), '2 min 05 s');
  });
});

describe('names on one line', () => {
  test('line breaks in an alias become ⏎, tabs spaces', () => {
    assert.equal(oneLine('Platform\nInfra\r\nteam\tA'), 'Platform ⏎ Infra ⏎ team A');
    assert.equal(oneLine('plain'), 'plain');
    assert.equal(oneLine('evil\u001b[31mred\u0007'), 'evil\ufffd[31mred\ufffd', 'no escape sequence reaches a terminal');
  });
});
