import type { Entities, Limits } from './entities';
import { keyLabel, orgLabel, teamLabel, userLabel } from './labels';
import { type EffectiveLimits, keyLimits, linkedLimits } from './limits';
import type { BudgetEntity, BudgetLine } from './types';

/** LiteLLM rejects requests once spend ≥ max_budget (auth_checks); "near" starts at 80 % of it. */
const NEAR = 0.8;
// Utilisation is a ratio of two doubles: 80 % computed as 0.8 × 100 must not fall just short of the flag.
const EPSILON = 1e-12;

export function budgetLine(entity: BudgetEntity, id: string, name: string, spend: number, l: EffectiveLimits): BudgetLine {
  const max = l.maxBudget;
  const ratio = max !== null && max > 0 ? spend / max : null;
  return {
    entity, id, name, spend, maxBudget: max, softBudget: l.softBudget,
    utilisation: ratio === null ? null : ratio * 100,
    budgetDuration: l.budgetDuration, budgetResetAt: l.budgetResetAt, limitSource: l.source,
    overBudget: max !== null && spend >= max,
    nearBudget: ratio !== null && ratio >= NEAR - EPSILON && spend < max!,
    overSoftBudget: l.softBudget !== null && spend >= l.softBudget,
  };
}

const limited = (l: Limits): boolean => l.maxBudget !== null || l.softBudget !== null;

/** Every key, user, team, team member, organisation, end user and tag with a max or soft budget. */
export function computeBudgets(e: Entities): BudgetLine[] {
  const out: BudgetLine[] = [];
  const push = (entity: BudgetEntity, id: string, name: string, spend: number, l: EffectiveLimits) => {
    if (limited(l)) out.push(budgetLine(entity, id, name, spend, l));
  };
  for (const k of e.keys.values()) if (!k.deleted) push('key', k.token, keyLabel(e, k.token).name, k.spend, keyLimits(e, k));
  for (const u of e.users.values()) push('user', u.id, userLabel(e, u.id).name, u.spend, { ...u, source: 'own' });
  for (const t of e.teams.values()) if (!t.deleted) push('team', t.id, teamLabel(e, t.id).name, t.spend, { ...t, source: 'own' });
  for (const m of e.memberships) {
    push('team-member', `${m.userId}::${m.teamId}`, `${userLabel(e, m.userId).name} in ${teamLabel(e, m.teamId).name}`, m.spend, linkedLimits(e, m.budgetId));
  }
  for (const o of e.orgs.values()) push('organization', o.id, orgLabel(e, o.id).name, o.spend, linkedLimits(e, o.budgetId));
  for (const x of e.endUsers.values()) push('end-user', x.id, x.alias ?? x.id, x.spend, linkedLimits(e, x.budgetId));
  for (const t of e.tags.values()) push('tag', t.id, t.id, t.spend, linkedLimits(e, t.budgetId));
  return out;
}
