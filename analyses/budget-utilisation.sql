-- name: Budget utilisation and over-budget entities
-- description: Every key, user, team, organisation, team member and end user that has a max_budget, with its spend
-- description: counter, utilisation and a status: over (LiteLLM rejects its requests: spend >= max_budget for keys,
-- description: organisations and team members, spend > max_budget for users, teams and end users), near (utilisation
-- description: at or above near_at) or ok. Counters of keys, users, teams, members and end users are current-window
-- description: values (reset to 0 at budget_reset_at, calendar-aligned: 1d at midnight, 7d on Monday, 30d on the 1st);
-- description: organisation counters are never reset (counter = lifetime). A key's limits come field by field from
-- description: its own columns, else its LiteLLM_BudgetTable row; a user's budget binds only keys without a team.
-- description: Set min_utilisation to 1 to list only over-budget ones.
-- param: near_at number 0.8
-- param: min_utilisation number 0
-- requires: LiteLLM_BudgetTable(budget_id, max_budget, soft_budget, budget_duration, budget_reset_at)
-- requires: LiteLLM_VerificationToken(token, key_alias, spend, max_budget, budget_duration, budget_reset_at, budget_id)
-- requires: LiteLLM_UserTable(user_id, user_alias, user_email, spend, max_budget, budget_duration, budget_reset_at)
-- requires: LiteLLM_TeamTable(team_id, team_alias, spend, max_budget, budget_duration, budget_reset_at)
-- optional: LiteLLM_TeamTable.soft_budget -- teams' soft_budget is empty, so a team is 'near' only by utilisation
-- requires: LiteLLM_OrganizationTable(organization_id, organization_alias, spend, budget_id)
-- requires: LiteLLM_TeamMembership(user_id, team_id, spend, budget_id)
-- requires: LiteLLM_EndUserTable(user_id, alias, spend, budget_id)
WITH budgets AS (
  SELECT 'key' AS entity_type, vt.token AS entity_id, vt.key_alias AS entity_name, NULL::text AS within, 'current window' AS counter,
         vt.spend, COALESCE(vt.max_budget, b.max_budget) AS max_budget, b.soft_budget,
         COALESCE(vt.budget_duration, b.budget_duration) AS budget_duration,
         COALESCE(vt.budget_reset_at, b.budget_reset_at) AS budget_reset_at
  FROM "LiteLLM_VerificationToken" AS vt
  LEFT JOIN "LiteLLM_BudgetTable" AS b ON b.budget_id = vt.budget_id
  UNION ALL
  SELECT 'user', u.user_id, COALESCE(u.user_alias, u.user_email), 'keys without a team', 'current window', u.spend, u.max_budget, NULL,
         u.budget_duration, u.budget_reset_at
  FROM "LiteLLM_UserTable" AS u
  UNION ALL
  SELECT 'team', t.team_id, t.team_alias, NULL, 'current window', t.spend, t.max_budget,
         t.soft_budget, -- if: LiteLLM_TeamTable.soft_budget
         NULL, -- if-missing: LiteLLM_TeamTable.soft_budget
         t.budget_duration, t.budget_reset_at
  FROM "LiteLLM_TeamTable" AS t
  UNION ALL
  SELECT 'organization', o.organization_id, o.organization_alias, NULL, 'lifetime', o.spend, b.max_budget, b.soft_budget,
         b.budget_duration, b.budget_reset_at
  FROM "LiteLLM_OrganizationTable" AS o
  LEFT JOIN "LiteLLM_BudgetTable" AS b ON b.budget_id = o.budget_id
  UNION ALL
  SELECT 'team member', tm.user_id, COALESCE(u.user_alias, u.user_email), COALESCE(t.team_alias, tm.team_id), 'current window', tm.spend,
         b.max_budget, b.soft_budget, b.budget_duration, b.budget_reset_at
  FROM "LiteLLM_TeamMembership" AS tm
  JOIN "LiteLLM_BudgetTable" AS b ON b.budget_id = tm.budget_id
  LEFT JOIN "LiteLLM_UserTable" AS u ON u.user_id = tm.user_id
  LEFT JOIN "LiteLLM_TeamTable" AS t ON t.team_id = tm.team_id
  UNION ALL
  SELECT 'end user', e.user_id, e.alias, NULL, 'current window', e.spend, b.max_budget, b.soft_budget, b.budget_duration, b.budget_reset_at
  FROM "LiteLLM_EndUserTable" AS e
  JOIN "LiteLLM_BudgetTable" AS b ON b.budget_id = e.budget_id
),
rated AS (
  SELECT *, spend / NULLIF(max_budget, 0) AS utilisation,
         CASE WHEN entity_type IN ('key', 'organization', 'team member') THEN spend >= max_budget ELSE spend > max_budget END AS rejected
  FROM budgets WHERE max_budget IS NOT NULL
)
SELECT entity_type,
       entity_id,
       entity_name,
       within,
       spend,
       max_budget,
       soft_budget,
       utilisation,
       CASE
         WHEN rejected THEN 'over'
         WHEN utilisation >= $1 OR spend >= soft_budget THEN 'near'
         ELSE 'ok'
       END AS status,
       counter,
       budget_duration,
       budget_reset_at
FROM rated
WHERE COALESCE(utilisation, CASE WHEN rejected THEN 1 ELSE 0 END) >= $2
ORDER BY utilisation DESC NULLS FIRST, entity_type, entity_id;
