import type { Measures } from './types';

export const MEASURE_KEYS = [
  'spend',
  'apiRequests',
  'successfulRequests',
  'failedRequests',
  'promptTokens',
  'completionTokens',
  'cacheReadInputTokens',
  'cacheCreationInputTokens',
] as const satisfies readonly (keyof Measures)[];

/** The daily-table column behind each measure. */
export const MEASURE_COLUMNS: Record<keyof Measures, string> = {
  spend: 'spend',
  apiRequests: 'api_requests',
  successfulRequests: 'successful_requests',
  failedRequests: 'failed_requests',
  promptTokens: 'prompt_tokens',
  completionTokens: 'completion_tokens',
  cacheReadInputTokens: 'cache_read_input_tokens',
  cacheCreationInputTokens: 'cache_creation_input_tokens',
};

export function zero(): Measures {
  return {
    spend: 0,
    apiRequests: 0,
    successfulRequests: 0,
    failedRequests: 0,
    promptTokens: 0,
    completionTokens: 0,
    cacheReadInputTokens: 0,
    cacheCreationInputTokens: 0,
  };
}

/** Adds `b` into `a` (mutates and returns `a`). */
export function addInto(a: Measures, b: Measures): Measures {
  for (const k of MEASURE_KEYS) a[k] += b[k];
  return a;
}

export function sum(items: readonly Measures[]): Measures {
  const total = zero();
  for (const m of items) addInto(total, m);
  return total;
}

export function isZero(m: Measures): boolean {
  return MEASURE_KEYS.every((k) => m[k] === 0);
}

/** Reads measures from a row whose columns are named after MEASURE_KEYS (as SQL returns them), NULL as 0. */
export function measuresOf(row: Record<string, unknown>, prefix = ''): Measures {
  const m = zero();
  for (const k of MEASURE_KEYS) m[k] = Number(row[`${prefix}${k}`] ?? 0);
  return m;
}

/** Copies the measure fields of `m` (so a node does not alias a cell). */
export function pickMeasures(m: Measures): Measures {
  return addInto(zero(), m);
}
