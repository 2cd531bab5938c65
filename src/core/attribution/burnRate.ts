import type { LensDatabase } from '../db/database';
import type { Capabilities } from '../schema/capabilities';
import type { Entities } from './entities';
import { addDays, formatDay, makePeriod } from './period';
import { hasSpendLogs, probeCoverage } from './spendLogs';
import { ident, rows } from './sql';
import type { BudgetEntity } from './types';

/** Spend of the 7 finished UTC days before the clock, per budget entity; null where its daily table is missing. */
export type TrailingSpend = (entity: BudgetEntity, id: string) => number | null;

/** Each entity's daily table and entity column; keys are read through the user table's api_key. */
const SOURCES = [
  { table: 'LiteLLM_DailyUserSpend', column: 'user_id', entity: 'user' },
  { table: 'LiteLLM_DailyTeamSpend', column: 'team_id', entity: 'team' },
  { table: 'LiteLLM_DailyOrganizationSpend', column: 'organization_id', entity: 'organization' },
  { table: 'LiteLLM_DailyEndUserSpend', column: 'end_user_id', entity: 'end-user' },
  { table: 'LiteLLM_DailyTagSpend', column: 'tag', entity: 'tag' },
] as const;

/**
 * The trailing 7 finished UTC days' spend of every key, user, team, team member, organisation, end user and tag, in
 * one statement over the days' rows (date and startTime indexes). A key's spend is its rows in
 * LiteLLM_DailyUserSpend (rows under a regenerated key's old hash count for the current key). No daily table is
 * keyed by team member, so a member's comes from SpendLogs grouped by ("user", team_id) — the key owner and team at
 * request time (docs/reference/litellm-schema.md §10) — and only when SpendLogs cover all 7 days (retention).
 */
export async function loadTrailingSpend(
  db: LensDatabase,
  caps: Capabilities,
  e: Entities,
  nowMs: number,
  signal?: AbortSignal,
): Promise<TrailingSpend> {
  const today = formatDay(nowMs);
  const present = SOURCES.filter(
    (s) => caps.hasColumn(s.table, s.column) && caps.hasColumn(s.table, 'date') && caps.hasColumn(s.table, 'spend'),
  );
  const sums = new Map<string, number>();
  const add = (entity: BudgetEntity, id: string, spend: number) => sums.set(`${entity}|${id}`, (sums.get(`${entity}|${id}`) ?? 0) + spend);
  const keyed = present.some((s) => s.entity === 'user') && caps.hasColumn('LiteLLM_DailyUserSpend', 'api_key');
  const week = makePeriod(addDays(today, -7), addDays(today, -1));
  const members =
    e.memberships.some((m) => m.budgetId !== null) && hasSpendLogs(caps) && (await probeCoverage(db, caps, week, signal)).complete;
  const parts = present.map(
    (
      s,
    ) => `SELECT '${s.entity}' AS entity, COALESCE(d.${ident(s.column)}, '') AS id, ${s.entity === 'user' && keyed ? 'd.api_key' : 'NULL::text'} AS api_key, sum(d.spend)::float8 AS spend
FROM ${ident(s.table)} d WHERE d.date >= $1 AND d.date <= $2 GROUP BY 2, 3`,
  );
  if (members) {
    parts.push(`SELECT 'team-member', l."user" || '::' || l.team_id, NULL::text, sum(l.spend)::float8 FROM "LiteLLM_SpendLogs" l
WHERE l."startTime" >= $1::timestamp AND l."startTime" < ($2::date + 1)::timestamp AND l."user" <> '' AND l.team_id <> '' GROUP BY 2`);
  }
  if (parts.length > 0) {
    for (const r of await rows(db, parts.join('\nUNION ALL\n'), [week.from, week.to], signal)) {
      const entity = r.entity as BudgetEntity;
      const id = String(r.id);
      const spend = Number(r.spend ?? 0);
      add(entity, id, spend);
      if (r.api_key !== null) add('key', e.rotated.get(String(r.api_key)) ?? String(r.api_key), spend);
    }
  }
  const known = new Set<BudgetEntity>(present.map((s) => s.entity));
  if (keyed) known.add('key');
  if (members) known.add('team-member');
  return (entity, id) => (known.has(entity) ? (sums.get(`${entity}|${id}`) ?? 0) : null);
}
