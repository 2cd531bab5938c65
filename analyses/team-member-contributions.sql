-- name: Team member contributions
-- description: Each team member's share of their team's spend in the period. LiteLLM_DailyTeamSpend has no user
-- description: column, so this reads LiteLLM_SpendLogs grouped by ("user", team_id): the key owner of each request
-- description: and the key's team at request time (within SpendLogs retention). Members come from
-- description: members_with_roles (legacy '{}' means none); key owners who spent in a team without being listed are
-- description: shown with is_member false, and user_id '' is the team's keys without an owner.
-- description: budget_window_spend is LiteLLM_TeamMembership.spend, a counter of the current budget window that
-- description: exists only for members with a member budget, not the period's spend.
-- param: from date 30 days ago
-- param: to date today
-- requires: LiteLLM_SpendLogs(startTime, spend, user, team_id)
-- requires: LiteLLM_TeamTable(team_id, team_alias, members_with_roles)
-- requires: LiteLLM_UserTable(user_id, user_alias, user_email)
-- requires: LiteLLM_TeamMembership(user_id, team_id, spend, budget_id), LiteLLM_BudgetTable(budget_id, max_budget)
WITH members AS (
  SELECT t.team_id, m.value ->> 'user_id' AS user_id, MIN(m.value ->> 'role') AS role
  FROM "LiteLLM_TeamTable" AS t
  CROSS JOIN LATERAL jsonb_array_elements(
    CASE WHEN jsonb_typeof(t.members_with_roles) = 'array' THEN t.members_with_roles ELSE '[]'::jsonb END) AS m
  WHERE COALESCE(m.value ->> 'user_id', '') <> ''
  GROUP BY 1, 2
),
spend AS (
  SELECT team_id, COALESCE("user", '') AS user_id, SUM(spend) AS spend, COUNT(*)::bigint AS requests
  FROM "LiteLLM_SpendLogs"
  WHERE "startTime" >= $1::date AND "startTime" < $2::date + 1 AND COALESCE(team_id, '') <> ''
  GROUP BY 1, 2
),
pairs AS (
  SELECT COALESCE(s.team_id, m.team_id) AS team_id,
         COALESCE(s.user_id, m.user_id) AS user_id,
         m.role,
         COALESCE(s.spend, 0) AS spend,
         COALESCE(s.requests, 0) AS requests
  FROM spend AS s
  FULL JOIN members AS m ON m.team_id = s.team_id AND m.user_id = s.user_id
)
SELECT p.team_id,
       t.team_alias,
       p.user_id,
       CASE WHEN p.user_id = '' THEN '(team keys without a user)' ELSE u.user_alias END AS user_alias,
       u.user_email,
       p.role IS NOT NULL AS is_member,
       p.role,
       p.spend,
       p.requests,
       SUM(p.spend) OVER (PARTITION BY p.team_id) AS team_spend,
       p.spend / NULLIF(SUM(p.spend) OVER (PARTITION BY p.team_id), 0) AS share_of_team,
       tm.spend AS budget_window_spend,
       b.max_budget AS member_max_budget
FROM pairs AS p
LEFT JOIN "LiteLLM_TeamTable" AS t ON t.team_id = p.team_id
LEFT JOIN "LiteLLM_UserTable" AS u ON u.user_id = p.user_id
LEFT JOIN "LiteLLM_TeamMembership" AS tm ON tm.team_id = p.team_id AND tm.user_id = p.user_id
LEFT JOIN "LiteLLM_BudgetTable" AS b ON b.budget_id = tm.budget_id
ORDER BY team_spend DESC, p.team_id, p.spend DESC, p.user_id;
