/**
 * Component normalisation shared by every CZRN and `resource/id` this exporter builds, reproducing ll2cz 0.6.2
 * (`transformations.py`; docs/reference/cloudzero.md §2.6) so both profiles emit the same strings ll2cz would.
 */

/** `normalize_component`: lowercase, anything outside `[a-z0-9-]` becomes `-`, runs collapsed, ends trimmed. */
export function normalizeComponent(value: string | null | undefined): string {
  if (!value) return 'unknown';
  const out = value
    .toLowerCase()
    .replace(/[^a-zA-Z0-9-]/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  return out || 'unknown';
}

/** ll2cz's `config/providers.yml: provider_mappings`, inverted: LiteLLM provider name -> CZRN service type. */
const PROVIDER_MAPPINGS: ReadonlyMap<string, string> = new Map(
  Object.entries({
    openai: ['openai'],
    azure: ['azure_openai', 'azure'],
    anthropic: ['anthropic', 'claude'],
    aws: ['bedrock', 'aws_bedrock', 'sagemaker', 'aws_sagemaker', 'amazon_bedrock', 'amazon'],
    gcp: ['vertex_ai', 'gemini', 'google', 'gcp', 'googleai', 'google_vertex', 'google_gemini', 'palm'],
    meta: ['meta', 'facebook', 'llama'],
    microsoft: ['microsoft', 'bing'],
    together: ['together_ai', 'together'],
    fireworks: ['fireworks_ai', 'fireworks'],
    ibm: ['watsonx', 'ibm'],
    ...Object.fromEntries(
      [
        'cohere',
        'ai21',
        'huggingface',
        'replicate',
        'mistral',
        'perplexity',
        'groq',
        'deepseek',
        'deepinfra',
        'ollama',
        'openrouter',
        'anyscale',
        'vllm',
        'databricks',
        'custom',
        'local',
      ].map((p) => [p, [p]]),
    ),
  }).flatMap(([service, inputs]) => inputs.map((input) => [input, service] as const)),
);

/**
 * `normalize_service`: exact mapping, else the text before the first `_` (preferred) or `-` mapped, else that
 * text itself. So `vertex_ai` -> `gcp`, `azure_ai` -> `azure`, `hosted_vllm` -> `hosted`; a missing provider is
 * `unknown`.
 */
export function normalizeService(provider: string | null | undefined): string {
  if (!provider) return 'unknown';
  const lower = provider.toLowerCase();
  const exact = PROVIDER_MAPPINGS.get(lower);
  if (exact) return exact;
  const cut = lower.includes('_') ? lower.indexOf('_') : lower.indexOf('-');
  const base = cut >= 0 ? lower.slice(0, cut) : lower;
  return PROVIDER_MAPPINGS.get(base) ?? base;
}
