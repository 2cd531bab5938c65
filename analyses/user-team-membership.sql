-- name: User-team membership (corrected original query 1)
-- description: Every (team, user) membership. The truth is LiteLLM_TeamTable.members_with_roles (a JSON array; a
-- description: legacy '{}' means no members), mirrored in LiteLLM_UserTable.teams; pairs found in only one of them,
-- description: or only in LiteLLM_TeamMembership, are listed too, with flags saying where each pair is recorded.
-- description: Members listed by email only are matched to users by email. A LiteLLM_TeamMembership row exists only
-- description: for members with a member budget, so its absence is normal; its spend is a current budget-window
-- description: counter. The original query joined only the legacy UserTable.team_id, so users in several teams
-- description: showed one team and most memberships were missing.
-- requires: LiteLLM_TeamTable(team_id, team_alias, organization_id, members_with_roles)
-- requires: LiteLLM_UserTable(user_id, user_alias, user_email, teams)
-- requires: LiteLLM_TeamMembership(user_id, team_id, spend, budget_id), LiteLLM_BudgetTable(budget_id, max_budget)
WITH listed AS (
  SELECT t.team_id,
         COALESCE(NULLIF(m.value ->> 'user_id', ''),
                  (SELECT u.user_id FROM "LiteLLM_UserTable" AS u
                   WHERE lower(u.user_email) = lower(m.value ->> 'user_email')
                   ORDER BY u.user_id LIMIT 1)) AS user_id,
         m.value ->> 'role' AS role
  FROM "LiteLLM_TeamTable" AS t
  CROSS JOIN LATERAL jsonb_array_elements(
    CASE WHEN jsonb_typeof(t.members_with_roles) = 'array' THEN t.members_with_roles ELSE '[]'::jsonb END) AS m
),
from_team AS (
  SELECT team_id, user_id, MIN(role) AS role FROM listed WHERE user_id IS NOT NULL GROUP BY 1, 2
),
from_user AS (
  SELECT DISTINCT u.user_id, x.team_id
  FROM "LiteLLM_UserTable" AS u
  CROSS JOIN LATERAL unnest(u.teams) AS x(team_id)
  WHERE COALESCE(x.team_id, '') <> ''
),
pairs AS (
  SELECT team_id, user_id FROM from_team
  UNION
  SELECT team_id, user_id FROM from_user
  UNION
  SELECT team_id, user_id FROM "LiteLLM_TeamMembership"
)
SELECT p.team_id,
       t.team_alias,
       t.organization_id,
       p.user_id,
       u.user_alias,
       u.user_email,
       ft.role,
       ft.team_id IS NOT NULL AS in_members_with_roles,
       fu.user_id IS NOT NULL AS in_user_teams,
       tm.user_id IS NOT NULL AS has_membership_row,
       tm.spend AS budget_window_spend,
       b.max_budget AS member_max_budget,
       t.team_id IS NULL AS team_missing,
       u.user_id IS NULL AS user_missing
FROM pairs AS p
LEFT JOIN from_team AS ft ON ft.team_id = p.team_id AND ft.user_id = p.user_id
LEFT JOIN from_user AS fu ON fu.team_id = p.team_id AND fu.user_id = p.user_id
LEFT JOIN "LiteLLM_TeamMembership" AS tm ON tm.team_id = p.team_id AND tm.user_id = p.user_id
LEFT JOIN "LiteLLM_BudgetTable" AS b ON b.budget_id = tm.budget_id
LEFT JOIN "LiteLLM_TeamTable" AS t ON t.team_id = p.team_id
LEFT JOIN "LiteLLM_UserTable" AS u ON u.user_id = p.user_id
ORDER BY t.team_alias NULLS LAST, p.team_id, ft.role NULLS LAST, u.user_alias NULLS LAST, p.user_id;
