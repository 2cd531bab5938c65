-- name: Spend by tag (overlapping)
-- description: Spend per request tag in the period, from LiteLLM_DailyTagSpend. Tag totals overlap: a request with
-- description: N tags adds its full spend to N tag rows, so the rows add up to more than total spend
-- description: (sum_of_tag_rows vs total_spend) and must never be added to user, team or total figures. share_of_total
-- description: is each tag's spend as a fraction of total spend (LiteLLM_DailyUserSpend); shares may sum above 1.
-- param: from date 30 days ago
-- param: to date today
-- requires: LiteLLM_DailyTagSpend(date, tag, api_key, spend, api_requests, failed_requests, prompt_tokens, completion_tokens)
-- requires: LiteLLM_DailyUserSpend(date, spend)
WITH per_tag AS (
  SELECT COALESCE(tag, '') AS tag,
         SUM(spend) AS spend,
         SUM(api_requests)::bigint AS api_requests,
         SUM(failed_requests)::bigint AS failed_requests,
         SUM(prompt_tokens + completion_tokens)::bigint AS total_tokens,
         COUNT(DISTINCT api_key)::bigint AS keys_used
  FROM "LiteLLM_DailyTagSpend"
  WHERE "date" >= $1 AND "date" <= $2
  GROUP BY 1
),
total AS (
  SELECT COALESCE(SUM(spend), 0) AS spend FROM "LiteLLM_DailyUserSpend" WHERE "date" >= $1 AND "date" <= $2
)
SELECT p.tag,
       p.spend,
       p.spend / NULLIF(total.spend, 0) AS share_of_total,
       p.api_requests,
       p.failed_requests,
       p.total_tokens,
       p.keys_used,
       total.spend AS total_spend,
       SUM(p.spend) OVER () AS sum_of_tag_rows
FROM per_tag AS p
CROSS JOIN total
ORDER BY p.spend DESC, p.tag;
