/** Median of a non-empty list (mean of the two middle values for an even length). */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Median absolute deviation from the median. */
export function mad(values: readonly number[], m = median(values)): number {
  return median(values.map((v) => Math.abs(v - m)));
}

/** Scales the MAD to a standard deviation for normally distributed data. */
export const MAD_TO_SIGMA = 1.4826;

export interface SpikeRule {
  /** Trailing days compared with (missing days count as 0). */
  window: number;
  /** At least this many of them with spend, so a new key or model is not a spike. */
  minActiveDays: number;
  /** Robust z: spend > median + z × 1.4826 × MAD. */
  z: number;
  /** And spend ≥ multiple × median. */
  multiple: number;
  /** And spend − median ≥ this many USD, so cents do not alarm. */
  minExcess: number;
}

export const SPIKE_RULE: SpikeRule = { window: 14, minActiveDays: 7, z: 6, multiple: 3, minExcess: 1 };

export interface Spike {
  index: number;
  spend: number;
  median: number;
  mad: number;
  multiple: number;
}

/** Days of `series` (from index `window` on) that spike above their trailing window under `rule`. */
export function findSpikes(series: readonly number[], rule: SpikeRule = SPIKE_RULE): Spike[] {
  const out: Spike[] = [];
  for (let i = rule.window; i < series.length; i++) {
    const trailing = series.slice(i - rule.window, i);
    if (trailing.filter((v) => v > 0).length < rule.minActiveDays) continue;
    const m = median(trailing);
    if (m <= 0) continue;
    const d = mad(trailing, m);
    const x = series[i];
    if (x > m + rule.z * MAD_TO_SIGMA * d && x >= rule.multiple * m && x - m >= rule.minExcess) {
      out.push({ index: i, spend: x, median: m, mad: d, multiple: x / m });
    }
  }
  return out;
}
