import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_RETRY_POLICY, backoffDelay, parseRetryAfter, withRetries, type Attempt } from '../../src/core/cbf/anycostRetry';
import { LensError } from '../../src/core/errors';

test('backoff doubles up to the cap and stays within [d/2, d]', () => {
  const p = DEFAULT_RETRY_POLICY;
  assert.deepEqual(
    [1, 2, 3, 4, 5, 6, 7].map((n) => backoffDelay(n, p, () => 0)),
    [500, 1000, 2000, 4000, 8000, 15000, 15000],
  );
  assert.deepEqual(
    [1, 2, 6].map((n) => backoffDelay(n, p, () => 0.999999)),
    [1000, 2000, 30000],
  );
});

test('Retry-After as seconds or an HTTP date', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');
  assert.equal(parseRetryAfter('7', now), 7000);
  assert.equal(parseRetryAfter('Wed, 01 Jan 2025 00:00:30 GMT', now), 30_000);
  assert.equal(parseRetryAfter('Tue, 31 Dec 2024 23:00:00 GMT', now), 0);
  assert.equal(parseRetryAfter('soon', now), undefined);
  assert.equal(parseRetryAfter(null, now), undefined);
});

test('retries transient failures with growing waits, honouring Retry-After, then succeeds', async () => {
  const outcomes: Attempt<string>[] = [
    { ok: false, reason: 'HTTP 503' },
    { ok: false, reason: 'HTTP 429', retryAfterMs: 9000 },
    { ok: false, reason: 'HTTP 502' },
    { ok: true, value: 'done' },
  ];
  const waits: number[] = [];
  const notices: string[] = [];
  const value = await withRetries(async (n) => outcomes[n - 1], {
    policy: DEFAULT_RETRY_POLICY,
    random: () => 0.5,
    sleep: async (ms) => void waits.push(ms),
    onRetry: (n, reason, ms) => notices.push(`${n} ${reason} ${ms}`),
  });
  assert.equal(value, 'done');
  assert.deepEqual(waits, [750, 9000, 3000]);
  assert.deepEqual(notices, ['1 HTTP 503 750', '2 HTTP 429 9000', '3 HTTP 502 3000']);
});

test('gives up after maxAttempts, and refuses a Retry-After longer than the policy allows', async () => {
  let calls = 0;
  const sleep = async () => undefined;
  await assert.rejects(
    withRetries<string>(async () => (calls++, { ok: false, reason: 'HTTP 503 busy' }), {
      policy: { ...DEFAULT_RETRY_POLICY, maxAttempts: 3 },
      sleep,
    }),
    (e: LensError) => e.kind === 'remote' && /after 3 attempts: HTTP 503 busy/.test(e.message),
  );
  assert.equal(calls, 3);
  await assert.rejects(
    withRetries<string>(async () => ({ ok: false, reason: 'HTTP 429', retryAfterMs: 3_600_000 }), { policy: DEFAULT_RETRY_POLICY, sleep }),
    /asked to wait 3600 s/,
  );
});

test('cancelling during the wait becomes LensError cancelled', async () => {
  const controller = new AbortController();
  let waiting = 0;
  const pending = withRetries<string>(async () => ({ ok: false, reason: 'HTTP 503' }), {
    policy: DEFAULT_RETRY_POLICY,
    signal: controller.signal,
    sleep: (_ms, signal) =>
      new Promise((_, reject) => {
        waiting += 1;
        signal?.addEventListener('abort', () => reject(new Error('aborted')));
        controller.abort();
      }),
  });
  await assert.rejects(pending, (e: LensError) => e.kind === 'cancelled' && /waiting to retry/.test(e.message));
  assert.equal(waiting, 1);
});
