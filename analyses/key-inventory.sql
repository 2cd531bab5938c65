-- name: Key inventory with owners and last activity
-- description: Every virtual key, live (LiteLLM_VerificationToken) or deleted (latest copy in
-- description: LiteLLM_DeletedVerificationToken), with owner, team and organisation (the key row's values, not
-- description: history), status, last activity and spend. last_spend_date comes from LiteLLM_DailyUserSpend, which is
-- description: never purged; last_active is LiteLLM's own column (not always maintained). counter_spend is the key's
-- description: running counter (current budget window when the key has a budget_duration).
-- param: since date 30 days ago
-- requires: LiteLLM_VerificationToken(token, key_alias, key_name, user_id, team_id, organization_id, spend, expires)
-- requires: LiteLLM_VerificationToken(blocked, created_at, last_active, budget_duration)
-- optional: LiteLLM_DeletedVerificationToken(token, key_alias, key_name, user_id, team_id, organization_id, spend, expires, created_at, deleted_at, last_active, budget_duration) -- deleted keys are not listed (this LiteLLM keeps no deleted-key table)
-- requires: LiteLLM_UserTable(user_id, user_alias, user_email), LiteLLM_TeamTable(team_id, team_alias)
-- requires: LiteLLM_OrganizationTable(organization_id, organization_alias)
-- requires: LiteLLM_DailyUserSpend(date, api_key, spend)
WITH deleted AS ( -- if: LiteLLM_DeletedVerificationToken
  SELECT DISTINCT ON (d.token) d.* -- if: LiteLLM_DeletedVerificationToken
  FROM "LiteLLM_DeletedVerificationToken" AS d -- if: LiteLLM_DeletedVerificationToken
  WHERE NOT EXISTS (SELECT 1 FROM "LiteLLM_VerificationToken" AS vt WHERE vt.token = d.token) -- if: LiteLLM_DeletedVerificationToken
  ORDER BY d.token, d.deleted_at DESC -- if: LiteLLM_DeletedVerificationToken
), -- if: LiteLLM_DeletedVerificationToken
WITH -- if-missing: LiteLLM_DeletedVerificationToken
keys AS (
  SELECT token, key_alias, key_name, user_id, team_id, organization_id, spend, expires, blocked, created_at,
         last_active, budget_duration, NULL::timestamp(3) AS deleted_at
  FROM "LiteLLM_VerificationToken"
  UNION ALL -- if: LiteLLM_DeletedVerificationToken
  SELECT token, key_alias, key_name, user_id, team_id, organization_id, spend, expires, NULL, created_at, -- if: LiteLLM_DeletedVerificationToken
         last_active, budget_duration, deleted_at -- if: LiteLLM_DeletedVerificationToken
  FROM deleted -- if: LiteLLM_DeletedVerificationToken
),
activity AS (
  SELECT api_key, MAX("date") AS last_spend_date, SUM(spend) FILTER (WHERE "date" >= $1) AS spend_since
  FROM "LiteLLM_DailyUserSpend"
  GROUP BY api_key
)
SELECT k.token AS api_key,
       k.key_alias,
       k.key_name,
       CASE
         WHEN k.deleted_at IS NOT NULL THEN 'deleted'
         WHEN k.blocked THEN 'blocked'
         WHEN k.expires < (now() AT TIME ZONE 'UTC') THEN 'expired'
         ELSE 'active'
       END AS status,
       NULLIF(k.user_id, '') AS user_id,
       u.user_alias,
       u.user_email,
       NULLIF(k.team_id, '') AS team_id,
       t.team_alias,
       k.organization_id,
       o.organization_alias,
       k.created_at,
       k.expires,
       k.deleted_at,
       k.last_active,
       a.last_spend_date,
       COALESCE(a.spend_since, 0) AS spend_since,
       k.spend AS counter_spend,
       k.budget_duration
FROM keys AS k
LEFT JOIN activity AS a ON a.api_key = k.token
LEFT JOIN "LiteLLM_UserTable" AS u ON u.user_id = k.user_id
LEFT JOIN "LiteLLM_TeamTable" AS t ON t.team_id = k.team_id
LEFT JOIN "LiteLLM_OrganizationTable" AS o ON o.organization_id = k.organization_id
ORDER BY (k.deleted_at IS NOT NULL), a.last_spend_date DESC NULLS LAST, k.token;
