import type { BudgetForecast, BudgetLine } from './types';

const DAY_MS = 86_400_000;
/** Budgets that never reset (organisations, tags, no budget_duration) are projected this far at most. */
const HORIZON_DAYS = 365;
/** "Near budget" and "over budget" as budgets.ts flags them. */
const NEAR = 0.8;

/** What the forecast reads from a budget line. */
export type ForecastInput = Pick<BudgetLine, 'spend' | 'maxBudget' | 'windowStart' | 'budgetResetAt' | 'lifetime'>;

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * When a linear burn from `spend` at `perDay` reaches `threshold`, if it does before `until`; null when it is
 * already reached (the flags say so) or not reached in time.
 */
function crossing(spend: number, threshold: number, perDay: number, nowMs: number, untilMs: number): string | null {
  if (spend >= threshold || perDay <= 0) return null;
  const at = nowMs + ((threshold - spend) / perDay) * DAY_MS;
  return at < untilMs ? iso(at) : null;
}

/**
 * A budget's forecast at `nowMs`, or null without a positive max_budget (nothing to forecast against).
 *
 * LiteLLM's counter is the spend of the current window (ResetBudgetJob sets it to 0 and moves budget_reset_at to
 * the next calendar boundary: litellm/proxy/common_utils/reset_budget_job.py ~L606-611, boundaries from
 * litellm/litellm_core_utils/duration_parser.py get_next_standardized_reset_time ~L120-225), so the next reset is
 * `budget_reset_at` and the window's average is spend / time since `windowStart`. The projection burns at the
 * trailing 7 finished UTC days' rate (`trailing7d`: Σ daily-table spend), else at the window's average.
 * A `budget_reset_at` already past means the reset job has not run: the reset is due now, so nothing is
 * projected beyond the current counter.
 */
export function forecastBudget(b: ForecastInput, trailing7d: number | null, nowMs: number): BudgetForecast | null {
  const max = b.maxBudget;
  if (max === null || !(max > 0)) return null;
  const trailingPerDay = trailing7d === null ? null : trailing7d / 7;
  const start = b.windowStart === null ? null : Date.parse(b.windowStart);
  const elapsedDays = start === null ? 0 : (nowMs - start) / DAY_MS;
  const windowPerDay = elapsedDays > 0 ? b.spend / elapsedDays : null;
  const perDay = trailingPerDay ?? windowPerDay;
  const rateBasis = trailingPerDay !== null ? 'trailing-7d' : windowPerDay !== null ? 'window-average' : null;
  const reset = b.lifetime || b.budgetResetAt === null ? null : Date.parse(b.budgetResetAt);
  const overdue = reset !== null && reset <= nowMs;
  const until = overdue ? nowMs : (reset ?? nowMs + HORIZON_DAYS * DAY_MS);
  const at = (threshold: number) => (perDay === null ? null : crossing(b.spend, threshold, perDay, nowMs, until));
  const projected = reset === null ? null : b.spend + (perDay ?? 0) * (Math.max(0, reset - nowMs) / DAY_MS);
  const crosses100At = at(max);
  return {
    asOf: iso(nowMs),
    trailing7dPerDay: trailingPerDay,
    windowPerDay,
    rateBasis,
    nextResetAt: reset === null ? null : iso(reset),
    resetsInDays: reset === null ? null : Math.max(0, reset - nowMs) / DAY_MS,
    resetOverdue: overdue,
    projectedAtReset: projected,
    crosses80At: at(NEAR * max),
    crosses100At,
    exceedsBeforeReset: reset !== null && crosses100At !== null,
  };
}
