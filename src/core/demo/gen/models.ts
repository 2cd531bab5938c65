/** How a deployment is billed and what its responses look like. */
export type ModelKind = 'chat' | 'embedding' | 'image' | 'rerank';

/**
 * One router deployment. `model` is what LiteLLM writes to SpendLogs.model (the deployment's
 * `litellm_params.model`, provider-prefixed; Bedrock ids keep their `:0` suffix), `modelGroup` the public
 * name clients ask for. Prices are USD per token (per image / per search for image and rerank).
 */
export interface Deployment {
  key: string;
  modelGroup: string;
  model: string;
  provider: string;
  apiBase: string;
  kind: ModelKind;
  callTypes: readonly string[];
  inputCost: number;
  outputCost: number;
  cacheReadCost?: number;
  cacheWriteCost?: number;
  /** Stored in LiteLLM_ProxyModelTable (model_id is a uuid) rather than config (model_id is a hash). */
  inDatabase: boolean;
  /** Typical latency in ms. */
  latencyMs: number;
}

export const DEPLOYMENTS: readonly Deployment[] = [
  {
    key: 'gpt-4o-azure',
    modelGroup: 'gpt-4o',
    model: 'azure/gpt-4o',
    provider: 'azure',
    apiBase: 'https://acme-eastus.openai.azure.com/',
    kind: 'chat',
    callTypes: ['acompletion', 'aresponses'],
    inputCost: 2.5e-6,
    outputCost: 1e-5,
    cacheReadCost: 1.25e-6,
    inDatabase: true,
    latencyMs: 2400,
  },
  {
    key: 'gpt-4o-openai',
    modelGroup: 'gpt-4o',
    model: 'openai/gpt-4o',
    provider: 'openai',
    apiBase: 'https://api.openai.com/v1',
    kind: 'chat',
    callTypes: ['acompletion', 'aresponses'],
    inputCost: 2.5e-6,
    outputCost: 1e-5,
    cacheReadCost: 1.25e-6,
    inDatabase: false,
    latencyMs: 2100,
  },
  {
    key: 'gpt-4o-mini',
    modelGroup: 'gpt-4o-mini',
    model: 'openai/gpt-4o-mini',
    provider: 'openai',
    apiBase: 'https://api.openai.com/v1',
    kind: 'chat',
    callTypes: ['acompletion', 'aresponses'],
    inputCost: 1.5e-7,
    outputCost: 6e-7,
    cacheReadCost: 7.5e-8,
    inDatabase: false,
    latencyMs: 900,
  },
  {
    key: 'claude-sonnet',
    modelGroup: 'claude-3-5-sonnet',
    model: 'bedrock/anthropic.claude-3-5-sonnet-20240620-v1:0',
    provider: 'bedrock',
    apiBase: 'https://bedrock-runtime.us-east-1.amazonaws.com',
    kind: 'chat',
    callTypes: ['acompletion', 'anthropic_messages'],
    inputCost: 3e-6,
    outputCost: 1.5e-5,
    cacheReadCost: 3e-7,
    cacheWriteCost: 3.75e-6,
    inDatabase: true,
    latencyMs: 3200,
  },
  {
    key: 'claude-haiku',
    modelGroup: 'claude-3-haiku',
    model: 'anthropic/claude-3-haiku-20240307',
    provider: 'anthropic',
    apiBase: 'https://api.anthropic.com',
    kind: 'chat',
    callTypes: ['acompletion', 'anthropic_messages'],
    inputCost: 2.5e-7,
    outputCost: 1.25e-6,
    cacheReadCost: 3e-8,
    cacheWriteCost: 3e-7,
    inDatabase: false,
    latencyMs: 800,
  },
  {
    key: 'gemini-flash',
    modelGroup: 'gemini-1.5-flash',
    model: 'vertex_ai/gemini-1.5-flash',
    provider: 'vertex_ai',
    apiBase: 'https://us-central1-aiplatform.googleapis.com',
    kind: 'chat',
    callTypes: ['acompletion'],
    inputCost: 7.5e-8,
    outputCost: 3e-7,
    inDatabase: true,
    latencyMs: 700,
  },
  // A config deployment written without a provider prefix: SpendLogs.model is then the bare name.
  {
    key: 'gpt-35',
    modelGroup: 'gpt-3.5-turbo',
    model: 'gpt-3.5-turbo',
    provider: 'openai',
    apiBase: 'https://api.openai.com/v1',
    kind: 'chat',
    callTypes: ['acompletion', 'atext_completion'],
    inputCost: 5e-7,
    outputCost: 1.5e-6,
    inDatabase: false,
    latencyMs: 700,
  },
  {
    key: 'embedding',
    modelGroup: 'text-embedding-3-small',
    model: 'openai/text-embedding-3-small',
    provider: 'openai',
    apiBase: 'https://api.openai.com/v1',
    kind: 'embedding',
    callTypes: ['aembedding'],
    inputCost: 2e-8,
    outputCost: 0,
    inDatabase: false,
    latencyMs: 150,
  },
  {
    key: 'dall-e',
    modelGroup: 'dall-e-3',
    model: 'openai/dall-e-3',
    provider: 'openai',
    apiBase: 'https://api.openai.com/v1',
    kind: 'image',
    callTypes: ['aimage_generation'],
    inputCost: 0.04,
    outputCost: 0,
    inDatabase: false,
    latencyMs: 9000,
  },
  {
    key: 'rerank',
    modelGroup: 'rerank-english-v3.0',
    model: 'cohere/rerank-english-v3.0',
    provider: 'cohere',
    apiBase: 'https://api.cohere.ai',
    kind: 'rerank',
    callTypes: ['arerank'],
    inputCost: 0.002,
    outputCost: 0,
    inDatabase: true,
    latencyMs: 300,
  },
];

export function deployment(key: string): Deployment {
  const found = DEPLOYMENTS.find((d) => d.key === key);
  if (!found) throw new Error(`unknown demo deployment ${key}`);
  return found;
}

/** LiteLLM's call_type → route map (`ROUTE_ENDPOINT_MAPPING`), used for the daily `endpoint` column. */
const ROUTE_ENDPOINTS: Readonly<Record<string, string>> = {
  acompletion: '/chat/completions',
  atext_completion: '/completions',
  aembedding: '/embeddings',
  aimage_generation: '/image/generations',
  aresponses: '/responses',
  arerank: '/rerank',
  anthropic_messages: '/v1/messages',
};

/** The daily tables' `endpoint`: `''` when the call type has no route. */
export function endpointFor(callType: string): string {
  return ROUTE_ENDPOINTS[callType] ?? '';
}

/** MCP tools the demo agent calls (`<server>-<tool>`), with their per-call cost. */
export const MCP_TOOLS: readonly { name: string; server: string; cost: number }[] = [
  { name: 'github-list_issues', server: 'github', cost: 0 },
  { name: 'github-create_issue', server: 'github', cost: 0 },
  { name: 'web_search-search', server: 'web_search', cost: 0.005 },
];
