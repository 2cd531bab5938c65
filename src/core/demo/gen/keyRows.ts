import type { Counters } from './counters';
import type { DemoRequest } from './request';
import type { Rng } from './random';
import { formatTimestamp } from './time';
import type { Key, World } from './entities';

type Row = Record<string, unknown>;
const ts = (ms: number | null | undefined): string | null => (ms == null ? null : formatTimestamp(ms));
const ADMIN = 'default_user_id';

function tokenRow(k: Key, spend: number, lastActive: number | undefined): Row {
  const b = k.budget;
  return {
    token: k.token,
    key_name: k.keyName,
    key_alias: k.alias,
    soft_budget_cooldown: false,
    spend,
    expires: ts(k.expiresAt),
    models: [],
    aliases: {},
    config: {},
    router_settings: {},
    user_id: k.user?.id ?? null,
    team_id: k.team?.id ?? null,
    agent_id: k.agentId,
    project_id: null,
    permissions: {},
    max_parallel_requests: null,
    metadata: {},
    blocked: null,
    tpm_limit: null,
    rpm_limit: null,
    max_budget: b?.maxBudget ?? null,
    budget_duration: b?.spec.duration ?? null,
    budget_reset_at: ts(b?.resetAt),
    allowed_cache_controls: [],
    allowed_routes: [],
    policies: [],
    access_group_ids: [],
    model_spend: {},
    model_max_budget: {},
    budget_id: k.linkedBudget?.id ?? null,
    organization_id: k.org?.id ?? null,
    object_permission_id: null,
    created_at: formatTimestamp(k.createdAt),
    created_by: k.user?.id ?? ADMIN,
    updated_at: ts(lastActive ?? k.createdAt),
    updated_by: k.user?.id ?? ADMIN,
    last_active: ts(lastActive),
    rotation_count: k.regeneration ? 1 : 0,
    auto_rotate: false,
    rotation_interval: null,
    last_rotation_at: ts(k.regeneration?.at),
    key_rotation_at: null,
    budget_limits: null,
  };
}

/** LiteLLM_VerificationToken (live keys) and LiteLLM_DeletedVerificationToken (a copy written on delete). */
export function keyRows(world: World, c: Counters, requests: readonly DemoRequest[], rng: Rng): { live: Row[]; deleted: Row[] } {
  const lastActive = new Map<string, number>();
  for (const r of requests) if (r.key) lastActive.set(r.key.token, r.start);
  const live: Row[] = [];
  const deleted: Row[] = [];
  for (const k of world.keys) {
    const row = tokenRow(k, c.key.get(k.token) ?? 0, lastActive.get(k.token));
    if (k.deletedAt === null) {
      live.push(row);
      continue;
    }
    delete row.budget_limits;
    deleted.push({
      id: rng.uuid(),
      ...row,
      deleted_at: formatTimestamp(k.deletedAt),
      deleted_by: ADMIN,
      deleted_by_api_key: 'litellm_proxy_master_key',
      litellm_changed_by: null,
    });
  }
  return { live, deleted };
}

/** Customers are upserted on their first request; their budgets are linked rows. */
export function endUserRows(world: World, c: Counters): Row[] {
  return world.customers.map((x) => ({
    user_id: x.id,
    alias: x.alias,
    spend: c.customer.get(x.id) ?? 0,
    allowed_model_region: null,
    default_model: null,
    budget_id: x.budget?.id ?? null,
    object_permission_id: null,
    blocked: false,
  }));
}

export function tagRows(world: World, c: Counters): Row[] {
  return world.tags.map((t) => ({
    tag_name: t.name,
    description: t.description,
    models: [],
    model_info: null,
    spend: c.tag.get(t.name) ?? 0,
    budget_id: t.budget?.id ?? null,
    created_at: formatTimestamp(t.createdAt),
    created_by: ADMIN,
    updated_at: formatTimestamp(t.createdAt),
  }));
}

export function agentRows(world: World, c: Counters): Row[] {
  return world.agents.map((a) => ({
    agent_id: a.id,
    agent_name: a.name,
    litellm_params: { model: 'claude-3-5-sonnet' },
    agent_card_params: {
      name: a.name,
      description: 'Answers questions from the internal docs',
      url: 'http://docs-agent.internal:8080/',
      version: '1.0.0',
    },
    spend: c.agent.get(a.id) ?? 0,
    created_at: formatTimestamp(a.createdAt),
    created_by: ADMIN,
    updated_at: formatTimestamp(a.createdAt),
    updated_by: ADMIN,
  }));
}

/** Old hashes of regenerated keys, mapped to the live token until `revoke_at` (key_rotation_manager.py ~L106-117). */
export function deprecatedKeyRows(world: World, rng: Rng): Row[] {
  return world.keys.flatMap((k) =>
    k.regeneration
      ? [
          {
            id: rng.uuid(),
            token: k.regeneration.previousToken,
            active_token_id: k.token,
            revoke_at: formatTimestamp(k.regeneration.revokeAt),
            created_at: formatTimestamp(k.regeneration.at),
          },
        ]
      : [],
  );
}
