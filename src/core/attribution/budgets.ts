import type { TrailingSpend } from './burnRate';
import type { Entities, Limits } from './entities';
import { forecastBudget } from './forecast';
import { keyLabel, orgLabel, teamLabel, userLabel } from './labels';
import { type EffectiveLimits, keyLimits, linkedLimits } from './limits';
import type { BudgetEntity, BudgetLine } from './types';
import { budgetWindowStart } from './window';

/** "Near" starts at 80 % of max_budget. */
const NEAR = 0.8;
// Utilisation is a ratio of two doubles: 80 % computed as 0.8 × 100 must not fall just short of the flag.
const EPSILON = 1e-12;

/**
 * How LiteLLM compares spend with max_budget (litellm/proxy/auth/auth_checks.py): keys
 * (`_virtual_key_max_budget_check`: `valid_token.spend >= valid_token.max_budget`), organisations and team
 * members reject at `>=`; teams (`_team_max_budget_check`: `team_object.spend > team_object.max_budget`), users,
 * end users and tags only above it.
 */
const REJECTS_ABOVE: Record<BudgetEntity, '>' | '>='> = {
  key: '>=',
  organization: '>=',
  'team-member': '>=',
  team: '>',
  user: '>',
  'end-user': '>',
  tag: '>',
};

/** LiteLLM's reset job never resets organisation and tag counters (reset_budget_job.py resets keys, users, teams, end users, members). */
const LIFETIME = new Set<BudgetEntity>(['organization', 'tag']);

export function budgetLine(entity: BudgetEntity, id: string, name: string, spend: number, l: EffectiveLimits, tz = 'UTC'): BudgetLine {
  const max = l.maxBudget;
  const ratio = max !== null && max > 0 ? spend / max : null;
  const strict = REJECTS_ABOVE[entity] === '>';
  const over = max !== null && (strict ? spend > max : spend >= max);
  const lifetime = LIFETIME.has(entity);
  const start = lifetime ? null : budgetWindowStart(l.budgetResetAt, l.budgetDuration, tz);
  return {
    entity,
    id,
    name,
    spend,
    maxBudget: max,
    softBudget: l.softBudget,
    utilisation: ratio === null ? null : ratio * 100,
    budgetDuration: l.budgetDuration,
    budgetResetAt: l.budgetResetAt,
    limitSource: l.source,
    rejectsAbove: REJECTS_ABOVE[entity],
    windowStart: start === null ? null : new Date(start).toISOString(),
    lifetime,
    // auth_checks.py ~L553-559: the user's max_budget is checked only when the key has no team.
    appliesTo: entity === 'user' ? 'requests made with keys that have no team' : null,
    overBudget: over,
    nearBudget: ratio !== null && ratio >= NEAR - EPSILON && !over,
    overSoftBudget: l.softBudget !== null && spend >= l.softBudget,
    forecast: null,
  };
}

const limited = (l: Limits): boolean => l.maxBudget !== null || l.softBudget !== null;

/** The clock and the trailing spend the forecasts burn at. */
export interface ForecastClock {
  nowMs: number;
  trailing: TrailingSpend;
}

/** Every key, user, team, team member, organisation, end user and tag with a max or soft budget, with its forecast. */
export function computeBudgets(e: Entities, tz: string, clock: ForecastClock): BudgetLine[] {
  const out: BudgetLine[] = [];
  const push = (entity: BudgetEntity, id: string, name: string, spend: number, l: EffectiveLimits) => {
    if (!limited(l)) return;
    const line = budgetLine(entity, id, name, spend, l, tz);
    out.push({ ...line, forecast: forecastBudget(line, clock.trailing(entity, id), clock.nowMs) });
  };
  for (const k of e.keys.values()) if (!k.deleted) push('key', k.token, keyLabel(e, k.token).name, k.spend, keyLimits(e, k));
  for (const u of e.users.values()) push('user', u.id, userLabel(e, u.id).name, u.spend, { ...u, source: 'own' });
  for (const t of e.teams.values()) if (!t.deleted) push('team', t.id, teamLabel(e, t.id).name, t.spend, { ...t, source: 'own' });
  for (const m of e.memberships) {
    push(
      'team-member',
      `${m.userId}::${m.teamId}`,
      `${userLabel(e, m.userId).name} in ${teamLabel(e, m.teamId).name}`,
      m.spend,
      linkedLimits(e, m.budgetId),
    );
  }
  for (const o of e.orgs.values()) push('organization', o.id, orgLabel(e, o.id).name, o.spend, linkedLimits(e, o.budgetId));
  for (const x of e.endUsers.values()) push('end-user', x.id, x.alias ?? x.id, x.spend, linkedLimits(e, x.budgetId));
  for (const t of e.tags.values()) push('tag', t.id, t.id, t.spend, linkedLimits(e, t.budgetId));
  return out;
}
