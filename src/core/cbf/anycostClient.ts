/**
 * One HTTP attempt against the AnyCost Stream API. It classifies the answer: success, a transient failure to
 * retry (429, 5xx, network error, timeout), or a refusal that stops the run with the API's own message.
 * The API key travels only in the Authorization header and is scrubbed from every message.
 */
import { createHash } from 'node:crypto';
import { LensError } from '../errors';
import { isLoopback } from '../db/connectionUrl';
import { redactSecrets } from '../db/redact';
import { parseRetryAfter, type Attempt } from './anycostRetry';

export const DEFAULT_ANYCOST_ENDPOINT = 'https://api.cloudzero.com';

/** What a successful billing-drop POST answers: `{"connection": {"drop_id", "month", "row_count"}}`. */
export interface DropReceipt {
  dropId?: string;
  rowCount?: number;
}

export interface AnycostRequest {
  url: string;
  apiKey: string;
  body: string;
  idempotencyKey: string;
  fetch: typeof fetch;
  timeoutMs: number;
  signal?: AbortSignal;
}

/**
 * Checks the base URL: https, or plain http only to this machine (tests, a local proxy), so the API key is
 * never sent in clear text over a network. Returns it without trailing slashes.
 */
export function normaliseEndpoint(endpoint: string): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new LensError('usage', `--endpoint ${JSON.stringify(endpoint)} is not a URL.`);
  }
  const loopback = isLoopback(url.hostname) && !url.hostname.startsWith('/');
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new LensError('usage', `--endpoint must use https (plain http only to localhost): ${url.origin}`);
  }
  return endpoint.replace(/\/+$/, '');
}

export function billingDropsUrl(endpoint: string, connectionId: string): string {
  return `${endpoint}/v2/connections/billing/anycost/${encodeURIComponent(connectionId)}/billing_drops`;
}

export function validateDropUrl(endpoint: string): string {
  return `${endpoint}/v2/connections/billing/anycost/validate_billing_drop`;
}

/**
 * `cloudzero-idempotency-key` of a body: derived from the stream and the exact bytes, so a retry (or a re-run
 * of the same batch) can never be applied twice, while different bodies never share a key.
 */
export function idempotencyKeyFor(connectionId: string, body: string): string {
  return createHash('sha256').update(connectionId).update('\n').update(body).digest('hex');
}

export async function postAnycost(req: AnycostRequest): Promise<Attempt<DropReceipt>> {
  const timeout = AbortSignal.timeout(req.timeoutMs);
  const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
  let response: Response;
  let text: string;
  try {
    response = await req.fetch(req.url, {
      method: 'POST',
      // CloudZero's own adaptor sends the bare key, which is what its API documents.
      headers: {
        Authorization: req.apiKey,
        'Content-Type': 'application/json',
        'cloudzero-idempotency-key': req.idempotencyKey,
      },
      body: req.body,
      // A redirect is never followed: it would re-post the cost rows (and the API key) to wherever the
      // Location points, over http too. A 3xx is reported as a failure below, never as a delivery.
      redirect: 'manual',
      signal,
    });
    text = await response.text();
  } catch (error) {
    if (req.signal?.aborted) throw new LensError('cancelled', 'Cancelled while sending to CloudZero.', undefined, { cause: error });
    if (timeout.aborted) return { ok: false, reason: `no answer within ${Math.round(req.timeoutMs / 1000)} s` };
    return { ok: false, reason: `network error: ${redactSecrets(describeNetworkError(error), [req.apiKey])}` };
  }
  if (response.ok) return { ok: true, value: readReceipt(text) };
  if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
    const location = safeOrigin(response.headers.get('location'));
    throw new LensError(
      'remote',
      `CloudZero answered with a redirect (HTTP ${response.status}${location ? ` to ${location}` : ''}); nothing was delivered.`,
      'Redirects are not followed, so cost rows and the API key only go to the endpoint given. Check --endpoint (default https://api.cloudzero.com).',
    );
  }
  const message = redactSecrets(apiMessage(text), [req.apiKey]);
  if (response.status === 429 || response.status >= 500) {
    return {
      ok: false,
      reason: `HTTP ${response.status}${message ? ` ${message}` : ''}`,
      retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
    };
  }
  throw new LensError(
    'remote',
    `CloudZero refused the request (HTTP ${response.status}): ${message || response.statusText}`,
    refusalHint(response.status),
  );
}

/** The origin of a Location header (no path or query, which could carry tokens), if it is a URL. */
function safeOrigin(location: string | null): string | undefined {
  if (!location) return undefined;
  try {
    return new URL(location).origin;
  } catch {
    return undefined;
  }
}

function refusalHint(status: number): string | undefined {
  if (status === 401 || status === 403) {
    return 'Check the API key and that it has the scope connections:create_billing_anycost_billing_drop (or …validate_billing_drop).';
  }
  if (status === 404) return 'Check --connection-id (shown for the AnyCost Stream connection in the CloudZero UI) and --endpoint.';
  if (status === 409) return 'CloudZero accepts one request at a time per stream: is another transmit to this connection running?';
  if (status === 413) return 'The body was larger than CloudZero accepts.';
  return undefined;
}

/** The API's message from `{"error":{"message"}}` or `{"message"}`, else the start of the text. */
function apiMessage(text: string): string {
  try {
    const json = JSON.parse(text) as { error?: { message?: unknown; type?: unknown }; message?: unknown };
    if (typeof json?.error?.message === 'string') {
      return typeof json.error.type === 'string' ? `${json.error.message} (${json.error.type})` : json.error.message;
    }
    if (typeof json?.message === 'string') return json.message;
  } catch {
    // not JSON: fall through to the raw text
  }
  return text.trim().slice(0, 500);
}

function readReceipt(text: string): DropReceipt {
  try {
    const connection = (JSON.parse(text) as { connection?: { drop_id?: unknown; row_count?: unknown } }).connection;
    return {
      dropId: typeof connection?.drop_id === 'string' ? connection.drop_id : undefined,
      rowCount: typeof connection?.row_count === 'number' ? connection.row_count : undefined,
    };
  } catch {
    return {};
  }
}

function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}
