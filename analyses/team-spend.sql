-- name: Spend by team
-- description: Spend per team in the period, from LiteLLM_DailyTeamSpend. The team is the key's team at request
-- description: time; team_id '' is spend of keys without a team. Team spend is a slice of total spend: the rows add
-- description: up to the total, never add them to user totals. Organisation, budget and the current-window spend
-- description: counter are the team row's values now.
-- param: from date 30 days ago
-- param: to date today
-- requires: LiteLLM_DailyTeamSpend(date, team_id, api_key, spend, api_requests, failed_requests, prompt_tokens, completion_tokens)
-- requires: LiteLLM_TeamTable(team_id, team_alias, organization_id, spend, max_budget, budget_duration, blocked)
-- requires: LiteLLM_OrganizationTable(organization_id, organization_alias)
WITH per_team AS (
  SELECT COALESCE(team_id, '') AS team_id,
         SUM(spend) AS spend,
         SUM(api_requests)::bigint AS api_requests,
         SUM(failed_requests)::bigint AS failed_requests,
         SUM(prompt_tokens + completion_tokens)::bigint AS total_tokens,
         COUNT(DISTINCT api_key)::bigint AS keys_used
  FROM "LiteLLM_DailyTeamSpend"
  WHERE "date" >= $1 AND "date" <= $2
  GROUP BY 1
)
SELECT p.team_id,
       CASE
         WHEN p.team_id = '' THEN '(keys without a team)'
         WHEN t.team_id IS NULL THEN '(team not in LiteLLM_TeamTable: deleted)'
         ELSE t.team_alias
       END AS team_alias,
       t.organization_id,
       o.organization_alias,
       p.spend,
       p.spend / NULLIF(SUM(p.spend) OVER (), 0) AS share_of_total,
       p.api_requests,
       p.failed_requests,
       p.total_tokens,
       p.keys_used,
       t.max_budget,
       t.budget_duration,
       t.spend AS budget_window_spend,
       t.blocked
FROM per_team AS p
LEFT JOIN "LiteLLM_TeamTable" AS t ON t.team_id = p.team_id
LEFT JOIN "LiteLLM_OrganizationTable" AS o ON o.organization_id = t.organization_id
ORDER BY p.spend DESC, p.team_id;
