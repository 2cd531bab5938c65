-- name: Top keys by spend
-- description: Virtual keys ranked by spend in the period, from LiteLLM_DailyUserSpend (api_key is the SHA-256 of
-- description: the sk- key, equal to LiteLLM_VerificationToken.token). Owner and team are the key row's values
-- description: now, not at request time. Keys missing from LiteLLM_VerificationToken were deleted (see key-inventory
-- description: for their names) or are the master key.
-- param: from date 30 days ago
-- param: to date today
-- param: limit int 20
-- requires: LiteLLM_DailyUserSpend(date, api_key, spend, api_requests, failed_requests, prompt_tokens, completion_tokens)
-- requires: LiteLLM_VerificationToken(token, key_alias, key_name, user_id, team_id, expires, blocked)
-- requires: LiteLLM_UserTable(user_id, user_alias), LiteLLM_TeamTable(team_id, team_alias)
WITH per_key AS (
  SELECT api_key,
         SUM(spend) AS spend,
         SUM(api_requests)::bigint AS api_requests,
         SUM(failed_requests)::bigint AS failed_requests,
         SUM(prompt_tokens + completion_tokens)::bigint AS total_tokens,
         MIN("date") AS first_active_date,
         MAX("date") AS last_active_date
  FROM "LiteLLM_DailyUserSpend"
  WHERE "date" >= $1 AND "date" <= $2
  GROUP BY api_key
)
SELECT p.api_key,
       vt.key_alias,
       vt.key_name,
       CASE
         WHEN p.api_key = 'litellm_proxy_master_key' THEN 'master key'
         WHEN p.api_key = '' THEN 'no key'
         WHEN vt.token IS NULL THEN 'not in LiteLLM_VerificationToken (deleted, or the hashed master key)'
         WHEN vt.blocked THEN 'blocked'
         WHEN vt.expires < (now() AT TIME ZONE 'UTC') THEN 'expired'
         ELSE 'active'
       END AS key_status,
       NULLIF(vt.user_id, '') AS owner_user_id,
       u.user_alias AS owner_alias,
       NULLIF(vt.team_id, '') AS team_id_now,
       t.team_alias AS team_alias_now,
       p.spend,
       p.spend / NULLIF(SUM(p.spend) OVER (), 0) AS share_of_total,
       p.api_requests,
       p.failed_requests,
       p.total_tokens,
       p.first_active_date,
       p.last_active_date
FROM per_key AS p
LEFT JOIN "LiteLLM_VerificationToken" AS vt ON vt.token = p.api_key
LEFT JOIN "LiteLLM_UserTable" AS u ON u.user_id = vt.user_id
LEFT JOIN "LiteLLM_TeamTable" AS t ON t.team_id = vt.team_id
ORDER BY p.spend DESC, p.api_key
LIMIT $3;
