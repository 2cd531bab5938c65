-- name: SpendLogs vs daily tables reconciliation
-- description: Per UTC day: spend and requests in LiteLLM_SpendLogs next to LiteLLM_DailyUserSpend and
-- description: LiteLLM_DailyTeamSpend, with the differences and what explains them. Every logged request lands once in
-- description: each of the two daily tables (team_id '' for keys without a team), so all three agree unless SpendLogs
-- description: were purged (retention) or disabled, LiteLLM skipped a request with no model in the daily tables, or
-- description: the daily flush has not yet run.
-- param: from date 30 days ago
-- param: to date today
-- requires: LiteLLM_SpendLogs(startTime, spend)
-- requires: LiteLLM_DailyUserSpend(date, spend, api_requests), LiteLLM_DailyTeamSpend(date, spend, api_requests)
WITH days AS (
  SELECT to_char(d, 'YYYY-MM-DD') AS date FROM generate_series($1::date, $2::date, interval '1 day') AS d
),
logs AS (
  SELECT to_char("startTime", 'YYYY-MM-DD') AS date, SUM(spend) AS spend, COUNT(*)::bigint AS requests
  FROM "LiteLLM_SpendLogs"
  WHERE "startTime" >= $1::date AND "startTime" < $2::date + 1
  GROUP BY 1
),
user_daily AS (
  SELECT "date", SUM(spend) AS spend, SUM(api_requests)::bigint AS requests
  FROM "LiteLLM_DailyUserSpend"
  WHERE "date" >= to_char($1::date, 'YYYY-MM-DD') AND "date" <= to_char($2::date, 'YYYY-MM-DD')
  GROUP BY 1
),
team_daily AS (
  SELECT "date", SUM(spend) AS spend, SUM(api_requests)::bigint AS requests
  FROM "LiteLLM_DailyTeamSpend"
  WHERE "date" >= to_char($1::date, 'YYYY-MM-DD') AND "date" <= to_char($2::date, 'YYYY-MM-DD')
  GROUP BY 1
),
joined AS (
  SELECT days.date,
         COALESCE(l.spend, 0) AS logs_spend,
         COALESCE(ud.spend, 0) AS daily_user_spend,
         COALESCE(td.spend, 0) AS daily_team_spend,
         COALESCE(l.requests, 0) AS logs_requests,
         COALESCE(ud.requests, 0) AS daily_user_requests,
         COALESCE(td.requests, 0) AS daily_team_requests
  FROM days
  LEFT JOIN logs AS l ON l.date = days.date
  LEFT JOIN user_daily AS ud ON ud."date" = days.date
  LEFT JOIN team_daily AS td ON td."date" = days.date
)
SELECT date,
       logs_spend,
       daily_user_spend,
       daily_team_spend,
       daily_user_spend - logs_spend AS spend_delta,
       logs_requests,
       daily_user_requests,
       daily_team_requests,
       daily_user_requests - logs_requests AS request_delta,
       CASE
         WHEN logs_requests = 0 AND daily_user_requests = 0 THEN 'no traffic'
         WHEN abs(daily_user_spend - logs_spend) <= 1e-6 * GREATEST(1, abs(logs_spend))
              AND abs(daily_team_spend - daily_user_spend) <= 1e-6 * GREATEST(1, abs(daily_user_spend))
              AND daily_user_requests = logs_requests AND daily_team_requests = daily_user_requests THEN 'match'
         WHEN logs_requests = 0 THEN 'no SpendLogs rows: purged by the retention job, or disable_spend_logs was set'
         WHEN daily_user_requests = 0 THEN 'no daily rows yet: the daily spend flush has not run for this day'
         WHEN abs(daily_user_spend - logs_spend) <= 1e-6 * GREATEST(1, abs(logs_spend))
              AND daily_user_requests < logs_requests
           THEN 'spend matches; ' || (logs_requests - daily_user_requests) || ' zero-cost request(s) without a model are not in the daily tables'
         WHEN abs(daily_team_spend - daily_user_spend) > 1e-6 * GREATEST(1, abs(daily_user_spend))
           THEN 'daily user and team tables differ: a flush was interrupted or rows were edited'
         ELSE 'spend differs: SpendLogs partly purged, a pending flush, or rows edited by hand'
       END AS explanation
FROM joined
ORDER BY date;
