-- name: Spend attribution: users across teams (corrected original query 2)
-- description: How each user's spend in the period splits across the teams of the keys they used. One pass over
-- description: LiteLLM_SpendLogs grouped by ("user", team_id) counts every request exactly once; user_total_spend
-- description: and team_total_spend are sums over those same rows, so nothing is counted twice (the original query
-- description: joined LiteLLM_DailyUserSpend and LiteLLM_DailyTeamSpend in one GROUP BY, multiplying each sum by
-- description: the other table's row count, and did not parse on PostgreSQL). user_id '' is keys without an owner,
-- description: team_id '' keys without a team. budget_window_spend is LiteLLM_TeamMembership.spend, a current
-- description: budget-window counter, not period spend. SpendLogs may be purged after a retention period; for
-- description: older periods use top-users and team-spend (daily tables).
-- param: from date 30 days ago
-- param: to date today
-- requires: LiteLLM_SpendLogs(startTime, spend, user, team_id)
-- requires: LiteLLM_UserTable(user_id, user_alias, user_email), LiteLLM_TeamTable(team_id, team_alias)
-- requires: LiteLLM_TeamMembership(user_id, team_id, spend)
WITH pairs AS (
  SELECT COALESCE("user", '') AS user_id,
         COALESCE(team_id, '') AS team_id,
         SUM(spend) AS spend,
         COUNT(*)::bigint AS requests
  FROM "LiteLLM_SpendLogs"
  WHERE "startTime" >= $1::date AND "startTime" < $2::date + 1
  GROUP BY 1, 2
)
SELECT p.user_id,
       CASE WHEN p.user_id = '' THEN '(keys without a user)' ELSE u.user_alias END AS user_alias,
       u.user_email,
       p.team_id,
       CASE WHEN p.team_id = '' THEN '(keys without a team)' ELSE t.team_alias END AS team_alias,
       p.spend AS spend_in_team,
       p.requests,
       SUM(p.spend) OVER (PARTITION BY p.user_id) AS user_total_spend,
       p.spend / NULLIF(SUM(p.spend) OVER (PARTITION BY p.user_id), 0) AS share_of_user,
       SUM(p.spend) OVER (PARTITION BY p.team_id) AS team_total_spend,
       p.spend / NULLIF(SUM(p.spend) OVER (PARTITION BY p.team_id), 0) AS share_of_team,
       tm.spend AS budget_window_spend
FROM pairs AS p
LEFT JOIN "LiteLLM_UserTable" AS u ON u.user_id = p.user_id
LEFT JOIN "LiteLLM_TeamTable" AS t ON t.team_id = p.team_id
LEFT JOIN "LiteLLM_TeamMembership" AS tm ON tm.user_id = p.user_id AND tm.team_id = p.team_id
ORDER BY user_total_spend DESC, p.user_id, p.spend DESC, p.team_id;
