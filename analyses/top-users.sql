-- name: Top users by spend
-- description: Users ranked by spend in the period, from LiteLLM_DailyUserSpend. A user here is the key owner
-- description: (LiteLLM attributes a request to the owner of the key it used); spend of keys without an owner is
-- description: the row with user_id ''. Shares are of total spend, so all rows (without the limit) add up to 100%.
-- param: from date 30 days ago
-- param: to date today
-- param: limit int 20
-- requires: LiteLLM_DailyUserSpend(date, user_id, api_key, spend, api_requests, failed_requests, prompt_tokens, completion_tokens)
-- requires: LiteLLM_UserTable(user_id, user_alias, user_email, user_role)
WITH per_user AS (
  SELECT COALESCE(user_id, '') AS user_id,
         SUM(spend) AS spend,
         SUM(api_requests)::bigint AS api_requests,
         SUM(failed_requests)::bigint AS failed_requests,
         SUM(prompt_tokens + completion_tokens)::bigint AS total_tokens,
         COUNT(DISTINCT api_key)::bigint AS keys_used,
         MAX("date") AS last_active_date
  FROM "LiteLLM_DailyUserSpend"
  WHERE "date" >= $1 AND "date" <= $2
  GROUP BY 1
)
SELECT p.user_id,
       CASE WHEN p.user_id = '' THEN '(keys without a user)' ELSE u.user_alias END AS user_alias,
       u.user_email,
       u.user_role,
       p.spend,
       p.spend / NULLIF(SUM(p.spend) OVER (), 0) AS share_of_total,
       p.api_requests,
       p.failed_requests,
       p.total_tokens,
       p.keys_used,
       p.last_active_date,
       u.user_id IS NULL AND p.user_id <> '' AS user_missing
FROM per_user AS p
LEFT JOIN "LiteLLM_UserTable" AS u ON u.user_id = p.user_id
ORDER BY p.spend DESC, p.user_id
LIMIT $3;
