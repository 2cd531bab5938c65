import { endpointFor } from './models';
import type { Rng } from './random';
import { skippedFromDaily, type DemoRequest } from './request';
import { formatDay, formatTimestamp } from './time';
import type { VersionFeatures } from '../versions';

type Row = Record<string, unknown>;

/** The six daily tables and the entity column each is keyed by (docs/reference/litellm-schema.md §8.4). */
export const DAILY_TABLES = {
  LiteLLM_DailyUserSpend: 'user_id',
  LiteLLM_DailyTeamSpend: 'team_id',
  LiteLLM_DailyOrganizationSpend: 'organization_id',
  LiteLLM_DailyEndUserSpend: 'end_user_id',
  LiteLLM_DailyAgentSpend: 'agent_id',
  LiteLLM_DailyTagSpend: 'tag',
} as const;
export type DailyTable = keyof typeof DAILY_TABLES;
const TABLES = Object.keys(DAILY_TABLES) as DailyTable[];

/** The entity values one request adds a row-increment for, per table (docs/reference/litellm-schema.md §8.4 "which requests produce rows"). */
function entityValues(r: DemoRequest, table: DailyTable): readonly string[] {
  switch (table) {
    case 'LiteLLM_DailyUserSpend':
      return [r.userId];
    case 'LiteLLM_DailyTeamSpend':
      return [r.team?.id ?? ''];
    case 'LiteLLM_DailyOrganizationSpend':
      return r.org ? [r.org.id] : [];
    case 'LiteLLM_DailyEndUserSpend':
      return r.endUser ? [r.endUser] : [];
    case 'LiteLLM_DailyAgentSpend':
      return r.agentId ? [r.agentId] : [];
    case 'LiteLLM_DailyTagSpend':
      return r.tags;
  }
}

/** One upserted daily row while requests are replayed. */
interface Accumulator {
  id: string;
  /** The unique key (docs/reference/litellm-schema.md §8.4). */
  entity: string;
  date: string;
  apiKey: string;
  model: string;
  provider: string;
  tool: string;
  endpoint: string;
  /** Set on create only: the first request's model group wins. */
  modelGroup: string;
  prompt: number;
  completion: number;
  cacheRead: number;
  cacheCreation: number;
  spend: number;
  requests: number;
  succeeded: number;
  failed: number;
  firstEnd: number;
  lastEnd: number;
  lastRequestId: string;
  /** Creation order, so rows come out in time order. */
  order: number;
}

// LiteLLM flushes its spend queues periodically, so created_at/updated_at trail the request a little.
const FLUSH_LAG_MS = 12_000;

/**
 * Derives the daily aggregate tables from the requests exactly as DBSpendUpdateWriter upserts them: one
 * row per unique key, counters incremented on conflict, model_group from the first request seen, the tag
 * table's request_id overwritten by the latest request. Requests must be in start-time order.
 */
export function aggregateDaily(
  requests: readonly DemoRequest[],
  features: VersionFeatures,
  rng: Rng,
  firstDays: Partial<Record<DailyTable, string>> = {},
): Record<DailyTable, Row[]> {
  // entity → unique-key suffix → row. The suffix string is shared by all six lookups of a request.
  const tables = new Map(TABLES.map((t) => [t, new Map<string, Map<string, Accumulator>>()]));
  let created = 0;
  for (const r of requests) {
    if (skippedFromDaily(r, features)) continue;
    const date = formatDay(r.start);
    const d = r.model?.deployment;
    const model = d?.model ?? '';
    const provider = d?.provider ?? '';
    const tool = r.mcpTool ?? '';
    const endpoint = endpointFor(r.callType);
    const suffix = features.dailyToolAndEndpoint
      ? `${date}\u0000${r.apiKey}\u0000${model}\u0000${provider}\u0000${tool}\u0000${endpoint}`
      : `${date}\u0000${r.apiKey}\u0000${model}\u0000${provider}`;
    for (const table of TABLES) {
      const byEntity = tables.get(table) as Map<string, Map<string, Accumulator>>;
      for (const entity of entityValues(r, table)) {
        let rows = byEntity.get(entity);
        if (!rows) byEntity.set(entity, (rows = new Map()));
        let acc = rows.get(suffix);
        if (!acc) {
          acc = {
            id: rng.uuid(),
            entity,
            date,
            apiKey: r.apiKey,
            model,
            modelGroup: d?.modelGroup ?? '',
            provider,
            tool,
            endpoint,
            prompt: 0,
            completion: 0,
            cacheRead: 0,
            cacheCreation: 0,
            spend: 0,
            requests: 0,
            succeeded: 0,
            failed: 0,
            firstEnd: r.end,
            lastEnd: r.end,
            lastRequestId: r.requestId,
            order: created++,
          };
          rows.set(suffix, acc);
        }
        acc.prompt += r.promptTokens;
        acc.completion += r.completionTokens;
        acc.cacheRead += r.cacheReadTokens;
        acc.cacheCreation += r.cacheCreationTokens;
        acc.spend += r.spend;
        acc.requests += 1;
        if (r.status === 'success') acc.succeeded += 1;
        else acc.failed += 1;
        acc.lastEnd = r.end;
        acc.lastRequestId = r.requestId;
      }
    }
  }
  const out = {} as Record<DailyTable, Row[]>;
  for (const table of TABLES) {
    // Rows in creation order, as the ids were drawn.
    const accumulators = [...(tables.get(table) as Map<string, Map<string, Accumulator>>).values()].flatMap((m) => [...m.values()]);
    // A table created by a later migration holds nothing before it: LiteLLM never back-fills (issue 14 fact 4).
    const first = firstDays[table] ?? '';
    out[table] = accumulators
      .filter((a) => a.date >= first)
      .sort((a, b) => a.order - b.order)
      .map((a) => toRow(table, a));
  }
  return out;
}

function toRow(table: DailyTable, a: Accumulator): Row {
  const row: Row = { id: a.id };
  row[DAILY_TABLES[table]] = a.entity;
  row.date = a.date;
  row.api_key = a.apiKey;
  row.model = a.model;
  row.model_group = a.modelGroup;
  row.custom_llm_provider = a.provider;
  row.mcp_namespaced_tool_name = a.tool;
  row.endpoint = a.endpoint;
  row.prompt_tokens = a.prompt;
  row.completion_tokens = a.completion;
  row.cache_read_input_tokens = a.cacheRead;
  row.cache_creation_input_tokens = a.cacheCreation;
  row.spend = a.spend;
  row.api_requests = a.requests;
  row.successful_requests = a.succeeded;
  row.failed_requests = a.failed;
  row.created_at = formatTimestamp(a.firstEnd + FLUSH_LAG_MS);
  row.updated_at = formatTimestamp(a.lastEnd + FLUSH_LAG_MS);
  if (table === 'LiteLLM_DailyTagSpend') row.request_id = a.lastRequestId;
  return row;
}
