import { hashMasterKey, MASTER_KEY_LITERAL } from '../../db/masterKey';
import { AGENTS, CUSTOMERS, DEMO_MASTER_KEY, KEYS, ORGS, TAGS, TEAMS, USERS, type BudgetSpec } from './cast';
import { makeBudget, type Budget } from './budgets';
import type { Customer, Key, Membership, Org, Tag, Team, User, World } from './entities';
import { DEPLOYMENTS } from './models';
import { atFraction, type DemoRange } from './range';
import { hashToken, type Rng } from './random';
import { DAY_MS, HOUR_MS } from './time';

function byRef<T extends { ref: string }>(items: readonly T[], ref: string): T {
  const found = items.find((i) => i.ref === ref);
  if (!found) throw new Error(`demo cast refers to unknown ${ref}`);
  return found;
}

export function buildWorld(range: DemoRange, rng: Rng): World {
  const longAgo = (): number => range.from - rng.int(60, 200) * DAY_MS - rng.int(0, 23) * HOUR_MS;
  const budgetRows: Budget[] = [];
  const rowBudget = (spec: BudgetSpec, createdAt: number): Budget => {
    const budget = makeBudget(spec, range, rng, createdAt);
    budgetRows.push(budget);
    return budget;
  };
  const ownBudget = (spec: BudgetSpec | undefined, createdAt: number): Budget | null =>
    spec ? makeBudget(spec, range, rng, createdAt) : null;

  const orgs = ORGS.map((spec): Org => {
    const createdAt = longAgo();
    return { ref: spec.ref, id: rng.uuid(), alias: spec.alias, budget: rowBudget(spec.budget, createdAt), createdAt };
  });
  const orgOf = (ref: string | null | undefined): Org | null => (ref ? byRef(orgs, ref) : null);

  let modelTableIds = 0;
  const teams = TEAMS.map((spec): Team => {
    const createdAt = longAgo();
    const modelTableId = spec.modelAliases ? ++modelTableIds : null;
    const budget = ownBudget(spec.budget, createdAt);
    return { ref: spec.ref, id: rng.uuid(), alias: spec.alias, org: orgOf(spec.org), spec, budget, createdAt, modelTableId };
  });

  const users = USERS.map((spec): User => {
    const createdAt = longAgo();
    return {
      ref: spec.ref,
      id: spec.id ?? rng.uuid(),
      alias: spec.alias,
      email: spec.email,
      role: spec.role,
      org: orgOf(spec.org),
      extraOrgs: (spec.extraOrgs ?? []).map((o) => ({ org: byRef(orgs, o.org), role: o.role })),
      teams: teams.filter((t) => t.spec.members !== 'legacy' && t.spec.members.some((m) => m.user === spec.ref)),
      budget: ownBudget(spec.budget, createdAt),
      createdAt,
      ip: `10.20.${rng.int(0, 255)}.${rng.int(1, 254)}`,
    };
  });

  const memberships = teams.flatMap((team) =>
    (team.spec.memberBudgets ?? []).map((m): Membership => ({
      user: byRef(users, m.user),
      team,
      budget: rowBudget(m.budget, team.createdAt),
    })),
  );

  const agents = AGENTS.map((a) => ({ id: rng.uuid(), name: a.name, createdAt: longAgo() }));

  const keys = KEYS.map((spec): Key => {
    const raw = `sk-${rng.base62(22)}`;
    const team = spec.team ? byRef(teams, spec.team) : null;
    const createdAt = spec.createdAt !== undefined ? atFraction(range, spec.createdAt, 9) : longAgo();
    const deletedAt = spec.deletedAt !== undefined ? atFraction(range, spec.deletedAt, 16) : null;
    const expiresAt = spec.expiresAt !== undefined ? atFraction(range, spec.expiresAt, 0) : null;
    const org = spec.org !== undefined ? orgOf(spec.org) : (team?.org ?? null);
    const moved = spec.movedFrom;
    const movedTeam = moved?.team !== undefined ? (moved.team ? byRef(teams, moved.team) : null) : team;
    // Request-time organisation: the key's own, else its team's (utils.py ~L2996, _types.py ~L2466).
    const movedOrg = moved?.org !== undefined ? orgOf(moved.org) : spec.org !== undefined ? org : (movedTeam?.org ?? null);
    const regenerated = spec.regenerated;
    // The raw key before regeneration: a fresh draw only for regenerated keys, so other keys keep their values.
    const previousRaw = regenerated ? `sk-${rng.base62(22)}` : null;
    const regeneratedAt = regenerated ? atFraction(range, regenerated.at, 14) : null;
    return {
      ref: spec.ref,
      spec,
      raw,
      token: hashToken(raw),
      keyName: `sk-...${raw.slice(-4)}`,
      alias: spec.alias,
      user: spec.user ? byRef(users, spec.user) : null,
      team,
      org,
      agentId: spec.agent ? agents[AGENTS.findIndex((a) => a.ref === spec.agent)].id : null,
      budget: ownBudget(spec.budget, createdAt),
      linkedBudget: spec.linkedBudget ? rowBudget(spec.linkedBudget, createdAt) : null,
      createdAt,
      activeFrom: Math.max(createdAt, range.from),
      activeUntil: Math.min(deletedAt ?? range.end, expiresAt ?? range.end),
      deletedAt,
      expiresAt,
      movedFrom: moved ? { team: movedTeam, org: movedOrg, until: atFraction(range, moved.until, 11) } : null,
      regeneration:
        previousRaw !== null && regeneratedAt !== null && regenerated
          ? { previousToken: hashToken(previousRaw), at: regeneratedAt, revokeAt: regeneratedAt + regenerated.graceDays * DAY_MS }
          : null,
      ip: `10.30.${rng.int(0, 255)}.${rng.int(1, 254)}`,
    };
  });

  const customers = CUSTOMERS.map((c): Customer => ({
    id: c.id,
    alias: c.alias,
    budget: c.budget ? rowBudget(c.budget, range.from - 30 * DAY_MS) : null,
  }));
  for (const key of keys) {
    // Clients that pass their own user id as the customer (`user` param) create an end user with that id.
    if (key.spec.endUsers?.ids === 'self' && key.user) customers.push({ id: key.user.id, alias: null, budget: null });
  }
  const tags = TAGS.map((t): Tag => {
    const createdAt = longAgo();
    return { name: t.name, description: t.description, budget: t.budget ? rowBudget(t.budget, createdAt) : null, createdAt };
  });
  const models = DEPLOYMENTS.map((deployment) => ({ deployment, modelId: deployment.inDatabase ? rng.uuid() : rng.hex(64) }));
  const masterApiKey = range.masterKeyHashInDb ? hashMasterKey(DEMO_MASTER_KEY) : MASTER_KEY_LITERAL;
  return { range, orgs, teams, users, memberships, keys, customers, tags, agents, models, budgetRows, masterApiKey };
}
