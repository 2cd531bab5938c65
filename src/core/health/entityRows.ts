import type { Capabilities } from '../schema/capabilities';
import { lit } from './sqlText';

/** The entity kinds the reconciliation and the budgets name (ReconciliationLine scope / BudgetLine entity). */
export type EntityKind = 'key' | 'user' | 'team' | 'team-member' | 'organization' | 'end-user' | 'tag';

interface EntityTable {
  table: string;
  id: string;
  /** The daily table holding the entity's history, and its entity column. */
  daily: { table: string; column: string } | null;
}

export const ENTITY_TABLES: Record<EntityKind, EntityTable> = {
  key: { table: 'LiteLLM_VerificationToken', id: 'token', daily: { table: 'LiteLLM_DailyUserSpend', column: 'api_key' } },
  user: { table: 'LiteLLM_UserTable', id: 'user_id', daily: { table: 'LiteLLM_DailyUserSpend', column: 'user_id' } },
  team: { table: 'LiteLLM_TeamTable', id: 'team_id', daily: { table: 'LiteLLM_DailyTeamSpend', column: 'team_id' } },
  'team-member': { table: 'LiteLLM_TeamMembership', id: 'user_id', daily: null },
  organization: {
    table: 'LiteLLM_OrganizationTable',
    id: 'organization_id',
    daily: { table: 'LiteLLM_DailyOrganizationSpend', column: 'organization_id' },
  },
  'end-user': { table: 'LiteLLM_EndUserTable', id: 'user_id', daily: { table: 'LiteLLM_DailyEndUserSpend', column: 'end_user_id' } },
  tag: { table: 'LiteLLM_TagTable', id: 'tag_name', daily: { table: 'LiteLLM_DailyTagSpend', column: 'tag' } },
};

/** `WHERE` for one entity; team members are `<user_id>::<team_id>` (BudgetLine ids). */
function whereOne(kind: EntityKind, id: string): string {
  if (kind !== 'team-member') return `t.${ENTITY_TABLES[kind].id} = ${lit(id)}`;
  const at = id.indexOf('::');
  return `t.user_id = ${lit(id.slice(0, at))} AND t.team_id = ${lit(id.slice(at + 2))}`;
}

/** The linked LiteLLM_BudgetTable row's limits, where the entity table has `budget_id`. */
function budgetJoin(caps: Capabilities, table: string): { columns: string; join: string } {
  if (!caps.hasColumn(table, 'budget_id') || !caps.hasTable('LiteLLM_BudgetTable')) return { columns: '', join: '' };
  return {
    columns:
      ', b.max_budget AS linked_max_budget, b.budget_duration AS linked_budget_duration, b.budget_reset_at AS linked_budget_reset_at',
    join: ' LEFT JOIN "LiteLLM_BudgetTable" b ON b.budget_id = t.budget_id',
  };
}

/**
 * One entity's row: its running counter first, its all-time daily history where it has one (the sum the
 * reconciliation compares with), its linked budget, then every column of the row.
 */
export function entityRowSql(caps: Capabilities, kind: EntityKind, id: string): string {
  const { table, daily } = ENTITY_TABLES[kind];
  const history =
    daily && caps.hasTable(daily.table)
      ? `, (SELECT COALESCE(sum(d.spend), 0) FROM "${daily.table}" d WHERE d.${daily.column} = t.${ENTITY_TABLES[kind].id}) AS daily_history_spend`
      : '';
  const b = budgetJoin(caps, table);
  return `SELECT t.spend AS counter_spend${history}${b.columns}, t.*
FROM "${table}" t${b.join}
WHERE ${whereOne(kind, id)}`;
}
