import type { LensDatabase } from '../db/database';
import type { Capabilities } from '../schema/capabilities';
import type { Entities } from './entities';
import { addDays, formatDay } from './period';
import { ident, rows } from './sql';
import type { BudgetEntity } from './types';

/** Spend of the 7 finished UTC days before the clock, per budget entity; null where its daily table is missing. */
export type TrailingSpend = (entity: BudgetEntity, id: string) => number | null;

/** Each entity's daily table and entity column; keys and members are read through the user and team tables' api_key. */
const SOURCES = [
  { table: 'LiteLLM_DailyUserSpend', column: 'user_id', entity: 'user' },
  { table: 'LiteLLM_DailyTeamSpend', column: 'team_id', entity: 'team' },
  { table: 'LiteLLM_DailyOrganizationSpend', column: 'organization_id', entity: 'organization' },
  { table: 'LiteLLM_DailyEndUserSpend', column: 'end_user_id', entity: 'end-user' },
  { table: 'LiteLLM_DailyTagSpend', column: 'tag', entity: 'tag' },
] as const;

/**
 * The trailing 7 finished UTC days' spend of every key, user, team, team member, organisation, end user and tag, in
 * one statement over the days' rows (date index). A key's spend is its rows in LiteLLM_DailyUserSpend (rows under a
 * regenerated key's old hash count for the current key); a team member's is the team's rows in
 * LiteLLM_DailyTeamSpend made with the keys the user owns — LiteLLM adds a request's cost to the membership of the
 * key's user in the key's team (db_spend_update_writer.py, team member spend), and no daily table is keyed by member.
 */
export async function loadTrailingSpend(db: LensDatabase, caps: Capabilities, e: Entities, nowMs: number, signal?: AbortSignal): Promise<TrailingSpend> {
  const today = formatDay(nowMs);
  const present = SOURCES.filter((s) => caps.hasColumn(s.table, s.column) && caps.hasColumn(s.table, 'date') && caps.hasColumn(s.table, 'spend'));
  const sums = new Map<string, number>();
  const add = (entity: BudgetEntity, id: string, spend: number) => sums.set(`${entity}|${id}`, (sums.get(`${entity}|${id}`) ?? 0) + spend);
  const withKey = (table: string) => ['LiteLLM_DailyUserSpend', 'LiteLLM_DailyTeamSpend'].includes(table) && caps.hasColumn(table, 'api_key');
  if (present.length > 0) {
    const sql = present.map((s) => `SELECT '${s.entity}' AS entity, COALESCE(d.${ident(s.column)}, '') AS id, ${withKey(s.table) ? 'd.api_key' : 'NULL::text'} AS api_key, sum(d.spend)::float8 AS spend
FROM ${ident(s.table)} d WHERE d.date >= $1 AND d.date <= $2 GROUP BY 2, 3`).join('\nUNION ALL\n');
    for (const r of await rows(db, sql, [addDays(today, -7), addDays(today, -1)], signal)) {
      const entity = r.entity as BudgetEntity;
      const id = String(r.id);
      const spend = Number(r.spend ?? 0);
      add(entity, id, spend);
      if (r.api_key === null) continue;
      const token = e.rotated.get(String(r.api_key)) ?? String(r.api_key);
      if (entity === 'user') add('key', token, spend);
      const owner = e.keys.get(token)?.userId;
      if (entity === 'team' && owner) add('team-member', `${owner}::${id}`, spend);
    }
  }
  const known = new Set<BudgetEntity>(present.map((s) => s.entity));
  if (present.some((s) => withKey(s.table) && s.entity === 'user')) known.add('key');
  if (present.some((s) => withKey(s.table) && s.entity === 'team')) known.add('team-member');
  return (entity, id) => (known.has(entity) ? sums.get(`${entity}|${id}`) ?? 0 : null);
}
