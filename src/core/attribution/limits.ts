import { budgetWindowStart } from './duration';
import type { Entities, KeyInfo, Limits } from './entities';
import { formatDay } from './period';

/** Since which day (`YYYY-MM-DD`) each entity's current budget window runs. */
export type Windows = Map<string, string>;

export interface EffectiveLimits extends Limits {
  source: 'own' | 'budget-table';
}

const NO_LIMITS: Limits = { maxBudget: null, softBudget: null, budgetDuration: null, budgetResetAt: null };

const hasAny = (l: Limits): boolean => l.maxBudget !== null || l.softBudget !== null || l.budgetDuration !== null;

/** Limits of a LiteLLM_BudgetTable row (organisations, members, end users, tags, keys with budget_id). */
export function linkedLimits(e: Entities, budgetId: string | null): EffectiveLimits {
  return { ...(budgetId ? e.budgets.get(budgetId) ?? NO_LIMITS : NO_LIMITS), source: 'budget-table' };
}

/** A key's own columns win; a key created with budget_id has its limits in that LiteLLM_BudgetTable row. */
export function keyLimits(e: Entities, k: KeyInfo): EffectiveLimits {
  if (hasAny(k)) return { maxBudget: k.maxBudget, softBudget: k.softBudget, budgetDuration: k.budgetDuration, budgetResetAt: k.budgetResetAt, source: 'own' };
  const linked = linkedLimits(e, k.budgetId);
  return hasAny(linked) ? linked : { ...NO_LIMITS, source: 'own' };
}

/** The UTC day the current budget window began, or null without a parseable duration and reset time. */
export function windowDay(l: Limits): string | null {
  const start = budgetWindowStart(l.budgetResetAt, l.budgetDuration);
  return start === null ? null : formatDay(start);
}

/** Budget-window start days per entity kind, for the counters-versus-history reconciliation. */
export interface AllWindows {
  key: Windows;
  user: Windows;
  team: Windows;
  org: Windows;
  endUser: Windows;
  tag: Windows;
}

function collect<T>(items: Iterable<T>, id: (t: T) => string, limits: (t: T) => Limits): Windows {
  const out: Windows = new Map();
  for (const item of items) {
    const day = windowDay(limits(item));
    if (day) out.set(id(item), day);
  }
  return out;
}

export function allWindows(e: Entities): AllWindows {
  const live = [...e.keys.values()].filter((k) => !k.deleted);
  return {
    key: collect(live, (k) => k.token, (k) => keyLimits(e, k)),
    user: collect(e.users.values(), (u) => u.id, (u) => u),
    team: collect([...e.teams.values()].filter((t) => !t.deleted), (t) => t.id, (t) => t),
    org: collect(e.orgs.values(), (o) => o.id, (o) => linkedLimits(e, o.budgetId)),
    endUser: collect(e.endUsers.values(), (x) => x.id, (x) => linkedLimits(e, x.budgetId)),
    tag: collect(e.tags.values(), (t) => t.id, (t) => linkedLimits(e, t.budgetId)),
  };
}
