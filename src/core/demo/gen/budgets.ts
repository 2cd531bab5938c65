import type { BudgetSpec } from './cast';
import type { DemoRange } from './range';
import type { Rng } from './random';
import { DAY_MS, HOUR_MS } from './time';

/**
 * A budget window. Running `spend` counters with a duration hold only the spend since `windowStart` (the last
 * ResetBudgetJob run, docs/reference/litellm-schema.md §8.5); without a duration they are lifetime totals.
 */
export interface Budget {
  id: string;
  spec: BudgetSpec;
  createdAt: number;
  windowStart: number | null;
  resetAt: number | null;
  /** Final limits; `near`/`over` targets are filled in by `applyBudgetTarget` once the counter is known. */
  maxBudget: number | null;
  softBudget: number | null;
}

const DURATION_DAYS = { '1d': 1, '7d': 7, '30d': 30 } as const;

export function makeBudget(spec: BudgetSpec, range: DemoRange, rng: Rng, createdAt: number): Budget {
  let windowStart: number | null = null;
  let resetAt: number | null = null;
  if (spec.duration) {
    const days = DURATION_DAYS[spec.duration];
    // `zero`: the job ran at the end of the range, after the last request. Otherwise it ran some days ago.
    const back = spec.reset === 'zero' ? 0 : days === 1 ? DAY_MS : rng.int(1, Math.max(1, days - 5)) * DAY_MS - rng.int(0, 23) * HOUR_MS;
    windowStart = Math.max(range.end - back, createdAt);
    resetAt = windowStart + days * DAY_MS;
  }
  const maxBudget = spec.maxBudget ?? null;
  return { id: rng.uuid(), spec, createdAt, windowStart, resetAt, maxBudget, softBudget: maxBudget === null ? null : maxBudget * 0.8 };
}

// The limit of a near/over budget whose window saw no spend (possible with a very short demo range).
const IDLE_LIMIT = 25;

/** Sets max_budget so that `used` is ≥80% and <100% of it (`near`) or above it (`over`). */
export function applyBudgetTarget(budget: Budget, used: number): void {
  const target = budget.spec.target;
  if (!target) return;
  let max = IDLE_LIMIT;
  if (used > 0 && target === 'near') max = Math.ceil((used / 0.9) * 100) / 100;
  if (used > 0 && target === 'over') max = Math.floor(used * 0.75 * 100) / 100 || used * 0.75;
  budget.maxBudget = max;
  budget.softBudget = Math.round(max * 0.8 * 100) / 100;
}
