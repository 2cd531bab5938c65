import type { DemoOptions } from '../generator';
import { DAY_MS, HOUR_MS, formatDay, parseDay, startOfDay } from './time';

/** The resolved demo period, as epoch ms at UTC midnight. */
export interface DemoRange {
  seed: number;
  /** First day with data. */
  from: number;
  /** Last day with data (inclusive). */
  to: number;
  /** Midnight after the last day: "now" for the generated database. */
  end: number;
  days: number;
  /** SpendLogs retention (`maximum_spend_logs_retention_period`) in days. */
  retentionDays: number;
  /** First day whose SpendLogs survive the retention purge. */
  retentionFrom: number;
  requestsPerDay: number;
  /** Master-key calls store the key's hash (LiteLLM's default) rather than `litellm_proxy_master_key`. */
  masterKeyHashInDb: boolean;
}

/** The demo knobs that fix the period and the traffic volume (documented on DemoOptions). */
export type RangeOptions = Pick<DemoOptions, 'seed' | 'endDate' | 'days' | 'requestsPerDay' | 'retentionDays' | 'masterKeyHashInDb'>;

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < 1) throw new RangeError(`demo option ${name} must be a positive integer, got ${value}`);
  return v;
}

/** Applies the defaults: seed 42, 90 days ending yesterday (UTC), ~150 requests a day, 60 days of SpendLogs. */
export function resolveRange(opts: RangeOptions = {}): DemoRange {
  const seed = opts.seed ?? 42;
  if (!Number.isInteger(seed)) throw new RangeError(`demo option seed must be an integer, got ${opts.seed}`);
  // The only clock read in the generator: the default period ends yesterday.
  const endDate = opts.endDate ?? formatDay(startOfDay(Date.now()) - DAY_MS);
  const to = parseDay(endDate);
  if (Number.isNaN(to)) throw new RangeError(`demo option endDate must be YYYY-MM-DD, got ${endDate}`);
  const days = positiveInteger('days', opts.days, 90);
  const retentionDays = positiveInteger('retentionDays', opts.retentionDays, 60);
  const from = to - (days - 1) * DAY_MS;
  return {
    seed,
    from,
    to,
    end: to + DAY_MS,
    days,
    retentionDays,
    retentionFrom: Math.max(from, to - (retentionDays - 1) * DAY_MS),
    requestsPerDay: positiveInteger('requestsPerDay', opts.requestsPerDay, 150),
    masterKeyHashInDb: opts.masterKeyHashInDb ?? true,
  };
}

/** A point in the range given as a fraction of it (0 = first day, 1 = `end`), at a whole day plus `hour`. */
export function atFraction(range: DemoRange, fraction: number, hour = 12): number {
  return range.from + Math.round(fraction * range.days) * DAY_MS + hour * HOUR_MS;
}
