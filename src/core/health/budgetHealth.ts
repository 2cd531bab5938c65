import { rows } from '../attribution/sql';
import type { Capabilities } from '../schema/capabilities';
import { entityRowSql } from './entityRows';
import { lit, usd } from './sqlText';
import { ATTRIBUTION_INPUT, type CheckContext, type CheckOutcome, type Finding, type HealthCheck } from './types';

/**
 * Entities whose running counter passed max_budget. LiteLLM checks the budget before each request
 * (auth_checks.py), so one request in flight may overshoot; a counter beyond that kept spending.
 */
export const overBudgetSpending: HealthCheck = {
  id: 'over-budget-spending',
  title: 'Over-budget entities that kept spending',
  severity: 'warning',
  requires: ATTRIBUTION_INPUT,
  async run(ctx: CheckContext): Promise<Finding[]> {
    const { budgets } = await ctx.attribution();
    return budgets
      .filter((b) => b.maxBudget !== null && b.spend > b.maxBudget)
      .map((b) => ({
        check: 'over-budget-spending',
        severity: 'warning',
        subject: `${b.entity} ${b.name}`,
        count: 1,
        money: b.spend - b.maxBudget!,
        explanation: `The ${b.entity}'s counter is ${usd(b.spend)} against a max_budget of ${usd(b.maxBudget!)}: ${usd(b.spend - b.maxBudget!)} beyond the budget${b.budgetDuration ? ` in the current ${b.budgetDuration} window` : ''}. LiteLLM rejects requests once the budget is reached; more than one request's overshoot means requests were still accepted (a cached object, or the budget was lowered afterwards).`,
        sql: entityRowSql(ctx.caps, b.entity, b.id),
        details: {
          entity: b.entity,
          id: b.id,
          spend: b.spend,
          maxBudget: b.maxBudget,
          budgetDuration: b.budgetDuration,
          limitSource: b.limitSource,
        },
      }));
  },
};

/** The reset job runs every ~10 minutes (PROXY_BUDGET_RESCHEDULER_MIN/MAX_TIME = 597/605 s, litellm/constants.py). */
const RESET_GRACE_MS = 3_600_000;
const RESET_TABLES = ['LiteLLM_VerificationToken', 'LiteLLM_UserTable', 'LiteLLM_TeamTable', 'LiteLLM_BudgetTable'];

function staleSql(caps: Capabilities, table: string, before: string): string {
  const counter = caps.hasColumn(table, 'spend') ? 't.spend AS counter_spend, ' : '';
  // The job skips expired keys (get_data(table_name="key", expires=now, reset_at=now)): not a missed reset.
  const live = caps.hasColumn(table, 'expires') ? ` AND (t.expires IS NULL OR t.expires > ${lit(before)}::timestamp)` : '';
  return `SELECT ${counter}t.budget_reset_at AS due_reset_at, t.*
FROM "${table}" t
WHERE t.budget_reset_at < ${lit(before)}::timestamp AND t.budget_duration IS NOT NULL${live}
ORDER BY t.budget_reset_at`;
}

/**
 * Budgets whose `budget_reset_at` lies more than an hour in the past: ResetBudgetJob
 * (common_utils/reset_budget_job.py) resets every row whose reset time has passed (keys: unexpired ones) and
 * moves it forward, so a stale one means the job did not run (disabled, crashing, or no pod holding its lock).
 * Money: the counters that should have gone back to 0 (BudgetTable rows carry no counter).
 */
export const budgetResetMissed: HealthCheck = {
  id: 'budget-reset-missed',
  title: 'Budgets whose reset did not happen',
  severity: 'error',
  requires: [],
  async run(ctx: CheckContext): Promise<CheckOutcome> {
    const tables = RESET_TABLES.filter((t) => ctx.caps.hasColumn(t, 'budget_reset_at') && ctx.caps.hasColumn(t, 'budget_duration'));
    if (tables.length === 0) return { skipped: `None of ${RESET_TABLES.join(', ')} has budget_reset_at and budget_duration.` };
    const before = new Date(ctx.now.getTime() - RESET_GRACE_MS).toISOString().replace('T', ' ').replace('Z', '');
    const out: Finding[] = [];
    for (const table of tables) {
      const money = ctx.caps.hasColumn(table, 'spend') ? 'COALESCE(sum(r.counter_spend), 0)::float8' : '0::float8';
      const [r] = await rows(
        ctx.db,
        `SELECT count(*)::int AS n, ${money} AS money, min(r.due_reset_at)::text AS oldest FROM (${staleSql(ctx.caps, table, before)}) r`,
        [],
        ctx.signal,
      );
      const n = Number(r.n);
      if (n === 0) continue;
      out.push({
        check: 'budget-reset-missed',
        severity: 'error',
        subject: table,
        count: n,
        money: Number(r.money),
        explanation: `${n} rows of ${table} have a budget_reset_at more than an hour before ${ctx.now.toISOString()} (oldest ${String(r.oldest)}): LiteLLM's budget reset job (every ~10 minutes) did not run for them, so their spend counters (${usd(Number(r.money))}) were not reset and their budgets block too early.`,
        sql: staleSql(ctx.caps, table, before),
        details: { table, oldest: String(r.oldest), before },
      });
    }
    return out;
  },
};

function memberSql(): string {
  return `SELECT m.user_id, m.team_id, m.spend, b.budget_id, b.max_budget, b.budget_duration, b.budget_reset_at
FROM "LiteLLM_TeamMembership" m JOIN "LiteLLM_BudgetTable" b ON b.budget_id = m.budget_id
WHERE b.max_budget IS NOT NULL AND b.budget_duration IS NULL
ORDER BY m.team_id, m.user_id`;
}

/** A team member's budget without budget_duration never resets: once reached, the member stays blocked in that team. */
export const memberBudgetNoReset: HealthCheck = {
  id: 'member-budget-no-reset',
  title: 'Team members with a budget and no reset period',
  severity: 'info',
  requires: [
    { table: 'LiteLLM_TeamMembership', columns: ['user_id', 'team_id', 'spend', 'budget_id'] },
    { table: 'LiteLLM_BudgetTable', columns: ['budget_id', 'max_budget', 'budget_duration'] },
  ],
  async run(ctx: CheckContext): Promise<Finding[]> {
    const [r] = await rows(
      ctx.db,
      `SELECT count(*)::int AS n, COALESCE(sum(r.spend), 0)::float8 AS money FROM (${memberSql()}) r`,
      [],
      ctx.signal,
    );
    const n = Number(r.n);
    if (n === 0) return [];
    return [
      {
        check: 'member-budget-no-reset',
        severity: 'info',
        subject: 'LiteLLM_TeamMembership',
        count: n,
        money: Number(r.money),
        explanation: `${n} team members have a max_budget but no budget_duration: their spend in the team (${usd(Number(r.money))} so far) is never reset, so each is blocked for good once the budget is reached. Set a budget_duration (e.g. 30d) if a monthly allowance was meant.`,
        sql: memberSql(),
        details: {},
      },
    ];
  },
};
