-- name: Orphaned keys (owner or team missing)
-- description: Keys in LiteLLM_VerificationToken whose user_id or team_id points at no LiteLLM_UserTable or
-- description: LiteLLM_TeamTable row (these are value links, not foreign keys, so deleting a user or team leaves its
-- description: keys behind). Such keys still work and still spend; their spend keeps the dangling ids. Lists the key's
-- description: spend counter and its last day with spend in LiteLLM_DailyUserSpend.
-- requires: LiteLLM_VerificationToken(token, key_alias, key_name, user_id, team_id, spend, expires, blocked, created_at)
-- requires: LiteLLM_UserTable(user_id), LiteLLM_TeamTable(team_id), LiteLLM_DailyUserSpend(api_key, date)
SELECT vt.token AS api_key,
       vt.key_alias,
       vt.key_name,
       NULLIF(vt.user_id, '') AS user_id,
       NULLIF(vt.user_id, '') IS NOT NULL AND u.user_id IS NULL AS user_missing,
       NULLIF(vt.team_id, '') AS team_id,
       NULLIF(vt.team_id, '') IS NOT NULL AND t.team_id IS NULL AS team_missing,
       vt.spend AS counter_spend,
       vt.created_at,
       vt.expires,
       vt.blocked,
       (SELECT MAX(d."date") FROM "LiteLLM_DailyUserSpend" AS d WHERE d.api_key = vt.token) AS last_spend_date
FROM "LiteLLM_VerificationToken" AS vt
LEFT JOIN "LiteLLM_UserTable" AS u ON u.user_id = vt.user_id
LEFT JOIN "LiteLLM_TeamTable" AS t ON t.team_id = vt.team_id
WHERE (NULLIF(vt.user_id, '') IS NOT NULL AND u.user_id IS NULL)
   OR (NULLIF(vt.team_id, '') IS NOT NULL AND t.team_id IS NULL)
ORDER BY vt.spend DESC, vt.token;
