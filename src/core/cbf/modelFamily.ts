/**
 * ll2cz 0.6.2's `extract_model_name` (`model_name_strategies.py`; docs/reference/cloudzero.md §2.6): the model
 * family used as CZRN resource type and `resource/usage_family`, e.g. `claude-3-5-haiku-20241022` -> `claude-haiku`.
 * Five strategies run in order, each rewriting the running value when it applies.
 */

/** The fallback provider list ll2cz ships for provider-dot-model names (`amazon.titan-…`). */
const KNOWN_PROVIDERS = new Set(['amazon', 'google', 'microsoft', 'anthropic', 'openai', 'meta', 'cohere']);

const VERSION_PATTERNS = [
  /^[0-9]+$/,
  /^[0-9]+[a-z]$/,
  /^[0-9]+\.[0-9]+$/,
  /^[0-9]+\.[0-9]+\.[0-9]+$/,
  /^v[0-9]+$/,
  /^v[0-9]+\.[0-9]+$/,
  /^[0-9]{4}\.[0-9]{2}\.[0-9]{2}$/,
  /^[0-9]{8}$/,
  /^[0-9]{6}$/,
  /^[0-9]+-[0-9]+-[0-9]+$/,
];
const VERSION_WORDS = new Set(
  'latest stable beta alpha rc release final dev nightly experimental test demo trial new updated improved enhanced plus pro hd vision'.split(
    ' ',
  ),
);
const MODEL_VARIANTS = new Set(
  'haiku sonnet opus instant turbo instruct vision mini preview chat text base small medium large xl xxl lite light fast slow canvas micro embedding ada babbage curie davinci'.split(
    ' ',
  ),
);

type Strategy = (model: string) => string;

const commandR: Strategy = (m) => (m.toLowerCase().includes('command') && m.toLowerCase().includes('r') ? 'command-r' : m);

const providerPath: Strategy = (m) => (m.includes('/') ? m.slice(m.lastIndexOf('/') + 1) : m);

/** `us.amazon.nova-lite-v1:0` -> `nova-lite-v1`; only region-prefixed amazon/anthropic ids. */
const awsBedrock: Strategy = (m) => {
  if (!m.includes(':') || !m.includes('.')) return m;
  const parts = m.split(':')[0].split('.');
  return parts.length >= 3 && (parts[1] === 'amazon' || parts[1] === 'anthropic') ? parts.slice(2).join('.') : m;
};

const providerDotModel: Strategy = (m) => {
  if (!m.includes('.') || m.startsWith('gpt') || m.startsWith('text-')) return m;
  const parts = m.split('.');
  const first = parts[0];
  const isProvider = KNOWN_PROVIDERS.has(first) || (first.length <= 10 && !first.includes('-') && !/^\d+$/.test(first));
  return isProvider ? parts.slice(1).join('.') : m;
};

function isVersionPart(part: string): boolean {
  if (/^[a-z]+[0-9]+$/.test(part)) return false; // model names such as o1, m7
  if (/^[0-9]+[a-z]+$/.test(part)) return true; // versions such as 4o, 3b
  if (MODEL_VARIANTS.has(part)) return false;
  return VERSION_WORDS.has(part) || VERSION_PATTERNS.some((p) => p.test(part));
}

const versionPattern: Strategy = (m) => {
  const parts = m.toLowerCase().split('-');
  let kept = parts.filter((p) => p !== '' && !isVersionPart(p));
  if (kept.length === 0) kept = [parts[0]];
  const result = kept.join('-').replace(/-+(latest|stable|final|v[0-9]+)$/, '');
  return result || m.toLowerCase();
};

const STRATEGIES: readonly Strategy[] = [commandR, providerPath, awsBedrock, providerDotModel, versionPattern];

/** The model family ll2cz derives from a LiteLLM model name; `unknown` for an empty name. */
export function extractModelName(model: string | null | undefined): string {
  if (!model) return 'unknown';
  return STRATEGIES.reduce((current, strategy) => strategy(current), model);
}
