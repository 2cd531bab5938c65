/**
 * Retry of transient AnyCost failures (429, 5xx, network errors, timeouts): bounded attempts, exponential
 * backoff with jitter, and the server's Retry-After honoured. Sleep and randomness are injectable so tests
 * run without waiting.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { LensError } from '../errors';

export interface RetryPolicy {
  /** Attempts in total, the first included. */
  maxAttempts: number;
  /** Backoff before retry n (1-based) is in [d/2, d] with d = min(maxDelayMs, baseDelayMs * 2^(n-1)). */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for; the run stops and says when to resume. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 1_000,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 300_000,
};

/** Waits `ms` or rejects when `signal` aborts. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const realSleep: Sleep = (ms, signal) => delay(ms, undefined, { signal });

/** The result of one attempt: a value, or a transient failure worth another attempt. */
export type Attempt<T> = { ok: true; value: T } | { ok: false; reason: string; retryAfterMs?: number };

/** Equal-jitter exponential backoff: never zero, never above the cap. */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null | undefined, now: number = Date.now()): number | undefined {
  if (!header) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export interface RetryContext {
  policy: RetryPolicy;
  sleep: Sleep;
  random?: () => number;
  signal?: AbortSignal;
  /** Called before each wait, with the attempt that failed (1-based) and the wait. */
  onRetry?: (failedAttempt: number, reason: string, waitMs: number) => void;
}

/**
 * Runs `attempt` until it succeeds or the attempts are used up. Fatal failures are thrown by `attempt`
 * itself and pass through; exhausted retries become LensError('remote').
 */
export async function withRetries<T>(attempt: (n: number) => Promise<Attempt<T>>, ctx: RetryContext): Promise<T> {
  for (let n = 1; ; n += 1) {
    const result = await attempt(n);
    if (result.ok) return result.value;
    if (n >= ctx.policy.maxAttempts) {
      throw new LensError('remote', `CloudZero did not accept the request after ${n} attempts: ${result.reason}.`);
    }
    if (result.retryAfterMs !== undefined && result.retryAfterMs > ctx.policy.maxRetryAfterMs) {
      throw new LensError(
        'remote',
        `CloudZero asked to wait ${Math.ceil(result.retryAfterMs / 1000)} s before retrying (${result.reason}), longer than this run waits.`,
      );
    }
    const wait = Math.max(result.retryAfterMs ?? 0, backoffDelay(n, ctx.policy, ctx.random));
    ctx.onRetry?.(n, result.reason, wait);
    try {
      await ctx.sleep(wait, ctx.signal);
    } catch (error) {
      if (ctx.signal?.aborted) throw new LensError('cancelled', 'Cancelled while waiting to retry.', undefined, { cause: error });
      throw error;
    }
  }
}
