import type { SchemaVersion } from './versions';

// The runtime views of LiteLLM's `create_views.py` (docs/reference/litellm-schema.md §7.2). Their quirks are kept on purpose:
// CURRENT_DATE follows the session time zone, and `end_user <> user` compares with the SQL keyword USER.

const LAST_30_DAYS = `"startTime" >= (CURRENT_DATE - INTERVAL '30 days')`;

const TOKEN_VIEW_WITH_PROJECT = `CREATE VIEW "LiteLLM_VerificationTokenView" AS
SELECT
  v.*,
  t.spend AS team_spend,
  t.max_budget AS team_max_budget,
  t.tpm_limit AS team_tpm_limit,
  t.rpm_limit AS team_rpm_limit,
  p.project_alias AS project_alias
FROM "LiteLLM_VerificationToken" v
LEFT JOIN "LiteLLM_TeamTable" t ON v.team_id = t.team_id
LEFT JOIN "LiteLLM_ProjectTable" p ON v.project_id = p.project_id`;

/** The fallback form LiteLLM creates when only this view is missing, and the one early databases have. */
const TOKEN_VIEW_OLDER = `CREATE VIEW "LiteLLM_VerificationTokenView" AS
SELECT
  v.*,
  t.spend AS team_spend,
  t.max_budget AS team_max_budget,
  t.tpm_limit AS team_tpm_limit,
  t.rpm_limit AS team_rpm_limit
FROM "LiteLLM_VerificationToken" v
LEFT JOIN "LiteLLM_TeamTable" t ON v.team_id = t.team_id`;

const SPEND_VIEWS = [
  `CREATE VIEW "MonthlyGlobalSpend" AS
SELECT DATE("startTime") AS date, SUM("spend") AS spend
FROM "LiteLLM_SpendLogs"
WHERE ${LAST_30_DAYS}
GROUP BY DATE("startTime")`,
  `CREATE VIEW "Last30dKeysBySpend" AS
SELECT L."api_key", V."key_alias", V."key_name", SUM(L."spend") AS total_spend
FROM "LiteLLM_SpendLogs" L
LEFT JOIN "LiteLLM_VerificationToken" V ON L."api_key" = V."token"
WHERE L.${LAST_30_DAYS}
GROUP BY L."api_key", V."key_alias", V."key_name"
ORDER BY total_spend DESC`,
  `CREATE VIEW "Last30dModelsBySpend" AS
SELECT "model", SUM("spend") AS total_spend
FROM "LiteLLM_SpendLogs"
WHERE ${LAST_30_DAYS} AND "model" != ''
GROUP BY "model"
ORDER BY total_spend DESC`,
  `CREATE VIEW "MonthlyGlobalSpendPerKey" AS
SELECT DATE("startTime") AS date, SUM("spend") AS spend, api_key AS api_key
FROM "LiteLLM_SpendLogs"
WHERE ${LAST_30_DAYS}
GROUP BY DATE("startTime"), api_key`,
  `CREATE VIEW "MonthlyGlobalSpendPerUserPerKey" AS
SELECT DATE("startTime") AS date, SUM("spend") AS spend, api_key AS api_key, "user" AS "user"
FROM "LiteLLM_SpendLogs"
WHERE ${LAST_30_DAYS}
GROUP BY DATE("startTime"), "user", api_key`,
  `CREATE VIEW "DailyTagSpend" AS
SELECT jsonb_array_elements_text(request_tags) AS individual_request_tag,
  DATE(s."startTime") AS spend_date,
  COUNT(*) AS log_count,
  SUM(spend) AS total_spend
FROM "LiteLLM_SpendLogs" s
GROUP BY individual_request_tag, DATE(s."startTime")`,
  `CREATE VIEW "Last30dTopEndUsersSpend" AS
SELECT end_user, COUNT(*) AS total_events, SUM(spend) AS total_spend
FROM "LiteLLM_SpendLogs"
WHERE end_user <> '' AND end_user <> user
  AND ${LAST_30_DAYS}
GROUP BY end_user
ORDER BY total_spend DESC
LIMIT 100`,
];

/** CREATE VIEW statements for a schema level: all 8 from 1.83 on, only the older token view before. */
export function buildViews(version: SchemaVersion): string[] {
  if (version === 'early-2025') return [TOKEN_VIEW_OLDER];
  return [TOKEN_VIEW_WITH_PROJECT, ...SPEND_VIEWS];
}
