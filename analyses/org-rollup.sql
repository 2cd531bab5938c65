-- name: Organisation rollup (corrected original query 3)
-- description: Per organisation: how many teams and users it has, its spend in the period, and the current
-- description: budget-window counters. Period spend comes from LiteLLM_DailyOrganizationSpend, whose organisation is
-- description: the organisation at request time (the key's, else its team's: not the team's organisation now). The
-- description: row with organization_id '' is spend without an organisation; a row with no organization_id is spend of
-- description: days before LiteLLM_DailyOrganizationSpend's first row (the table starts empty when LiteLLM adds it:
-- description: not recorded yet), so period_spend adds up to total spend. Organisation counters are lifetime sums
-- description: (LiteLLM never resets them). Counts and counter sums are
-- description: computed per table before joining, so each team and user is counted once (the original joined teams
-- description: and users in one GROUP BY and used SUM(DISTINCT …), which drops teams or users whose spend is equal).
-- param: from date 30 days ago
-- param: to date today
-- requires: LiteLLM_OrganizationTable(organization_id, organization_alias, budget_id, spend)
-- requires: LiteLLM_BudgetTable(budget_id, max_budget)
-- requires: LiteLLM_TeamTable(team_id, organization_id, spend), LiteLLM_UserTable(user_id, organization_id, spend)
-- requires: LiteLLM_OrganizationMembership(user_id, organization_id)
-- optional: LiteLLM_DailyOrganizationSpend(date, organization_id, spend, api_requests) -- no per-organisation period spend: every organisation's period_spend is 0 and the whole period is in the "not recorded yet" row
-- requires: LiteLLM_DailyUserSpend(date, spend, api_requests)
WITH teams AS (
  SELECT organization_id, COUNT(*)::bigint AS team_count, SUM(spend) AS team_counter_spend
  FROM "LiteLLM_TeamTable" WHERE organization_id IS NOT NULL GROUP BY 1
),
users AS (
  SELECT organization_id, COUNT(*)::bigint AS user_count, SUM(spend) AS user_counter_spend
  FROM "LiteLLM_UserTable" WHERE organization_id IS NOT NULL GROUP BY 1
),
members AS (
  SELECT organization_id, COUNT(*)::bigint AS member_count FROM "LiteLLM_OrganizationMembership" GROUP BY 1
),
period AS (
  SELECT organization_id, SUM(spend) AS spend, SUM(api_requests)::bigint AS api_requests -- if: LiteLLM_DailyOrganizationSpend
  FROM "LiteLLM_DailyOrganizationSpend" -- if: LiteLLM_DailyOrganizationSpend
  WHERE "date" >= $1 AND "date" <= $2 AND COALESCE(organization_id, '') <> '' -- if: LiteLLM_DailyOrganizationSpend
  GROUP BY 1 -- if: LiteLLM_DailyOrganizationSpend
  SELECT NULL::text AS organization_id, 0::double precision AS spend, 0::bigint AS api_requests WHERE false -- if-missing: LiteLLM_DailyOrganizationSpend
),
recorded AS (
  -- '~' sorts after every date: with no table, no day is recorded yet (as when LiteLLM has just added it).
  SELECT COALESCE(MIN("date"), '~') AS first_day FROM "LiteLLM_DailyOrganizationSpend" -- if: LiteLLM_DailyOrganizationSpend
  SELECT '~'::text AS first_day -- if-missing: LiteLLM_DailyOrganizationSpend
),
total AS (
  SELECT COALESCE(SUM(d.spend), 0) AS spend, COALESCE(SUM(d.api_requests), 0)::bigint AS api_requests,
         COALESCE(SUM(d.spend) FILTER (WHERE d."date" < r.first_day), 0) AS before_spend,
         COALESCE(SUM(d.api_requests) FILTER (WHERE d."date" < r.first_day), 0)::bigint AS before_requests
  FROM "LiteLLM_DailyUserSpend" AS d CROSS JOIN recorded AS r
  WHERE d."date" >= $1 AND d."date" <= $2
),
orgs AS (
  SELECT o.organization_id,
         o.organization_alias,
         COALESCE(teams.team_count, 0) AS team_count,
         COALESCE(users.user_count, 0) AS user_count,
         COALESCE(members.member_count, 0) AS member_count,
         COALESCE(period.spend, 0) AS period_spend,
         COALESCE(period.api_requests, 0) AS period_requests,
         b.max_budget,
         o.spend AS org_counter_spend,
         COALESCE(teams.team_counter_spend, 0) AS team_counter_spend,
         COALESCE(users.user_counter_spend, 0) AS user_counter_spend,
         0 AS sort_last
  FROM "LiteLLM_OrganizationTable" AS o
  LEFT JOIN teams ON teams.organization_id = o.organization_id
  LEFT JOIN users ON users.organization_id = o.organization_id
  LEFT JOIN members ON members.organization_id = o.organization_id
  LEFT JOIN period ON period.organization_id = o.organization_id
  LEFT JOIN "LiteLLM_BudgetTable" AS b ON b.budget_id = o.budget_id
),
no_org AS (
  -- Everything the organisation rows do not cover: keys without an org (and any org id no longer in the table).
  SELECT '' AS organization_id,
         '(keys without an organisation)' AS organization_alias,
         (SELECT COUNT(*) FROM "LiteLLM_TeamTable" WHERE organization_id IS NULL)::bigint AS team_count,
         (SELECT COUNT(*) FROM "LiteLLM_UserTable" WHERE organization_id IS NULL)::bigint AS user_count,
         0::bigint AS member_count,
         total.spend - total.before_spend - (SELECT COALESCE(SUM(o.period_spend), 0) FROM orgs AS o) AS period_spend,
         (total.api_requests - total.before_requests - (SELECT COALESCE(SUM(o.period_requests), 0) FROM orgs AS o))::bigint AS period_requests,
         NULL::double precision AS max_budget,
         NULL::double precision AS org_counter_spend,
         (SELECT COALESCE(SUM(spend), 0) FROM "LiteLLM_TeamTable" WHERE organization_id IS NULL) AS team_counter_spend,
         (SELECT COALESCE(SUM(spend), 0) FROM "LiteLLM_UserTable" WHERE organization_id IS NULL) AS user_counter_spend,
         1 AS sort_last
  FROM total
),
not_recorded AS (
  SELECT NULL::text AS organization_id,
         '(not recorded yet: before LiteLLM_DailyOrganizationSpend''s first day)' AS organization_alias,
         NULL::bigint AS team_count, NULL::bigint AS user_count, NULL::bigint AS member_count,
         total.before_spend AS period_spend, total.before_requests AS period_requests,
         NULL::double precision AS max_budget, NULL::double precision AS org_counter_spend,
         NULL::double precision AS team_counter_spend, NULL::double precision AS user_counter_spend,
         2 AS sort_last
  FROM total WHERE total.before_spend <> 0 OR total.before_requests <> 0
)
SELECT organization_id, organization_alias, team_count, user_count, member_count,
       period_spend, period_spend / NULLIF((SELECT spend FROM total), 0) AS share_of_total, period_requests,
       max_budget, org_counter_spend, team_counter_spend, user_counter_spend
FROM (SELECT * FROM orgs UNION ALL SELECT * FROM no_org UNION ALL SELECT * FROM not_recorded) AS rollup
ORDER BY sort_last, period_spend DESC, organization_alias;
