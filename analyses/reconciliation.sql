-- name: SpendLogs vs daily tables reconciliation
-- description: Per UTC day: spend and requests in LiteLLM_SpendLogs next to LiteLLM_DailyUserSpend and
-- description: LiteLLM_DailyTeamSpend, with the differences and what explains them. In LiteLLM 1.83 every request lands
-- description: once in each of the two daily tables (team_id '' for keys without a team, model '' without a model), so
-- description: all three agree unless SpendLogs were purged (retention) or disabled, the day is before the team table's
-- description: first row (not recorded yet), a request_id came twice (SpendLogs keep one row, the daily tables add it
-- description: again: e.g. a finished batch retrieved twice), or the daily flush has not yet run.
-- param: from date 30 days ago
-- param: to date today
-- requires: LiteLLM_SpendLogs(startTime, spend, call_type)
-- requires: LiteLLM_DailyUserSpend(date, spend, api_requests), LiteLLM_DailyTeamSpend(date, spend, api_requests)
WITH days AS (
  SELECT to_char(d, 'YYYY-MM-DD') AS date FROM generate_series($1::date, $2::date, interval '1 day') AS d
),
logs AS (
  SELECT to_char("startTime", 'YYYY-MM-DD') AS date, SUM(spend) AS spend, COUNT(*)::bigint AS requests,
         COUNT(*) FILTER (WHERE call_type IN ('aretrieve_batch', 'retrieve_batch'))::bigint AS batch_retrievals
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
team_start AS (
  SELECT MIN("date") AS first_day FROM "LiteLLM_DailyTeamSpend"
),
joined AS (
  SELECT days.date,
         days.date < COALESCE((SELECT first_day FROM team_start), '~') AS team_not_recorded,
         COALESCE(l.batch_retrievals, 0) AS batch_retrievals,
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
         WHEN team_not_recorded AND daily_team_requests = 0
              AND abs(daily_user_spend - logs_spend) <= 1e-6 * GREATEST(1, abs(logs_spend))
           THEN 'team spend not recorded by this LiteLLM yet: the day is before LiteLLM_DailyTeamSpend''s first row'
         WHEN batch_retrievals > 0 AND daily_user_spend > logs_spend
              AND abs(daily_team_spend - daily_user_spend) <= 1e-6 * GREATEST(1, abs(daily_user_spend))
           THEN 'duplicate request_id: a batch retrieved again is charged again in the daily tables; SpendLogs keep one row'
         WHEN abs(daily_team_spend - daily_user_spend) > 1e-6 * GREATEST(1, abs(daily_user_spend))
           THEN 'daily user and team tables differ: a flush was interrupted or rows were edited'
         ELSE 'spend differs: SpendLogs partly purged, a pending flush, or rows edited by hand'
       END AS explanation
FROM joined
ORDER BY date;
