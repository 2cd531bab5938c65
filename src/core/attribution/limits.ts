import type { Entities, KeyInfo, Limits } from './entities';
import { formatDay } from './period';
import { budgetWindowStart } from './window';

/** Since which day (`YYYY-MM-DD`) each entity's current budget window runs. */
export type Windows = Map<string, string>;

export interface EffectiveLimits extends Limits {
  /** `mixed`: a key whose own columns are partly empty and filled from its LiteLLM_BudgetTable row. */
  source: 'own' | 'budget-table' | 'mixed';
}

const NO_LIMITS: Limits = { maxBudget: null, softBudget: null, budgetDuration: null, budgetResetAt: null };
const FIELDS = ['maxBudget', 'softBudget', 'budgetDuration', 'budgetResetAt'] as const;

/** Limits of a LiteLLM_BudgetTable row (organisations, members, end users, tags, keys with budget_id). */
export function linkedLimits(e: Entities, budgetId: string | null): EffectiveLimits {
  return { ...(budgetId ? (e.budgets.get(budgetId) ?? NO_LIMITS) : NO_LIMITS), source: 'budget-table' };
}

/**
 * A key's limits field by field: its own column, else its LiteLLM_BudgetTable row's (LiteLLM fills each empty
 * key field from the linked budget when it loads the key: litellm/proxy/utils.py ~L3001-3005).
 */
export function keyLimits(e: Entities, k: KeyInfo): EffectiveLimits {
  const linked = linkedLimits(e, k.budgetId);
  const out: Limits = { ...NO_LIMITS };
  let own = 0;
  let borrowed = 0;
  for (const f of FIELDS) {
    if (k[f] !== null) {
      (out[f] as Limits[typeof f]) = k[f];
      own++;
    } else if (linked[f] !== null) {
      (out[f] as Limits[typeof f]) = linked[f];
      borrowed++;
    }
  }
  return { ...out, source: borrowed === 0 ? 'own' : own === 0 ? 'budget-table' : 'mixed' };
}

/** The UTC day the current budget window began (see window.ts), or null without a parseable duration and reset time. */
export function windowDay(l: Limits, tz: string): string | null {
  const start = budgetWindowStart(l.budgetResetAt, l.budgetDuration, tz);
  return start === null ? null : formatDay(start);
}

/**
 * Budget-window start days per entity kind, for the counters-versus-history reconciliation. Organisations and
 * tags have none: LiteLLM's reset job never resets their counters, so they are lifetime sums.
 */
export interface AllWindows {
  key: Windows;
  user: Windows;
  team: Windows;
  endUser: Windows;
}

function collect<T>(items: Iterable<T>, id: (t: T) => string, limits: (t: T) => Limits, tz: string): Windows {
  const out: Windows = new Map();
  for (const item of items) {
    const day = windowDay(limits(item), tz);
    if (day) out.set(id(item), day);
  }
  return out;
}

export function allWindows(e: Entities, tz: string): AllWindows {
  const live = [...e.keys.values()].filter((k) => !k.deleted);
  return {
    key: collect(
      live,
      (k) => k.token,
      (k) => keyLimits(e, k),
      tz,
    ),
    user: collect(
      e.users.values(),
      (u) => u.id,
      (u) => u,
      tz,
    ),
    team: collect(
      [...e.teams.values()].filter((t) => !t.deleted),
      (t) => t.id,
      (t) => t,
      tz,
    ),
    endUser: collect(
      e.endUsers.values(),
      (x) => x.id,
      (x) => linkedLimits(e, x.budgetId),
      tz,
    ),
  };
}
