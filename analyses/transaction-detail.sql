-- name: Transaction detail (corrected original query 4)
-- description: Individual requests from LiteLLM_SpendLogs, newest first, with who made them. User, team and
-- description: organisation are the request's own columns (the key's owner, team and organisation at request time);
-- description: the original query derived the organisation from the team's organisation now, which is wrong for
-- description: keys that moved or whose organisation differs from their team's. Key and team aliases come from the
-- description: request metadata (the values at request time), falling back to the current rows. Empty ids are NULL.
-- param: from date 7 days ago
-- param: to date today
-- param: limit int 1000
-- requires: LiteLLM_SpendLogs(request_id, startTime, call_type, model_group, model, custom_llm_provider, spend)
-- requires: LiteLLM_SpendLogs(prompt_tokens, completion_tokens, total_tokens, cache_hit, user, team_id)
-- optional: LiteLLM_SpendLogs.organization_id -- organization_id and organization_alias are empty (requests carry no organisation before LiteLLM's November 2025 migration)
-- requires: LiteLLM_SpendLogs(end_user, api_key, metadata, request_tags)
-- optional: LiteLLM_SpendLogs.status -- status is read from metadata.status (no status column)
-- requires: LiteLLM_UserTable(user_id, user_alias), LiteLLM_TeamTable(team_id, team_alias)
-- requires: LiteLLM_OrganizationTable(organization_id, organization_alias), LiteLLM_VerificationToken(token, key_alias)
SELECT sl.request_id,
       sl."startTime" AS start_time,
       sl.status, -- if: LiteLLM_SpendLogs.status
       sl.metadata ->> 'status' AS status, -- if-missing: LiteLLM_SpendLogs.status
       sl.call_type,
       sl.model_group,
       sl.model,
       sl.custom_llm_provider,
       sl.spend,
       sl.prompt_tokens,
       sl.completion_tokens,
       sl.total_tokens,
       sl.cache_hit,
       NULLIF(sl."user", '') AS user_id,
       u.user_alias,
       NULLIF(sl.team_id, '') AS team_id,
       COALESCE(sl.metadata ->> 'user_api_key_team_alias', t.team_alias) AS team_alias,
       NULLIF(sl.organization_id, '') AS organization_id, -- if: LiteLLM_SpendLogs.organization_id
       o.organization_alias, -- if: LiteLLM_SpendLogs.organization_id
       NULL::text AS organization_id, NULL::text AS organization_alias, -- if-missing: LiteLLM_SpendLogs.organization_id
       NULLIF(sl.end_user, '') AS end_user,
       sl.api_key,
       COALESCE(sl.metadata ->> 'user_api_key_alias', vt.key_alias) AS key_alias,
       sl.request_tags
FROM "LiteLLM_SpendLogs" AS sl
LEFT JOIN "LiteLLM_UserTable" AS u ON u.user_id = sl."user"
LEFT JOIN "LiteLLM_TeamTable" AS t ON t.team_id = sl.team_id
LEFT JOIN "LiteLLM_OrganizationTable" AS o ON o.organization_id = sl.organization_id -- if: LiteLLM_SpendLogs.organization_id
LEFT JOIN "LiteLLM_VerificationToken" AS vt ON vt.token = sl.api_key
WHERE sl."startTime" >= $1::date AND sl."startTime" < $2::date + 1
ORDER BY sl."startTime" DESC, sl.request_id
LIMIT $3;
