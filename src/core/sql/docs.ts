/**
 * One line on what a LiteLLM table or column means and how LiteLLM writes it (docs/reference/litellm-schema.md §0,
 * §5.2, §8; LiteLLM `litellm/proxy/db/db_spend_update_writer.py` for the daily tables and running counters,
 * `litellm/proxy/spend_tracking/spend_tracking_utils.py` for SpendLogs rows).
 */
const TABLE_DOCS: Record<string, string> = {
  LiteLLM_SpendLogs:
    'One row per request (success or failure); the source of truth for per-request spend. May be purged after a retention period.',
  LiteLLM_VerificationToken: 'Virtual keys. `token` is the SHA-256 hex of the raw sk-… key; `spend` is a running counter reset by budgets.',
  LiteLLM_UserTable: 'Internal users. `spend` is a running counter (reset by budget_duration), not period spend.',
  LiteLLM_TeamTable: 'Teams. Members are in `members_with_roles` (JSON array); `spend` is a running counter.',
  LiteLLM_OrganizationTable: 'Organizations; `spend` is a running counter.',
  LiteLLM_TeamMembership:
    'Per-member budget rows (up to 029f645f only members with a budget). Joining spend to it multiplies spend by members.',
  LiteLLM_OrganizationMembership: 'User ↔ organization membership with role. Joining spend to it multiplies spend by members.',
  LiteLLM_EndUserTable: 'End users (customers) passed as `user` in requests.',
  LiteLLM_TagTable: 'Tags with budgets; request tags are in SpendLogs.request_tags.',
  LiteLLM_BudgetTable: 'Reusable budgets referenced by keys, members, end users and orgs.',
  LiteLLM_DailyUserSpend:
    "Per-day aggregate by key owner (user_id, '' for keys without a user). Every request has exactly one row here: sums give global spend.",
  LiteLLM_DailyTeamSpend: "Per-day aggregate by team ('' for teamless keys). The same money as DailyUserSpend, sliced by team.",
  LiteLLM_DailyOrganizationSpend: "Per-day aggregate by the key's organization (only when the key has one). Same money as DailyUserSpend.",
  LiteLLM_DailyEndUserSpend: 'Per-day aggregate by end user (only when set). Same money as DailyUserSpend.',
  LiteLLM_DailyAgentSpend: 'Per-day aggregate by agent (only when set). Same money as DailyUserSpend.',
  LiteLLM_DailyTagSpend: 'Per-day aggregate by tag: a request with N tags adds its full spend to N rows, so tag totals overlap.',
  LiteLLM_DeletedVerificationToken: 'Copy of a key row at deletion (audit); SpendLogs.api_key of deleted keys joins here.',
  LiteLLM_DeletedTeamTable: 'Copy of a team row at deletion (audit).',
  LiteLLM_ProxyModelTable: 'Models added through the UI/API (config-file deployments are not here).',
  LiteLLM_AuditLog: 'Changes made through the management API (when audit logs are enabled).',
  LiteLLM_ErrorLogs: 'Failed LLM calls with the exception (when error logs are stored).',
};

const DAILY = /^LiteLLM_Daily\w+Spend$/;

const DAILY_COLUMNS: Record<string, string> = {
  date: "UTC day as text 'YYYY-MM-DD' (startTime's UTC date); compare it with text, not a date or timestamp.",
  spend: 'USD: sum of response_cost for the day and key; failed requests add 0.',
  api_key: 'SHA-256 hex of the virtual key (= LiteLLM_VerificationToken.token).',
  api_requests: '+1 per request.',
  successful_requests: '+1 per request whose status is success.',
  failed_requests: '+1 per request that failed.',
  prompt_tokens: 'Sum of prompt tokens from the SpendLogs payload.',
  completion_tokens: 'Sum of completion tokens from the SpendLogs payload.',
  cache_read_input_tokens: 'From metadata.usage_object; 0 if absent.',
  cache_creation_input_tokens: 'From metadata.usage_object; 0 if absent.',
  mcp_namespaced_tool_name: "Written as '' (not NULL) when absent; part of the unique key.",
  endpoint: "Route of the call type (e.g. /chat/completions); '' when unknown; part of the unique key.",
  model_group: 'Set when the row is created and not part of the key: the first value seen wins.',
  user_id: "Key owner at request time; '' for keys without a user.",
  team_id: "Team at request time; '' for teamless keys.",
  tag: 'One tag of request_tags; a request with N tags is counted in N rows.',
};

const COLUMN_DOCS: Record<string, string> = {
  'LiteLLM_SpendLogs.spend': 'USD response_cost of the request; failed requests 0.',
  'LiteLLM_SpendLogs.startTime': 'Request start, UTC timestamp(3) (mixed case: write "startTime").',
  'LiteLLM_SpendLogs.endTime': 'Request end, UTC timestamp(3) (mixed case: write "endTime").',
  'LiteLLM_SpendLogs.completionStartTime': 'First token time, UTC (mixed case: write "completionStartTime").',
  'LiteLLM_SpendLogs.api_key': "SHA-256 hex of the virtual key (= VerificationToken.token); '' or litellm_proxy_master_key possible.",
  'LiteLLM_SpendLogs.user': 'Key owner at request time; \'\' if none. Reserved word: write "user".',
  'LiteLLM_SpendLogs.team_id': "Team of the key at request time; NULL or '' if none.",
  'LiteLLM_SpendLogs.organization_id': "Key's organization at request time; '' if none.",
  'LiteLLM_SpendLogs.end_user': "Customer id passed as `user` in the request; '' if none.",
  'LiteLLM_SpendLogs.request_tags': 'jsonb array of tag strings.',
  'LiteLLM_SpendLogs.status': "'success' or 'failure'.",
  'LiteLLM_SpendLogs.metadata': 'jsonb: key/team aliases at request time, usage_object, cost breakdown, …',
  'LiteLLM_VerificationToken.token': 'SHA-256 hex of the raw sk-… key (never the key itself).',
  'LiteLLM_TeamTable.members_with_roles':
    'JSON array of {user_id, user_email, role}; legacy teams may hold {}. Joining through it multiplies spend by members.',
  'LiteLLM_UserTable.teams': 'text[] mirror of the teams in members_with_roles.',
  'LiteLLM_TeamMembership.spend': "The member's running budget-window counter (reset with the budget), not period spend.",
};

const RUNNING_COUNTER = 'Running counter in USD, reset to 0 when the budget window resets: not spend over a period.';

export function tableDoc(table: string): string | undefined {
  return TABLE_DOCS[table];
}

export function columnDoc(table: string, column: string): string | undefined {
  const exact = COLUMN_DOCS[`${table}.${column}`];
  if (exact) return exact;
  if (DAILY.test(table)) return DAILY_COLUMNS[column];
  if (column === 'spend') return RUNNING_COUNTER;
  return undefined;
}

/** The spend tables whose rows carry money: joining them to memberships fans out, two of them double count. */
export function isSpendTable(table: string): boolean {
  return table === 'LiteLLM_SpendLogs' || DAILY.test(table);
}

export function isDailySpendTable(table: string): boolean {
  return DAILY.test(table);
}

export const MEMBERSHIP_TABLES: ReadonlySet<string> = new Set(['LiteLLM_TeamMembership', 'LiteLLM_OrganizationMembership']);
