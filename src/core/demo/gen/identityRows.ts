import type { Budget } from './budgets';
import { membershipId, type Counters } from './counters';
import { formatTimestamp, HOUR_MS } from './time';
import type { World } from './entities';

type Row = Record<string, unknown>;
const ts = (ms: number | null): string | null => (ms === null ? null : formatTimestamp(ms));
const ADMIN = 'default_user_id';

/** Counters are written on every flush, so rows that spend were last touched late on the last day. */
const touched = (world: World, createdAt: number): string => formatTimestamp(Math.max(createdAt, world.range.to + 18 * HOUR_MS));

function budgetRow(b: Budget, limits: { tpm: number | null; rpm: number | null }): Row {
  return {
    budget_id: b.id,
    max_budget: b.maxBudget,
    soft_budget: b.softBudget,
    max_parallel_requests: null,
    tpm_limit: limits.tpm,
    rpm_limit: limits.rpm,
    model_max_budget: null,
    budget_duration: b.spec.duration ?? null,
    budget_reset_at: ts(b.resetAt),
    allowed_models: [],
    created_at: formatTimestamp(b.createdAt),
    created_by: ADMIN,
    updated_at: formatTimestamp(b.createdAt),
    updated_by: ADMIN,
  };
}

/** LiteLLM_BudgetTable: org, team-member, linked-key, customer and tag budgets. */
export function budgetRows(world: World): Row[] {
  const memberBudgets = new Set(world.memberships.map((m) => m.budget));
  return world.budgetRows.map((b) => budgetRow(b, memberBudgets.has(b) ? { tpm: 100_000, rpm: 60 } : { tpm: null, rpm: null }));
}

export function organizationRows(world: World, c: Counters): Row[] {
  return world.orgs.map((o) => ({
    organization_id: o.id,
    organization_alias: o.alias,
    budget_id: o.budget.id,
    metadata: {},
    models: [],
    spend: c.org.get(o.id) ?? 0,
    model_spend: {},
    object_permission_id: null,
    created_at: formatTimestamp(o.createdAt),
    created_by: ADMIN,
    updated_at: touched(world, o.createdAt),
    updated_by: ADMIN,
  }));
}

export function teamRows(world: World, c: Counters): Row[] {
  const userById = new Map(world.users.map((u) => [u.ref, u]));
  return world.teams.map((t) => {
    const members = t.spec.members;
    const legacyArray = t.spec.nullLegacyArrays ? null : [];
    return {
      team_id: t.id,
      team_alias: t.alias,
      organization_id: t.org?.id ?? null,
      object_permission_id: null,
      admins: legacyArray,
      members: legacyArray,
      // The app always writes an array; a team never given members can still hold the DB default `{}` (docs/reference/litellm-schema.md §9).
      members_with_roles:
        members === 'legacy'
          ? {}
          : members.map((m) => {
              const user = userById.get(m.user);
              return { user_id: user?.id ?? null, user_email: user && user.ref !== 'lena' ? user.email : null, role: m.role };
            }),
      metadata: {},
      max_budget: t.budget?.maxBudget ?? null,
      soft_budget: t.budget?.softBudget ?? null,
      spend: c.team.get(t.id) ?? 0,
      models: [],
      max_parallel_requests: null,
      tpm_limit: null,
      rpm_limit: null,
      budget_duration: t.budget?.spec.duration ?? null,
      budget_reset_at: ts(t.budget?.resetAt ?? null),
      blocked: false,
      created_at: formatTimestamp(t.createdAt),
      updated_at: touched(world, t.createdAt),
      model_spend: {},
      model_max_budget: {},
      router_settings: {},
      team_member_permissions: [],
      access_group_ids: [],
      policies: [],
      default_team_member_models: [],
      budget_limits: null,
      model_id: t.modelTableId,
      allow_team_guardrail_config: false,
    };
  });
}

export function userRows(world: World, c: Counters): Row[] {
  return world.users.map((u) => ({
    user_id: u.id,
    user_alias: u.alias,
    team_id: null,
    sso_user_id: null,
    organization_id: u.org?.id ?? null,
    object_permission_id: null,
    password: null,
    teams: u.teams.map((t) => t.id),
    user_role: u.role,
    max_budget: u.budget?.maxBudget ?? null,
    spend: c.user.get(u.id) ?? 0,
    user_email: u.email,
    models: [],
    metadata: {},
    max_parallel_requests: null,
    tpm_limit: null,
    rpm_limit: null,
    budget_duration: u.budget?.spec.duration ?? null,
    budget_reset_at: ts(u.budget?.resetAt ?? null),
    allowed_cache_controls: [],
    policies: [],
    model_spend: {},
    model_max_budget: {},
    created_at: formatTimestamp(u.createdAt),
    updated_at: touched(world, u.createdAt),
  }));
}

/** Rows exist only for members with a member budget (up to 029f645f, docs/reference/litellm-schema.md §9). */
export function teamMembershipRows(world: World, c: Counters): Row[] {
  return world.memberships.map((m) => {
    const counter = c.membership.get(membershipId(m)) ?? { spend: 0, total: 0 };
    return { user_id: m.user.id, team_id: m.team.id, spend: counter.spend, total_spend: counter.total, budget_id: m.budget.id };
  });
}

export function organizationMembershipRows(world: World): Row[] {
  const orgRole = (role: string): string => (role === 'org_admin' || role === 'internal_user_viewer' ? role : 'internal_user');
  return world.users.flatMap((u) =>
    [...(u.org ? [{ org: u.org, role: orgRole(u.role) }] : []), ...u.extraOrgs].map(({ org, role }) => ({
      user_id: u.id,
      organization_id: org.id,
      user_role: role,
      spend: 0,
      budget_id: null,
      created_at: formatTimestamp(Math.max(u.createdAt, org.createdAt)),
      updated_at: formatTimestamp(Math.max(u.createdAt, org.createdAt)),
    })),
  );
}
