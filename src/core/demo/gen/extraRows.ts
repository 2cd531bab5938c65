import { MCP_TOOLS } from './models';
import type { Rng } from './random';
import type { DemoRequest } from './request';
import { DAY_MS, HOUR_MS, formatTimestamp } from './time';
import type { World } from './entities';

type Row = Record<string, unknown>;
const ADMIN = 'default_user_id';

/** Deployments added through the UI live in LiteLLM_ProxyModelTable; config deployments do not. */
export function proxyModelRows(world: World): Row[] {
  const created = formatTimestamp(world.range.from - 45 * DAY_MS);
  return world.models
    .filter((m) => m.deployment.inDatabase)
    .map((m) => ({
      model_id: m.modelId,
      model_name: m.deployment.modelGroup,
      litellm_params: {
        model: m.deployment.model,
        api_base: m.deployment.apiBase,
        api_key: `os.environ/${m.deployment.provider.toUpperCase()}_API_KEY`,
      },
      model_info: { id: m.modelId, db_model: true },
      blocked: false,
      created_at: created,
      created_by: ADMIN,
      updated_at: created,
      updated_by: ADMIN,
    }));
}

/** Team model aliases (LiteLLM_TeamTable.model_id points here). */
export function modelTableRows(world: World): Row[] {
  const created = formatTimestamp(world.range.from - 40 * DAY_MS);
  return world.teams
    .filter((t) => t.modelTableId !== null)
    .map((t) => ({
      id: t.modelTableId,
      aliases: t.spec.modelAliases,
      created_at: created,
      created_by: ADMIN,
      updated_at: created,
      updated_by: ADMIN,
    }));
}

export function configRows(world: World): Row[] {
  return [
    {
      param_name: 'general_settings',
      param_value: {
        maximum_spend_logs_retention_period: `${world.range.retentionDays}d`,
        disable_adding_master_key_hash_to_db: !world.range.masterKeyHashInDb,
        store_prompts_in_spend_logs: false,
      },
    },
    { param_name: 'litellm_settings', param_value: { cache: true, request_timeout: 600, drop_params: true } },
  ];
}

export function credentialRows(world: World, rng: Rng): Row[] {
  const created = formatTimestamp(world.range.from - 60 * DAY_MS);
  return [
    {
      credential_id: rng.uuid(),
      credential_name: 'azure-eastus',
      credential_values: { api_key: 'os.environ/AZURE_API_KEY' },
      credential_info: { custom_llm_provider: 'azure' },
      created_at: created,
      created_by: ADMIN,
      updated_at: created,
      updated_by: ADMIN,
    },
  ];
}

export function cronJobRows(world: World, rng: Rng): Row[] {
  return [
    {
      cronjob_id: rng.uuid(),
      pod_id: `litellm-proxy-${rng.hex(10)}`,
      status: 'ACTIVE',
      last_updated: formatTimestamp(world.range.end - 30_000),
      ttl: formatTimestamp(world.range.end + 300_000),
    },
  ];
}

/** Failed calls are also logged to LiteLLM_ErrorLogs, which the retention job does not purge. */
export function errorLogRows(requests: readonly DemoRequest[]): Row[] {
  return requests
    .filter((r) => r.error && r.model)
    .map((r) => ({
      request_id: r.requestId,
      startTime: formatTimestamp(r.start),
      endTime: formatTimestamp(r.end),
      api_base: r.model?.deployment.apiBase ?? '',
      model_group: r.model?.deployment.modelGroup ?? '',
      litellm_model_name: r.model?.deployment.model ?? '',
      model_id: r.model?.modelId ?? '',
      request_kwargs: {},
      exception_type: r.error?.type ?? '',
      exception_string: r.error?.message ?? '',
      status_code: r.error?.code ?? '',
    }));
}

/** The key move, the key deletion and the mid-range key creation, as the management endpoints audit them. */
export function auditLogRows(world: World, rng: Rng): Row[] {
  const rows: Row[] = [];
  const audit = (at: number, action: string, objectId: string, before: Row | null, after: Row | null): void => {
    rows.push({
      id: rng.uuid(),
      updated_at: formatTimestamp(at),
      changed_by: ADMIN,
      changed_by_api_key: 'litellm_proxy_master_key',
      action,
      table_name: 'LiteLLM_VerificationToken',
      object_id: objectId,
      before_value: before,
      updated_values: after,
    });
  };
  for (const k of world.keys) {
    if (k.regeneration) {
      audit(k.regeneration.at, 'updated', k.token, { token: k.regeneration.previousToken }, { token: k.token, rotation_count: 1 });
    }
    if (k.spec.createdAt !== undefined) audit(k.createdAt, 'created', k.token, null, { key_alias: k.alias, team_id: k.team?.id ?? null });
    if (k.movedFrom) {
      audit(
        k.movedFrom.until,
        'updated',
        k.token,
        { team_id: k.movedFrom.team?.id ?? null, organization_id: k.movedFrom.org?.id ?? null },
        { team_id: k.team?.id ?? null, organization_id: k.org?.id ?? null },
      );
    }
    if (k.deletedAt !== null) audit(k.deletedAt, 'deleted', k.token, { key_alias: k.alias, team_id: k.team?.id ?? null }, null);
  }
  return rows.sort((a, b) => String(a.updated_at).localeCompare(String(b.updated_at)));
}

/** A pending model-access request and an open invitation, both for the user who has no keys yet. */
export function onboardingRows(world: World, rng: Rng): { notifications: Row[]; invitations: Row[] } {
  const user = world.users.find((u) => u.ref === 'mallory');
  if (!user) return { notifications: [], invitations: [] };
  const at = world.range.to - 2 * DAY_MS + 10 * HOUR_MS;
  return {
    notifications: [
      {
        request_id: rng.uuid(),
        user_id: user.id,
        models: ['gpt-4o'],
        justification: 'Evaluating GPT-4o for the search relevance project',
        status: 'pending',
      },
    ],
    invitations: [
      {
        id: rng.uuid(),
        user_id: user.id,
        is_accepted: false,
        accepted_at: null,
        expires_at: formatTimestamp(at + 7 * DAY_MS),
        created_at: formatTimestamp(at),
        created_by: ADMIN,
        updated_at: formatTimestamp(at),
        updated_by: ADMIN,
      },
    ],
  };
}

export function mcpServerRows(world: World, rng: Rng): Row[] {
  const created = formatTimestamp(world.range.from - 20 * DAY_MS);
  return [...new Set(MCP_TOOLS.map((t) => t.server))].map((server) => ({
    server_id: rng.uuid(),
    server_name: server,
    alias: server,
    description: `${server} MCP server`,
    url: `https://mcp.internal.example/${server}/mcp`,
    transport: 'http',
    auth_type: server === 'github' ? 'oauth2' : 'api_key',
    created_at: created,
    created_by: ADMIN,
    updated_at: created,
    updated_by: ADMIN,
  }));
}

/** Tool-call index rows for the SpendLogs rows that remain. */
export function toolIndexRows(retained: readonly DemoRequest[]): Row[] {
  return retained
    .filter((r) => r.mcpTool)
    .map((r) => ({ request_id: r.requestId, tool_name: r.mcpTool, start_time: formatTimestamp(r.start) }));
}
