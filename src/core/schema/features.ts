/** A requirement: a table, optionally with columns that must exist on it. */
export interface Requirement {
  table: string;
  columns?: string[];
}

export interface Feature {
  id: string;
  title: string;
  requires: Requirement[];
}

const DAILY = [
  'date',
  'api_key',
  'model',
  'model_group',
  'custom_llm_provider',
  'spend',
  'prompt_tokens',
  'completion_tokens',
  'api_requests',
];

/** What each LiteLLM Lens feature reads. Used for the capability report and for clear "missing" errors. */
export const FEATURES: readonly Feature[] = [
  {
    id: 'spend.user',
    title: 'Daily spend per user (total spend)',
    requires: [{ table: 'LiteLLM_DailyUserSpend', columns: ['user_id', ...DAILY] }],
  },
  { id: 'spend.team', title: 'Daily spend per team', requires: [{ table: 'LiteLLM_DailyTeamSpend', columns: ['team_id', ...DAILY] }] },
  { id: 'spend.tag', title: 'Daily spend per tag', requires: [{ table: 'LiteLLM_DailyTagSpend', columns: ['tag', ...DAILY] }] },
  {
    id: 'spend.org',
    title: 'Daily spend per organization',
    requires: [{ table: 'LiteLLM_DailyOrganizationSpend', columns: ['organization_id', ...DAILY] }],
  },
  {
    id: 'spend.enduser',
    title: 'Daily spend per end user (customer)',
    requires: [{ table: 'LiteLLM_DailyEndUserSpend', columns: ['end_user_id', ...DAILY] }],
  },
  {
    id: 'spend.logs',
    title: 'Per-request spend logs',
    requires: [
      {
        table: 'LiteLLM_SpendLogs',
        columns: ['request_id', 'api_key', 'spend', 'startTime', 'model', 'user', 'team_id', 'end_user', 'request_tags'],
      },
    ],
  },
  { id: 'spend.logs.org', title: 'Organization of each request', requires: [{ table: 'LiteLLM_SpendLogs', columns: ['organization_id'] }] },
  {
    id: 'spend.daily.endpoint',
    title: 'Endpoint and MCP tool in daily rows',
    requires: [{ table: 'LiteLLM_DailyUserSpend', columns: ['endpoint', 'mcp_namespaced_tool_name'] }],
  },
  {
    id: 'keys',
    title: 'API keys with owners',
    requires: [{ table: 'LiteLLM_VerificationToken', columns: ['token', 'key_alias', 'user_id', 'team_id', 'spend'] }],
  },
  {
    id: 'keys.deleted',
    title: 'Names of deleted keys',
    requires: [{ table: 'LiteLLM_DeletedVerificationToken', columns: ['token', 'key_alias', 'deleted_at'] }],
  },
  { id: 'keys.org', title: 'Organization of each key', requires: [{ table: 'LiteLLM_VerificationToken', columns: ['organization_id'] }] },
  {
    id: 'teams',
    title: 'Teams and membership',
    requires: [{ table: 'LiteLLM_TeamTable', columns: ['team_id', 'team_alias', 'organization_id', 'members_with_roles'] }],
  },
  {
    id: 'teams.membership',
    title: 'Team member budgets and spend',
    requires: [{ table: 'LiteLLM_TeamMembership', columns: ['user_id', 'team_id', 'spend', 'budget_id'] }],
  },
  {
    id: 'orgs',
    title: 'Organizations',
    requires: [{ table: 'LiteLLM_OrganizationTable', columns: ['organization_id', 'organization_alias', 'budget_id'] }],
  },
  { id: 'users', title: 'Users', requires: [{ table: 'LiteLLM_UserTable', columns: ['user_id', 'user_alias', 'user_email', 'teams'] }] },
  {
    id: 'budgets',
    title: 'Budgets',
    requires: [{ table: 'LiteLLM_BudgetTable', columns: ['budget_id', 'max_budget', 'soft_budget', 'budget_duration', 'budget_reset_at'] }],
  },
  {
    id: 'endusers',
    title: 'End users (customers)',
    requires: [{ table: 'LiteLLM_EndUserTable', columns: ['user_id', 'spend', 'budget_id'] }],
  },
  { id: 'tags', title: 'Tag registry and budgets', requires: [{ table: 'LiteLLM_TagTable', columns: ['tag_name', 'spend', 'budget_id'] }] },
];
