import catalog from '../demo/schema/litellm-029f645f.json';
import type { TableGroup } from './model';

/** Every table of the newest known schema (docs/reference/litellm-schema.md §6), by name, with its columns. */
export const KNOWN_TABLES: ReadonlyMap<string, readonly string[]> = new Map(
  catalog.tables.map((t) => [t.name, t.columns.map((c) => c.name)]),
);

/** LiteLLM's runtime views (docs/reference/litellm-schema.md §7.2). */
export const KNOWN_VIEWS = [
  'LiteLLM_VerificationTokenView',
  'MonthlyGlobalSpend',
  'Last30dKeysBySpend',
  'Last30dModelsBySpend',
  'MonthlyGlobalSpendPerKey',
  'MonthlyGlobalSpendPerUserPerKey',
  'DailyTagSpend',
  'Last30dTopEndUsersSpend',
] as const;

/** Tables that exist only after 1.83.2 (docs/reference/litellm-schema.md §3.2) and upstream additions seen later (§3.3). */
const TABLES_SINCE_029F645F = catalog.tables.filter((t) => (t as { since?: string }).since === '029f645f').map((t) => t.name);
export const TABLES_AFTER_029F645F = [
  'LiteLLM_DailyToolSpend',
  'LiteLLM_MCPServerOAuthClient',
  'LiteLLM_MCPUserEnvVars',
  'LiteLLM_DailyProjectSpend',
];
export { TABLES_SINCE_029F645F };

const GROUP_RULES: [RegExp, TableGroup][] = [
  [/^LiteLLM_(Deleted\w+|AuditLog|ErrorLogs)$/, 'audit'],
  [/^(LiteLLM_(SpendLogs|SpendLog\w*Index|Daily\w+)|MonthlyGlobalSpend\w*|Last30d\w+|DailyTagSpend)$/, 'spend'],
  [
    /^LiteLLM_(TeamTable|TeamMembership|OrganizationTable|OrganizationMembership|ProjectTable|BudgetTable|TagTable|AccessGroupTable)$/,
    'teams & orgs',
  ],
  [
    /^LiteLLM_(UserTable|EndUserTable|InvitationLink|UserNotifications|VerificationToken|VerificationTokenView|DeprecatedVerificationToken|JWTKeyMapping|ObjectPermissionTable|MCPUserCredentials|MemoryTable)$/,
    'users',
  ],
  [
    /^LiteLLM_(ProxyModelTable|ModelTable|Config|ConfigOverrides|CredentialsTable|CacheConfig|UISettings|SSOConfig|HealthCheckTable|CronJob|PromptTable|GuardrailsTable|PolicyTable|PolicyAttachmentTable|SearchToolsTable|SkillsTable|ClaudeCodePluginTable|AdaptiveRouter\w+|MCP\w+|AgentsTable|ToolTable|Managed\w+|Workflow\w+)$/,
    'config',
  ],
];

/** The schema-tree / diagram group of a table (unknown tables go to "other"). */
export function groupOf(table: string): TableGroup {
  for (const [re, group] of GROUP_RULES) if (re.test(table)) return group;
  return 'other';
}
