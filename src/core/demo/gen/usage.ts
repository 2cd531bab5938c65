import type { Deployment } from './models';
import type { Rng } from './random';

/** Token counts and cost of one successful call. */
export interface Usage {
  promptTokens: number;
  completionTokens: number;
  cacheReadTokens: number;
  cacheCreationTokens: number;
  inputCost: number;
  outputCost: number;
  durationMs: number;
}

const NO_TOKENS = { promptTokens: 0, completionTokens: 0, cacheReadTokens: 0, cacheCreationTokens: 0, inputCost: 0, outputCost: 0 };

const clamp = (v: number, min: number, max: number): number => Math.min(max, Math.max(min, Math.round(v)));

function chatTokens(rng: Rng, d: Deployment, callType: string): Omit<Usage, 'inputCost' | 'outputCost' | 'durationMs'> {
  // Claude Code style traffic (/v1/messages) sends long, mostly cached prompts.
  const agentic = callType === 'anthropic_messages';
  const promptTokens = clamp(rng.logNormal(agentic ? 60_000 : 3000, agentic ? 0.5 : 1.0), 8, 190_000);
  const completionTokens = clamp(rng.logNormal(agentic ? 1200 : 450, 0.9), 1, 8000);
  let cacheReadTokens = 0;
  let cacheCreationTokens = 0;
  if (d.cacheReadCost !== undefined && rng.chance(agentic ? 0.65 : 0.15)) {
    cacheReadTokens = Math.floor(promptTokens * (0.4 + rng.next() * 0.5));
  }
  if (d.cacheWriteCost !== undefined && rng.chance(agentic ? 0.25 : 0.05)) {
    cacheCreationTokens = Math.floor((promptTokens - cacheReadTokens) * (0.3 + rng.next() * 0.6));
  }
  return { promptTokens, completionTokens, cacheReadTokens, cacheCreationTokens };
}

/** Draws the usage of one call and prices it the way LiteLLM's cost map does. */
export function drawUsage(rng: Rng, d: Deployment, callType: string): Usage {
  const latency = (factor: number): number => clamp(d.latencyMs * factor * rng.logNormal(1, 0.4), 20, 600_000);
  switch (d.kind) {
    case 'embedding': {
      // Many embedding calls are a handful of tokens: costs far below a micro-dollar.
      const promptTokens = rng.chance(0.4) ? rng.int(2, 40) : clamp(rng.logNormal(300, 1.0), 2, 8000);
      return { ...NO_TOKENS, promptTokens, inputCost: promptTokens * d.inputCost, durationMs: latency(1) };
    }
    case 'image': {
      const images = rng.chance(0.8) ? 1 : 2;
      return { ...NO_TOKENS, outputCost: images * d.inputCost, durationMs: latency(images) };
    }
    case 'rerank':
      return { ...NO_TOKENS, inputCost: d.inputCost, durationMs: latency(1) };
    case 'chat': {
      const t = chatTokens(rng, d, callType);
      const uncached = t.promptTokens - t.cacheReadTokens - t.cacheCreationTokens;
      const inputCost =
        uncached * d.inputCost + t.cacheReadTokens * (d.cacheReadCost ?? 0) + t.cacheCreationTokens * (d.cacheWriteCost ?? 0);
      return { ...t, inputCost, outputCost: t.completionTokens * d.outputCost, durationMs: latency(0.4 + t.completionTokens / 400) };
    }
  }
}

/** The id LiteLLM stores: the provider's response id when there is one, else the litellm_call_id (a uuid). */
export function responseId(rng: Rng, d: Deployment, callType: string): string {
  if (d.kind !== 'chat') return rng.uuid();
  if (callType === 'aresponses') return `resp_${rng.hex(48)}`;
  if (callType === 'atext_completion') return `cmpl-${rng.base62(29)}`;
  if (d.provider === 'bedrock') return `msg_bdrk_01${rng.base62(22)}`;
  if (d.provider === 'anthropic') return `msg_01${rng.base62(22)}`;
  return `chatcmpl-${rng.base62(29)}`;
}
