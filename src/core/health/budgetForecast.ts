import { entityRowSql } from './entityRows';
import { usd } from './sqlText';
import { ATTRIBUTION_INPUT, type CheckContext, type Finding, type HealthCheck } from './types';

const RATE_BASIS = { 'trailing-7d': "the trailing 7 days' rate", 'window-average': "the current window's average" } as const;

/**
 * Budgets not reached yet whose counter, burning at the trailing 7 days' rate (else the window's average), reaches
 * max_budget before `budget_reset_at` (the attribution's forecast, attribution/forecast.ts): requests will be
 * rejected until the reset. Budgets already over, overdue resets and never-reset counters are other checks'.
 */
export const budgetWillExceed: HealthCheck = {
  id: 'budget-will-exceed',
  title: 'Budgets that will be exceeded before their reset',
  severity: 'warning',
  requires: ATTRIBUTION_INPUT,
  async run(ctx: CheckContext): Promise<Finding[]> {
    const { budgets } = await ctx.attribution();
    return budgets
      .filter((b) => b.forecast?.exceedsBeforeReset && !b.overBudget)
      .map((b) => {
        const f = b.forecast!;
        const max = b.maxBudget!;
        const over = f.projectedAtReset! - max;
        const rate = f.trailing7dPerDay ?? f.windowPerDay!;
        return {
          check: 'budget-will-exceed',
          severity: 'warning',
          subject: `${b.entity} ${b.name}`,
          count: 1,
          money: over,
          explanation: `The ${b.entity}'s counter is ${usd(b.spend)} of a max_budget of ${usd(max)}${b.budgetDuration ? ` (${b.budgetDuration} window)` : ''}. At ${usd(rate)} a day (${RATE_BASIS[f.rateBasis!]}) it reaches the budget on ${f.crosses100At}, ${((Date.parse(f.nextResetAt!) - Date.parse(f.crosses100At!)) / 86_400_000).toFixed(1)} days before the reset at ${f.nextResetAt}: LiteLLM will reject its requests until then. Projected at the reset: ${usd(f.projectedAtReset!)}, ${usd(over)} over.`,
          sql: entityRowSql(ctx.caps, b.entity, b.id),
          details: {
            entity: b.entity,
            id: b.id,
            spend: b.spend,
            maxBudget: max,
            budgetDuration: b.budgetDuration,
            trailing7dPerDay: f.trailing7dPerDay,
            windowPerDay: f.windowPerDay,
            rateBasis: f.rateBasis,
            crosses80At: f.crosses80At,
            crosses100At: f.crosses100At,
            nextResetAt: f.nextResetAt,
            resetsInDays: f.resetsInDays,
            projectedAtReset: f.projectedAtReset,
          },
        };
      });
  },
};
