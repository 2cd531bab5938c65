/**
 * The LiteLLM schema levels the demo database can reproduce (docs/reference/litellm-schema.md §0.1):
 * - `early-2025`: the 23 tables of an early-2025 database, before per-request org, MCP/endpoint daily keys,
 *   object permissions, projects, agents, tags and the deletion audit tables;
 * - `1.83`: LiteLLM 1.83.2 / litellm-proxy-extras 0.4.64 migrations (57 tables);
 * - `029f645f`: `schema.prisma` at commit 029f645f (64 tables).
 */
export type SchemaVersion = 'early-2025' | '1.83' | '029f645f';

/** Oldest first. */
export const SCHEMA_VERSIONS: readonly SchemaVersion[] = ['early-2025', '1.83', '029f645f'];

export function isSchemaVersion(value: string): value is SchemaVersion {
  return (SCHEMA_VERSIONS as readonly string[]).includes(value);
}

/** docs/reference/litellm-schema.md §0.1: the tables of the early-2025 database. */
export const EARLY_2025_TABLES: ReadonlySet<string> = new Set([
  'LiteLLM_UserTable',
  'LiteLLM_EndUserTable',
  'LiteLLM_InvitationLink',
  'LiteLLM_UserNotifications',
  'LiteLLM_VerificationToken',
  'LiteLLM_TeamTable',
  'LiteLLM_TeamMembership',
  'LiteLLM_OrganizationTable',
  'LiteLLM_OrganizationMembership',
  'LiteLLM_DailyUserSpend',
  'LiteLLM_DailyTeamSpend',
  'LiteLLM_DailyTagSpend',
  'LiteLLM_SpendLogs',
  'LiteLLM_BudgetTable',
  'LiteLLM_ModelTable',
  'LiteLLM_ProxyModelTable',
  'LiteLLM_Config',
  'LiteLLM_CredentialsTable',
  'LiteLLM_ManagedFileTable',
  'LiteLLM_ManagedVectorStoresTable',
  'LiteLLM_AuditLog',
  'LiteLLM_ErrorLogs',
  'LiteLLM_CronJob',
]);

const DAILY_LATE_COLUMNS = ['mcp_namespaced_tool_name', 'endpoint'];

/**
 * Columns the early-2025 database lacks although its tables exist: the ones docs/reference/litellm-schema.md §0.1 names
 * (`SpendLogs.organization_id`, the daily `mcp_namespaced_tool_name`/`endpoint`) and the ones that point at
 * tables that level does not have (object permissions, projects, agents, access groups, policies, MCP).
 */
export const EARLY_2025_DROPPED_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  LiteLLM_SpendLogs: ['organization_id', 'agent_id', 'mcp_namespaced_tool_name'],
  LiteLLM_VerificationToken: ['object_permission_id', 'project_id', 'agent_id', 'access_group_ids', 'policies'],
  LiteLLM_TeamTable: ['object_permission_id', 'access_group_ids', 'policies'],
  LiteLLM_UserTable: ['object_permission_id', 'policies'],
  LiteLLM_OrganizationTable: ['object_permission_id'],
  LiteLLM_EndUserTable: ['object_permission_id'],
  LiteLLM_DailyUserSpend: DAILY_LATE_COLUMNS,
  LiteLLM_DailyTeamSpend: DAILY_LATE_COLUMNS,
  LiteLLM_DailyTagSpend: DAILY_LATE_COLUMNS,
};

/** The expression index that only the migrations create (docs/reference/litellm-schema.md §1.2); present from 1.83 on. */
export const USER_EMAIL_LOWER_INDEX = 'LiteLLM_UserTable_user_email_lower_idx';

/** What a schema level can record; the generator writes only what the level has. */
export interface VersionFeatures {
  /** Daily tables keyed by `mcp_namespaced_tool_name` and `endpoint` as well. */
  dailyToolAndEndpoint: boolean;
  /** MCP tool calls carry `mcp_namespaced_tool_name` (SpendLogs column, MCP server table). */
  mcpTools: boolean;
  /** Agents table, `agent_id` on keys and SpendLogs, DailyAgentSpend. */
  agents: boolean;
  /** Projects exist (metadata carries project keys). */
  projects: boolean;
  /** Requests without model or MCP tool still get daily rows (`model=''`), as in 1.83. */
  dailyRowsWithoutModel: boolean;
  /** Auth and budget rejections are logged as SpendLogs failures without a model (1.83). */
  failuresBeforeRouting: boolean;
  /** Some SpendLogs rows predate the `status` column and hold NULL there. */
  nullStatusRows: boolean;
  /** Failed calls are also written to LiteLLM_ErrorLogs (not by 1.83: issue 14 fact 7). */
  errorLogs: boolean;
}

export function versionFeatures(version: SchemaVersion): VersionFeatures {
  const modern = version !== 'early-2025';
  return {
    dailyToolAndEndpoint: modern,
    mcpTools: modern,
    agents: modern,
    projects: modern,
    dailyRowsWithoutModel: modern,
    failuresBeforeRouting: modern,
    nullStatusRows: modern,
    errorLogs: !modern,
  };
}
