import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findSpikes, mad, median, SPIKE_RULE } from '../../src/core/health/robust';

describe('median and MAD', () => {
  test('odd and even lengths, unsorted input left untouched', () => {
    const input = [5, 1, 3];
    assert.equal(median(input), 3);
    assert.deepEqual(input, [5, 1, 3]);
    assert.equal(median([4, 1, 3, 2]), 2.5);
  });
  test('MAD is the median distance from the median and ignores one outlier', () => {
    assert.equal(mad([1, 2, 3, 4, 100]), 1);
    assert.equal(mad([7, 7, 7, 7]), 0);
  });
});

describe('findSpikes (trailing 14 days, z 6, ≥ 3×, ≥ $1)', () => {
  const steady = (n: number) => Array.from({ length: n }, (_, i) => 10 + (i % 3));
  test('a day far above a noisy baseline is a spike, with its median and multiple', () => {
    const series = [...steady(14), 95];
    const [s, ...rest] = findSpikes(series);
    assert.deepEqual(rest, []);
    assert.equal(s.index, 14);
    assert.equal(s.median, median(series.slice(0, 14)));
    assert.equal(s.multiple, 95 / s.median);
  });
  test('a rise under 3× the median is not a spike even when the series is flat (MAD 0)', () => {
    assert.deepEqual(findSpikes([...Array<number>(14).fill(10), 29]), []);
    assert.equal(findSpikes([...Array<number>(14).fill(10), 30]).length, 1);
  });
  test('a rise above 3× but within 6 robust sigmas is not a spike', () => {
    const noisy = [1, 9, 1, 9, 1, 9, 1, 9, 1, 9, 1, 9, 1, 9];
    // median 5, MAD 4: the bar is 5 + 6 × 1.4826 × 4 ≈ 40.6
    assert.deepEqual(findSpikes([...noisy, 40]), []);
    assert.equal(findSpikes([...noisy, 41]).length, 1);
  });
  test('new series (fewer than 7 active days), zero medians and cent-sized jumps are ignored', () => {
    assert.deepEqual(findSpikes([...Array<number>(8).fill(0), ...Array<number>(6).fill(1), 50]), []);
    assert.deepEqual(findSpikes([...Array<number>(14).fill(0.01), 0.9]), []);
    assert.equal(SPIKE_RULE.window, 14);
  });
});
