import { addDays, formatDay } from '../attribution/period';
import { probeCoverage } from '../attribution/spendLogs';
import { rows } from '../attribution/sql';
import type { Capabilities } from '../schema/capabilities';
import { SL, lit, usd } from './sqlText';
import type { CheckContext, CheckOutcome, HealthCheck } from './types';

const DUS = 'LiteLLM_DailyUserSpend';
/** Sums that differ by less than a micro-dollar are float noise (daily rows are incremented per flush). */
const EPSILON_USD = 1e-6;

/**
 * Per (day, key, model), LiteLLM_DailyUserSpend against SpendLogs: every request lands in both (one daily
 * increment per request, db_spend_update_writer.py add_spend_log_transaction_to_daily_user_transaction), except
 * requests without a model or MCP tool, which the daily tables skip (docs/reference/litellm-schema.md §8.4).
 * Returns only the cells whose spend or request count differ.
 */
function cellsSql(caps: Capabilities, from: string, to: string): string {
  const tool = caps.hasColumn(SL, 'mcp_namespaced_tool_name') ? `COALESCE(l.mcp_namespaced_tool_name, '')` : `''`;
  return `WITH d AS (
  SELECT d.date, d.api_key, COALESCE(d.model, '') AS model, sum(d.spend)::float8 AS spend, sum(d.api_requests)::float8 AS requests
  FROM "${DUS}" d WHERE d.date >= ${lit(from)} AND d.date <= ${lit(to)} GROUP BY 1, 2, 3),
s AS (
  SELECT to_char(l."startTime", 'YYYY-MM-DD') AS date, l.api_key, COALESCE(l.model, '') AS model, sum(l.spend)::float8 AS spend, count(*)::float8 AS requests
  FROM "${SL}" l
  WHERE l."startTime" >= ${lit(from)}::timestamp AND l."startTime" < ${lit(addDays(to, 1))}::timestamp
    AND NOT (COALESCE(l.model, '') = '' AND ${tool} = '')
  GROUP BY 1, 2, 3)
SELECT COALESCE(d.date, s.date) AS date, COALESCE(d.api_key, s.api_key) AS api_key, COALESCE(d.model, s.model) AS model,
  COALESCE(d.spend, 0) AS daily_spend, COALESCE(s.spend, 0) AS spend_logs_spend, COALESCE(d.spend, 0) - COALESCE(s.spend, 0) AS diff_spend,
  COALESCE(d.requests, 0) AS daily_requests, COALESCE(s.requests, 0) AS spend_logs_requests
FROM d FULL JOIN s ON s.date = d.date AND s.api_key = d.api_key AND s.model = d.model
WHERE abs(COALESCE(d.spend, 0) - COALESCE(s.spend, 0)) > ${EPSILON_USD} OR COALESCE(d.requests, 0) <> COALESCE(s.requests, 0)
ORDER BY 1, 2, 3`;
}

function kindOf(daily: number, logs: number, dailyRequests: number, logRequests: number): string {
  if (daily === 0 && dailyRequests === 0) return 'gap: SpendLogs have requests the daily table has no row for (a flush that never landed)';
  if (dailyRequests < logRequests || daily < logs) return 'lost flush: the daily table holds less than SpendLogs';
  return 'duplicates: the daily table holds more than SpendLogs (a flush applied twice, e.g. a replayed Redis buffer)';
}

export const dailyVsLogs: HealthCheck = {
  id: 'daily-vs-spend-logs',
  title: 'Daily table vs SpendLogs, per day',
  severity: 'error',
  requires: [
    { table: DUS, columns: ['date', 'api_key', 'model', 'spend', 'api_requests'] },
    { table: SL, columns: ['startTime', 'spend', 'api_key', 'model'] },
  ],
  async run(ctx: CheckContext): Promise<CheckOutcome> {
    const coverage = await probeCoverage(ctx.db, ctx.caps, ctx.period, ctx.signal);
    // Today is still being flushed (every few seconds); only finished UTC days are compared.
    const lastDay = [ctx.period.to, addDays(formatDay(ctx.now.getTime()), -1)].sort()[0];
    if (!coverage.coveredFrom || coverage.coveredFrom > lastDay) {
      return {
        skipped: `SpendLogs cover no finished day of ${ctx.period.from} … ${ctx.period.to} (first log ${coverage.firstLog ?? 'none'}; retention or disable_spend_logs).`,
      };
    }
    const from = coverage.coveredFrom;
    const sql = `SELECT c.date, count(*)::int AS n, sum(abs(c.diff_spend))::float8 AS money, sum(c.diff_spend)::float8 AS diff,
  sum(c.daily_spend)::float8 AS daily, sum(c.spend_logs_spend)::float8 AS logs, sum(c.daily_requests)::float8 AS daily_requests, sum(c.spend_logs_requests)::float8 AS log_requests
FROM (${cellsSql(ctx.caps, from, lastDay)}) c GROUP BY 1 ORDER BY 1`;
    return (await rows(ctx.db, sql, [], ctx.signal)).map((r) => {
      const day = String(r.date);
      const kind = kindOf(Number(r.daily), Number(r.logs), Number(r.daily_requests), Number(r.log_requests));
      return {
        check: 'daily-vs-spend-logs',
        severity: 'error',
        subject: `day ${day}`,
        count: Number(r.n),
        money: Number(r.money),
        explanation: `On ${day} (UTC), ${Number(r.n)} key/model cells of ${DUS} differ from SpendLogs: daily ${usd(Number(r.daily))} in ${Number(r.daily_requests)} requests vs SpendLogs ${usd(Number(r.logs))} in ${Number(r.log_requests)} requests — ${kind}.`,
        sql: cellsSql(ctx.caps, day, day),
        details: {
          date: day,
          dailySpend: Number(r.daily),
          spendLogsSpend: Number(r.logs),
          difference: Number(r.diff),
          dailyRequests: Number(r.daily_requests),
          spendLogsRequests: Number(r.log_requests),
          comparedFrom: from,
          comparedTo: lastDay,
        },
      };
    });
  },
};
