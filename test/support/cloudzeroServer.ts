/**
 * A local stand-in for CloudZero's AnyCost Stream API that enforces the published contract
 * (docs/reference/cloudzero.md §1.6): the paths, the Authorization header (the bare API key, as CloudZero's own
 * adaptor sends it), 413 above 5 MB, the JSON body shape, the value patterns, every row inside `month`, and no
 * concurrent requests (409, and a flag tests can assert on). It applies each accepted drop's operation to an
 * in-memory store, replays answers for a repeated idempotency key, can be scripted to fail, and records
 * every request it received.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CbfRow } from '../../src/core/cbf/types';

export interface CloudZeroServerOptions {
  apiKey: string;
  connectionId: string;
  /** Default 5,000,000 bytes ("5 MB" read strictly). */
  maxBodyBytes?: number;
  /** Delay before each answer, which widens the window in which a concurrent request is caught. */
  latencyMs?: number;
}

/**
 * A canned answer for the next billing-drop request (after the path, auth and size checks), or `'accept'`
 * to handle that request normally, so a failure can be placed at the n-th request.
 */
export type ScriptedResponse = { status: number; headers?: Record<string, string>; body?: unknown } | 'accept';

export interface DropBody {
  month: string;
  operation: string;
  data: CbfRow[];
}

export interface ReceivedRequest {
  method: string;
  path: string;
  endpoint: 'billing_drops' | 'validate' | 'unknown';
  headers: IncomingHttpHeaders;
  bytes: number;
  text: string;
  body?: DropBody;
  idempotencyKey?: string;
  status: number;
  /** The answer was replayed for a repeated idempotency key; nothing was applied. */
  replayed: boolean;
}

export interface AppliedDrop {
  month: string;
  operation: string;
  rows: number;
  idempotencyKey?: string;
}

export interface FakeCloudZero {
  url: string;
  requests: ReceivedRequest[];
  /** Drops applied to the store, in order. */
  applied: AppliedDrop[];
  /** What CloudZero would hold per month (`YYYY-MM`) after the operations applied so far. */
  stored: Map<string, CbfRow[]>;
  /** True once a request arrived while another was still being handled. */
  readonly concurrentRequestSeen: boolean;
  /**
   * Holds every answer until the returned function is called, so a test can have two requests in flight at once
   * whatever the machine's load (a latency alone leaves that to timing).
   */
  hold(): () => void;
  script(...responses: ScriptedResponse[]): void;
  close(): Promise<void>;
}

const TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(([+-]\d\d:\d\d)|Z)?$/;
const NUMBER = /^\d+(\.\d{1,})?$/;
const OPERATIONS = ['replace_drop', 'replace_hourly', 'sum'];
const PREFIX = '/v2/connections/billing/anycost/';

interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export async function startCloudZeroServer(options: CloudZeroServerOptions): Promise<FakeCloudZero> {
  const maxBytes = options.maxBodyBytes ?? 5_000_000;
  const requests: ReceivedRequest[] = [];
  const applied: AppliedDrop[] = [];
  const stored = new Map<string, CbfRow[]>();
  const scripted: ScriptedResponse[] = [];
  const answered = new Map<string, Answer>();
  let inFlight = 0;
  let concurrentRequestSeen = false;
  let held: Promise<void> = Promise.resolve();

  const handle = (record: ReceivedRequest): Answer => {
    if (record.endpoint === 'unknown') return { status: 404, body: { message: 'Not Found' } };
    if (record.method !== 'POST') return { status: 405, body: { message: 'Method Not Allowed' } };
    if (record.headers.authorization !== options.apiKey) return { status: 403, body: { message: 'Forbidden' } };
    if (record.bytes > maxBytes) return { status: 413, body: { message: 'Request Entity Too Large' } };
    const canned = record.endpoint === 'billing_drops' ? scripted.shift() : undefined;
    if (canned && canned !== 'accept') {
      return { status: canned.status, body: canned.body ?? { message: `scripted ${canned.status}` }, headers: canned.headers };
    }
    const replay = record.idempotencyKey ? answered.get(record.idempotencyKey) : undefined;
    if (replay && record.endpoint === 'billing_drops') {
      record.replayed = true;
      return replay;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(record.text);
    } catch {
      return invalid('The request body is not JSON.');
    }
    const problem = checkBody(parsed);
    if (problem) return invalid(problem);
    const body = parsed as DropBody;
    record.body = body;
    const month = body.month.slice(0, 7);
    if (record.endpoint === 'validate') return { status: 200, body: { valid: true, row_count: body.data.length } };
    apply(stored, month, body.operation ?? 'replace_drop', body.data);
    applied.push({ month, operation: body.operation, rows: body.data.length, idempotencyKey: record.idempotencyKey });
    const answer = {
      status: 200,
      body: { connection: { drop_id: `drop-${applied.length}`, month: body.month, row_count: body.data.length } },
    };
    if (record.idempotencyKey) answered.set(record.idempotencyKey, answer);
    return answer;
  };

  const server = createServer((req, res) => {
    inFlight += 1;
    const concurrent = inFlight > 1;
    if (concurrent) concurrentRequestSeen = true;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const path = (req.url ?? '').split('?')[0];
      const record: ReceivedRequest = {
        method: req.method ?? '',
        path,
        endpoint: endpointOf(path, options.connectionId),
        headers: req.headers,
        bytes: raw.length,
        text: raw.toString('utf8'),
        idempotencyKey: header(req.headers['cloudzero-idempotency-key']),
        status: 0,
        replayed: false,
      };
      requests.push(record);
      const answer = concurrent
        ? { status: 409, body: { message: 'Concurrent requests to the same stream are not supported.' } }
        : handle(record);
      record.status = answer.status;
      const send = () => {
        res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
        res.end(JSON.stringify(answer.body));
        inFlight -= 1;
      };
      void held.then(() => setTimeout(send, options.latencyMs ?? 0));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    applied,
    stored,
    get concurrentRequestSeen() {
      return concurrentRequestSeen;
    },
    hold: () => {
      let release!: () => void;
      held = new Promise<void>((resolve) => (release = resolve));
      return release;
    },
    script: (...responses) => scripted.push(...responses),
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}

function endpointOf(path: string, connectionId: string): ReceivedRequest['endpoint'] {
  if (path === `${PREFIX}validate_billing_drop`) return 'validate';
  if (path === `${PREFIX}${encodeURIComponent(connectionId)}/billing_drops`) return 'billing_drops';
  return 'unknown';
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function invalid(message: string): Answer {
  return { status: 400, body: { error: { message, type: 'ValidationError' } } };
}

/** The request schema: `data` required, all values strings, patterns, and every row inside `month`. */
function checkBody(parsed: unknown): string | undefined {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return 'The body must be a JSON object.';
  const body = parsed as Record<string, unknown>;
  const extra = Object.keys(body).filter((k) => !['month', 'operation', 'data'].includes(k));
  if (extra.length > 0) return `Unknown body properties: ${extra.join(', ')}.`;
  if (typeof body.month !== 'string' || !TIME.test(body.month)) {
    return `month ${JSON.stringify(body.month)} does not match the timestamp pattern.`;
  }
  if (body.operation !== undefined && !OPERATIONS.includes(body.operation as string)) {
    return `Unknown operation ${JSON.stringify(body.operation)}.`;
  }
  if (!Array.isArray(body.data) || body.data.length === 0) return 'data must be a non-empty array.';
  const month = utcMonth(body.month);
  for (const [i, row] of body.data.entries()) {
    if (typeof row !== 'object' || row === null || Array.isArray(row)) return `data[${i}] is not an object.`;
    for (const [key, value] of Object.entries(row as Record<string, unknown>)) {
      if (typeof value !== 'string') return `data[${i}].${key} is not a string.`;
      if ((key.startsWith('cost/') || key === 'usage/amount') && !NUMBER.test(value)) {
        return `data[${i}].${key} "${value}" does not match ${NUMBER}.`;
      }
      if (key.startsWith('time/') && !TIME.test(value)) return `data[${i}].${key} "${value}" does not match the timestamp pattern.`;
    }
    const r = row as Record<string, string>;
    if (r['time/usage_start'] === undefined || r['cost/cost'] === undefined) return `data[${i}] lacks time/usage_start or cost/cost.`;
    if (utcMonth(r['time/usage_start']) !== month) {
      return `data[${i}] time/usage_start ${r['time/usage_start']} is not in the month ${body.month}.`;
    }
  }
  return undefined;
}

function utcMonth(timestamp: string): string {
  const zoned = /(Z|[+-]\d\d:\d\d)$/.test(timestamp) ? timestamp : `${timestamp}Z`;
  return new Date(zoned).toISOString().slice(0, 7);
}

function apply(stored: Map<string, CbfRow[]>, month: string, operation: string, rows: CbfRow[]): void {
  const existing = stored.get(month) ?? [];
  if (operation === 'replace_drop') {
    stored.set(month, [...rows]);
  } else if (operation === 'replace_hourly') {
    const hours = new Set(rows.map((r) => hourOf(r['time/usage_start'])));
    stored.set(month, [...existing.filter((r) => !hours.has(hourOf(r['time/usage_start']))), ...rows]);
  } else {
    stored.set(month, [...existing, ...rows]);
  }
}

function hourOf(timestamp: string): string {
  const zoned = /(Z|[+-]\d\d:\d\d)$/.test(timestamp) ? timestamp : `${timestamp}Z`;
  return new Date(zoned).toISOString().slice(0, 13);
}
