import type { LogicalRelation } from './model';

const v = (fromTable: string, fromColumn: string, toTable: string, toColumn: string, note?: string): LogicalRelation => ({
  fromTable,
  fromColumn,
  toTable,
  toColumn,
  via: 'value',
  label: `${fromColumn} = ${toColumn}`,
  joinSql: `a."${fromColumn}" = b."${toColumn}"`,
  ...(note ? { note } : {}),
});

const DAILY_ENTITY: [string, string, string, string][] = [
  ['LiteLLM_DailyUserSpend', 'user_id', 'LiteLLM_UserTable', 'user_id'],
  ['LiteLLM_DailyTeamSpend', 'team_id', 'LiteLLM_TeamTable', 'team_id'],
  ['LiteLLM_DailyOrganizationSpend', 'organization_id', 'LiteLLM_OrganizationTable', 'organization_id'],
  ['LiteLLM_DailyEndUserSpend', 'end_user_id', 'LiteLLM_EndUserTable', 'user_id'],
  ['LiteLLM_DailyAgentSpend', 'agent_id', 'LiteLLM_AgentsTable', 'agent_id'],
  ['LiteLLM_DailyTagSpend', 'tag', 'LiteLLM_TagTable', 'tag_name'],
];

/**
 * The joins LiteLLM's code and UI rely on that are not declared foreign keys (docs/reference/litellm-schema.md §5.2).
 * `joinSql` uses alias `a` for the from-table and `b` for the to-table.
 */
export const LOGICAL_RELATIONS: readonly LogicalRelation[] = [
  v('LiteLLM_VerificationToken', 'user_id', 'LiteLLM_UserTable', 'user_id', 'key owner; NULL for team/service keys'),
  v('LiteLLM_VerificationToken', 'team_id', 'LiteLLM_TeamTable', 'team_id', 'NULL for teamless keys'),
  v('LiteLLM_VerificationToken', 'agent_id', 'LiteLLM_AgentsTable', 'agent_id'),
  v('LiteLLM_TeamMembership', 'user_id', 'LiteLLM_UserTable', 'user_id', 'rows exist only for members with a budget'),
  v('LiteLLM_TeamMembership', 'team_id', 'LiteLLM_TeamTable', 'team_id'),
  {
    fromTable: 'LiteLLM_TeamTable',
    fromColumn: 'members_with_roles',
    toTable: 'LiteLLM_UserTable',
    toColumn: 'user_id',
    via: 'json',
    label: 'members_with_roles[*].user_id',
    note: 'JSON array; legacy teams may hold {}',
    joinSql: `jsonb_typeof(a.members_with_roles) = 'array' AND b.user_id IN (SELECT m->>'user_id' FROM jsonb_array_elements(a.members_with_roles) m)`,
  },
  {
    fromTable: 'LiteLLM_UserTable',
    fromColumn: 'teams',
    toTable: 'LiteLLM_TeamTable',
    toColumn: 'team_id',
    via: 'array',
    label: 'teams[] ∋ team_id',
    note: 'text[] mirror of members_with_roles',
    joinSql: 'b.team_id = ANY(a.teams)',
  },
  v('LiteLLM_UserTable', 'team_id', 'LiteLLM_TeamTable', 'team_id', 'legacy single team'),
  v('LiteLLM_SpendLogs', 'api_key', 'LiteLLM_VerificationToken', 'token', "SHA-256 of the key; '' or litellm_proxy_master_key possible"),
  v('LiteLLM_SpendLogs', 'api_key', 'LiteLLM_DeletedVerificationToken', 'token', 'for deleted keys'),
  v('LiteLLM_SpendLogs', 'user', 'LiteLLM_UserTable', 'user_id', "key owner at request time; '' if none"),
  v('LiteLLM_SpendLogs', 'team_id', 'LiteLLM_TeamTable', 'team_id', "team at request time; '' if none"),
  v('LiteLLM_SpendLogs', 'organization_id', 'LiteLLM_OrganizationTable', 'organization_id', "key's org at request time; '' if none"),
  v('LiteLLM_SpendLogs', 'end_user', 'LiteLLM_EndUserTable', 'user_id', "customer id; '' if none"),
  v('LiteLLM_SpendLogs', 'model_id', 'LiteLLM_ProxyModelTable', 'model_id', 'DB models only; config deployments have hash ids'),
  {
    fromTable: 'LiteLLM_SpendLogs',
    fromColumn: 'request_tags',
    toTable: 'LiteLLM_TagTable',
    toColumn: 'tag_name',
    via: 'json',
    label: 'request_tags[*] = tag_name',
    note: 'jsonb array of strings',
    joinSql: `a.request_tags ? b.tag_name`,
  },
  ...DAILY_ENTITY.flatMap(([table, col, toTable, toCol]) => [
    v(table, 'api_key', 'LiteLLM_VerificationToken', 'token', 'deleted keys: LiteLLM_DeletedVerificationToken'),
    v(table, col, toTable, toCol, "may be ''"),
  ]),
  v('LiteLLM_SpendLogToolIndex', 'request_id', 'LiteLLM_SpendLogs', 'request_id'),
  v('LiteLLM_SpendLogGuardrailIndex', 'request_id', 'LiteLLM_SpendLogs', 'request_id'),
  v('LiteLLM_DeletedVerificationToken', 'user_id', 'LiteLLM_UserTable', 'user_id', 'copy of the key row at deletion'),
  v('LiteLLM_DeletedTeamTable', 'organization_id', 'LiteLLM_OrganizationTable', 'organization_id', 'copy of the team row at deletion'),
];
