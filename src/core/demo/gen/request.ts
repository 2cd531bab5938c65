import type { VersionFeatures } from '../versions';
import type { DeployedModel, Key, Org, Team } from './entities';
import type { Usage } from './usage';

/**
 * One simulated proxy call, with everything LiteLLM knows about it at logging time. SpendLogs rows, daily
 * aggregates and running counters are all derived from these.
 */
export interface DemoRequest extends Omit<Usage, 'durationMs'> {
  requestId: string;
  callType: string;
  /** Token hash, or the literal `litellm_proxy_master_key`. */
  apiKey: string;
  /** null for master-key calls. */
  key: Key | null;
  /** Key owner's user id at request time, '' when the key has none. */
  userId: string;
  /** The key's team and org at request time (a moved key carries its old team before the move). */
  team: Team | null;
  org: Org | null;
  endUser: string;
  agentId: string | null;
  /** null for MCP tool calls. */
  model: DeployedModel | null;
  mcpTool: string | null;
  start: number;
  end: number;
  completionStart: number;
  spend: number;
  status: 'success' | 'failure';
  /** SpendLogs `status` is NULL (a row older than the column); LiteLLM counts it as a success. */
  statusMissing: boolean;
  /** Served from LiteLLM's cache: request id `<id>_cache_hit<ts>`, spend 0. */
  cacheHit: boolean;
  error: { type: string; code: string; message: string } | null;
  tags: string[];
  sessionId: string;
  ip: string;
}

/**
 * Before 1.83 LiteLLM left a request with neither a model nor an MCP tool out of every daily table (docs/reference/litellm-schema.md §8.4). In
 * 1.83 the payload always has both keys, so such rows land with `model=''` (db_spend_update_writer.py
 * `_common_add_spend_log_transaction_to_daily_transaction`: `any_expected_keys` are present).
 */
export function skippedFromDaily(request: DemoRequest, features: VersionFeatures): boolean {
  return !features.dailyRowsWithoutModel && request.model === null && request.mcpTool === null;
}
