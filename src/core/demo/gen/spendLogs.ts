import { MCP_TOOLS } from './models';
import { hashToken } from './random';
import type { DemoRequest } from './request';
import { formatTimestamp } from './time';
import type { VersionFeatures } from '../versions';

type Row = Record<string, unknown>;

/** `usage_object`: the full usage dict; the daily tables read the two cache counters from it (docs/reference/litellm-schema.md §8.3). */
function usageObject(r: DemoRequest): Row | null {
  if (!r.model || r.status === 'failure') return null;
  return {
    completion_tokens: r.completionTokens,
    prompt_tokens: r.promptTokens,
    total_tokens: r.promptTokens + r.completionTokens,
    completion_tokens_details: null,
    prompt_tokens_details: { cached_tokens: r.cacheReadTokens },
    cache_read_input_tokens: r.cacheReadTokens,
    cache_creation_input_tokens: r.cacheCreationTokens,
  };
}

function additionalUsage(r: DemoRequest): Row {
  return {
    prompt_tokens_details: { cached_tokens: r.cacheReadTokens },
    cache_read_input_tokens: r.cacheReadTokens,
    cache_creation_input_tokens: r.cacheCreationTokens,
  };
}

/** `SpendLogsMetadata`: every key present, absent values null (docs/reference/litellm-schema.md §8.3). Tags are not stored here. */
function metadata(r: DemoRequest, features: VersionFeatures): Row {
  const usage = usageObject(r);
  const tool = r.mcpTool ? MCP_TOOLS.find((t) => t.name === r.mcpTool) : undefined;
  const project = features.projects ? { user_api_key_project_id: null, user_api_key_project_alias: null } : {};
  return {
    user_api_key: r.apiKey,
    user_api_key_alias: r.key?.alias ?? null,
    user_api_key_team_id: r.team?.id ?? null,
    user_api_key_team_alias: r.team?.alias ?? null,
    user_api_key_org_id: r.org?.id ?? null,
    user_api_key_user_id: r.userId || null,
    ...project,
    spend_logs_metadata: r.key?.spec.spendLogsMetadata ?? null,
    requester_ip_address: r.ip || null,
    additional_usage_values: usage ? additionalUsage(r) : {},
    applied_guardrails: [],
    guardrail_information: null,
    mcp_tool_call_metadata: tool
      ? { name: tool.name.slice(tool.server.length + 1), namespaced_tool_name: tool.name, mcp_server_name: tool.server, arguments: {} }
      : null,
    vector_store_request_metadata: null,
    batch_models: null,
    status: r.statusMissing ? null : r.status,
    error_information: r.error
      ? {
          error_code: r.error.code,
          error_class: r.error.type,
          llm_provider: r.model?.deployment.provider ?? null,
          error_message: r.error.message,
          traceback: '',
        }
      : null,
    proxy_server_request: null,
    usage_object: usage,
    model_map_information: r.model ? { model_map_key: r.model.deployment.model.replace(/^[a-z_]+\//, ''), model_map_value: null } : null,
    cold_storage_object_key: null,
    litellm_overhead_time_ms: 1 + (r.start % 997) / 100,
    attempted_retries: 0,
    max_retries: null,
    cost_breakdown:
      r.model && r.status === 'success'
        ? {
            input_cost: r.inputCost,
            output_cost: r.outputCost,
            total_cost: r.spend,
            tool_usage_cost: 0,
            original_cost: r.spend,
            discount_percent: 0,
            discount_amount: 0,
          }
        : null,
  };
}

/** One LiteLLM_SpendLogs row as `get_logging_payload` builds it (docs/reference/litellm-schema.md §8.2): absent ids are '' not NULL. */
export function spendLogRow(r: DemoRequest, features: VersionFeatures): Row {
  const d = r.model?.deployment;
  const originalId = r.cacheHit ? r.requestId.slice(0, r.requestId.indexOf('_cache_hit')) : null;
  return {
    request_id: r.requestId,
    call_type: r.callType,
    api_key: r.apiKey,
    spend: r.spend,
    total_tokens: r.promptTokens + r.completionTokens,
    prompt_tokens: r.promptTokens,
    completion_tokens: r.completionTokens,
    startTime: formatTimestamp(r.start),
    endTime: formatTimestamp(r.end),
    request_duration_ms: r.end - r.start,
    completionStartTime: formatTimestamp(r.completionStart),
    model: d?.model ?? '',
    model_id: r.model?.modelId ?? '',
    model_group: d?.modelGroup ?? '',
    custom_llm_provider: d?.provider ?? '',
    api_base: d?.apiBase ?? '',
    user: r.userId,
    metadata: metadata(r, features),
    cache_hit: r.status === 'failure' ? 'None' : r.cacheHit ? 'True' : 'False',
    cache_key: originalId ? hashToken(originalId) : 'Cache OFF',
    request_tags: r.tags,
    team_id: r.team?.id ?? '',
    organization_id: r.org?.id ?? '',
    end_user: r.endUser,
    requester_ip_address: r.ip,
    messages: {},
    response: {},
    session_id: r.sessionId,
    status: r.statusMissing ? null : r.status,
    mcp_namespaced_tool_name: r.mcpTool,
    agent_id: r.agentId,
    proxy_server_request: {},
  };
}
