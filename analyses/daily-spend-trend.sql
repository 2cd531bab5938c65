-- name: Daily spend trend
-- description: Spend, requests and tokens per UTC day. From LiteLLM_DailyUserSpend, where every request lands exactly
-- description: once (user_id '' for keys without a user), so each day's spend is the proxy's total spend that day.
-- description: Days without traffic are listed with zeros so the trend has no gaps.
-- param: from date 30 days ago
-- param: to date today
-- requires: LiteLLM_DailyUserSpend(date, user_id, api_key, model, spend, api_requests, successful_requests, failed_requests, prompt_tokens, completion_tokens)
WITH days AS (
  SELECT to_char(d, 'YYYY-MM-DD') AS date
  FROM generate_series($1::date, $2::date, interval '1 day') AS d
),
per_day AS (
  SELECT "date",
         SUM(spend) AS spend,
         SUM(api_requests)::bigint AS api_requests,
         SUM(successful_requests)::bigint AS successful_requests,
         SUM(failed_requests)::bigint AS failed_requests,
         SUM(prompt_tokens)::bigint AS prompt_tokens,
         SUM(completion_tokens)::bigint AS completion_tokens,
         COUNT(DISTINCT NULLIF(user_id, ''))::bigint AS active_users,
         COUNT(DISTINCT api_key)::bigint AS active_keys,
         COUNT(DISTINCT NULLIF(model, ''))::bigint AS models_used
  FROM "LiteLLM_DailyUserSpend"
  WHERE "date" >= to_char($1::date, 'YYYY-MM-DD') AND "date" <= to_char($2::date, 'YYYY-MM-DD')
  GROUP BY "date"
)
SELECT days.date,
       COALESCE(p.spend, 0) AS spend,
       COALESCE(p.api_requests, 0) AS api_requests,
       COALESCE(p.successful_requests, 0) AS successful_requests,
       COALESCE(p.failed_requests, 0) AS failed_requests,
       COALESCE(p.prompt_tokens, 0) AS prompt_tokens,
       COALESCE(p.completion_tokens, 0) AS completion_tokens,
       COALESCE(p.active_users, 0) AS active_users,
       COALESCE(p.active_keys, 0) AS active_keys,
       COALESCE(p.models_used, 0) AS models_used
FROM days
LEFT JOIN per_day AS p ON p."date" = days.date
ORDER BY days.date;
