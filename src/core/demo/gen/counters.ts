import { applyBudgetTarget, type Budget } from './budgets';
import type { DemoRequest } from './request';
import type { Key, Membership, World } from './entities';

/** The running `spend` counters after the last budget reset (docs/reference/litellm-schema.md §8.5), keyed by entity id. */
export interface Counters {
  key: Map<string, number>;
  user: Map<string, number>;
  team: Map<string, number>;
  /** `spend` (current window) and `total_spend` (lifetime) per `user_id::team_id`. */
  membership: Map<string, { spend: number; total: number }>;
  org: Map<string, number>;
  customer: Map<string, number>;
  tag: Map<string, number>;
  agent: Map<string, number>;
}

export const membershipId = (m: Membership): string => `${m.user.id}::${m.team.id}`;

const inWindow = (budget: Budget | null, r: DemoRequest): boolean => budget?.windowStart == null || r.start >= budget.windowStart;

function add(map: Map<string, number>, id: string, spend: number): void {
  map.set(id, (map.get(id) ?? 0) + spend);
}

/**
 * Replays `update_many(... spend increment ...)` for every request: only rows that exist are incremented
 * (a member without a TeamMembership row, a tag without a TagTable row are silent no-ops), and only spend
 * since the entity's last ResetBudgetJob run remains. Then sets the near/over-budget limits.
 */
export function computeCounters(world: World, requests: readonly DemoRequest[]): Counters {
  const c: Counters = {
    key: new Map(),
    user: new Map(),
    team: new Map(),
    membership: new Map(),
    org: new Map(),
    customer: new Map(),
    tag: new Map(),
    agent: new Map(),
  };
  const users = new Map(world.users.map((u) => [u.id, u]));
  const customers = new Map(world.customers.map((x) => [x.id, x]));
  const tags = new Map(world.tags.map((t) => [t.name, t]));
  const keyBudget = (k: Key): Budget | null => k.budget ?? k.linkedBudget;
  for (const key of world.keys) c.key.set(key.token, 0);
  for (const r of requests) {
    if (r.key && inWindow(keyBudget(r.key), r)) add(c.key, r.key.token, r.spend);
    const user = users.get(r.userId);
    if (user && inWindow(user.budget, r)) add(c.user, user.id, r.spend);
    if (r.team && inWindow(r.team.budget, r)) add(c.team, r.team.id, r.spend);
    if (r.team && r.userId) {
      const m = world.memberships.find((x) => x.team === r.team && x.user.id === r.userId);
      if (m) {
        const entry = c.membership.get(membershipId(m)) ?? { spend: 0, total: 0 };
        entry.total += r.spend;
        if (inWindow(m.budget, r)) entry.spend += r.spend;
        c.membership.set(membershipId(m), entry);
      }
    }
    if (r.org) add(c.org, r.org.id, r.spend);
    const customer = customers.get(r.endUser);
    if (customer && inWindow(customer.budget, r)) add(c.customer, customer.id, r.spend);
    for (const tag of r.tags) if (tags.has(tag)) add(c.tag, tag, r.spend);
    if (r.agentId) add(c.agent, r.agentId, r.spend);
  }
  applyTargets(world, c);
  return c;
}

function applyTargets(world: World, c: Counters): void {
  const used = (map: Map<string, number>, id: string): number => map.get(id) ?? 0;
  for (const k of world.keys) {
    if (k.budget) applyBudgetTarget(k.budget, used(c.key, k.token));
    if (k.linkedBudget) applyBudgetTarget(k.linkedBudget, used(c.key, k.token));
  }
  for (const u of world.users) if (u.budget) applyBudgetTarget(u.budget, used(c.user, u.id));
  for (const t of world.teams) if (t.budget) applyBudgetTarget(t.budget, used(c.team, t.id));
  for (const o of world.orgs) applyBudgetTarget(o.budget, used(c.org, o.id));
  for (const m of world.memberships) applyBudgetTarget(m.budget, c.membership.get(membershipId(m))?.spend ?? 0);
  for (const x of world.customers) if (x.budget) applyBudgetTarget(x.budget, used(c.customer, x.id));
}
