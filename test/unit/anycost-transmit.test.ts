import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AnycostTransmitError,
  transmitCbf,
  type TransmitOptions,
  type TransmitProgress,
  type TransmitSummary,
} from '../../src/core/cbf/anycostTransmit';
import { idempotencyKeyFor } from '../../src/core/cbf/anycostClient';
import type { CbfRow } from '../../src/core/cbf/types';
import { LensError } from '../../src/core/errors';
import { startCloudZeroServer, type FakeCloudZero } from '../support/cloudzeroServer';
import { cbfRow, hoursBetween, hoursOfDay, rowsForHours, streamOf, sumCost } from '../support/anycostRows';

const KEY = 'czk-SECRET-api-key-7f3a9b';
const CONNECTION = '1234abcd-1234-abcd-1234-abcd1234efgh';

describe('transmitCbf against a contract-enforcing CloudZero', () => {
  let cz: FakeCloudZero;
  let dir: string;
  let logs: string[];
  let progress: TransmitProgress[];
  let sleeps: number[];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'anycost-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));
  afterEach(() => cz?.close());

  async function server(): Promise<FakeCloudZero> {
    cz = await startCloudZeroServer({ apiKey: KEY, connectionId: CONNECTION, latencyMs: 2 });
    logs = [];
    progress = [];
    sleeps = [];
    return cz;
  }

  function options(extra: Partial<TransmitOptions> = {}): TransmitOptions {
    return {
      connectionId: CONNECTION,
      apiKey: KEY,
      endpoint: cz.url,
      sleep: async (ms) => void sleeps.push(ms),
      random: () => 0.5,
      log: (line) => logs.push(line),
      onProgress: (p) => progress.push(p),
      ...extra,
    };
  }

  async function failure(rows: CbfRow[], extra: Partial<TransmitOptions> = {}): Promise<AnycostTransmitError> {
    try {
      await transmitCbf(streamOf(rows), options(extra));
    } catch (error) {
      assert.ok(error instanceof AnycostTransmitError, String(error));
      return error;
    }
    assert.fail('transmit succeeded');
  }

  /** Everything the run could have shown a user or written must be free of the API key. */
  function assertKeyAbsent(...texts: unknown[]): void {
    for (const text of [...texts, logs, progress]) assert.equal(JSON.stringify(text).includes(KEY), false, 'API key leaked');
  }

  const drops = () => cz.requests.filter((r) => r.endpoint === 'billing_drops');
  const monthsOf = (rows: CbfRow[]) => new Set(rows.map((r) => r['time/usage_start'].slice(0, 7)));
  const storedRows = () => [...cz.stored.values()].flat();

  test('a multi-month range arrives as one month per request, sequentially, with Σ cost intact', async () => {
    await server();
    const rows = rowsForHours(hoursBetween('2024-07-30', '2024-09-02'), 2);
    const summary = await transmitCbf(streamOf(rows), options({ range: { from: '2024-07-30', to: '2024-09-02' } }));
    assert.deepEqual(
      drops().map((r) => [r.status, r.body?.month, r.body?.operation]),
      [
        [200, '2024-07-01T00:00:00Z', 'replace_hourly'],
        [200, '2024-08-01T00:00:00Z', 'replace_hourly'],
        [200, '2024-09-01T00:00:00Z', 'replace_hourly'],
      ],
    );
    for (const request of drops()) {
      assert.equal(request.path, `/v2/connections/billing/anycost/${CONNECTION}/billing_drops`);
      assert.equal(request.headers.authorization, KEY);
      assert.equal(request.headers['content-type'], 'application/json');
      assert.equal(monthsOf(request.body?.data ?? []).size, 1);
      assert.equal(request.idempotencyKey, idempotencyKeyFor(CONNECTION, request.text));
    }
    assert.equal(new Set(drops().map((r) => r.idempotencyKey)).size, 3);
    assert.equal(cz.concurrentRequestSeen, false);
    assert.equal(sumCost(storedRows()), sumCost(rows));
    assert.equal(summary.totalCost, sumCost(rows));
    assert.deepEqual(
      { mode: summary.mode, batches: summary.batches, rows: summary.rows, retries: summary.retries, notSent: summary.notSent },
      { mode: 'send', batches: 3, rows: rows.length, retries: 0, notSent: [] },
    );
    assert.deepEqual(
      summary.months.map((m) => [m.month, m.batches, m.rows, m.complete]),
      [
        ['2024-07', 1, 96, true],
        ['2024-08', 1, 1488, true],
        ['2024-09', 1, 96, true],
      ],
    );
    assert.deepEqual(
      summary.sent.map((s) => s.dropId),
      ['drop-1', 'drop-2', 'drop-3'],
    );
    assert.deepEqual(
      progress.filter((p) => p.stage === 'sent').map((p) => p.rowsDone),
      [96, 1584, 1680],
    );
    assertKeyAbsent(summary);
  });

  test('a month above 5 MB arrives split on hour boundaries; replace_drop keeps the whole month', async () => {
    await server();
    const rows = rowsForHours(hoursBetween('2024-08-01', '2024-08-31'), 32);
    const total = rows.reduce((n, r) => n + Buffer.byteLength(JSON.stringify(r)) + 1, 0);
    assert.ok(total > 10_000_000, `test data has only ${total} bytes`);
    cz.stored.set('2024-08', [cbfRow('2024-08-15T03', 999_999)]); // must vanish: replace_drop replaces the month
    const summary = await transmitCbf(streamOf(rows), options({ operation: 'replace_drop' }));
    const requests = drops();
    assert.equal(requests.length, 3);
    assert.deepEqual(
      requests.map((r) => r.body?.operation),
      ['replace_drop', 'sum', 'sum'],
    );
    const seen = new Map<string, number>();
    for (const [i, request] of requests.entries()) {
      assert.equal(request.status, 200);
      assert.ok(request.bytes <= 5_000_000, `request ${i} has ${request.bytes} bytes`);
      for (const hour of new Set(request.body?.data.map((r) => r['time/usage_start'].slice(0, 13)))) {
        assert.equal(seen.get(hour), undefined, `hour ${hour} split between requests ${seen.get(hour)} and ${i}`);
        seen.set(hour, i);
      }
    }
    assert.equal(seen.size, 31 * 24);
    assert.deepEqual(cz.stored.get('2024-08'), rows);
    assert.equal(summary.totalCost, sumCost(rows));
    assert.deepEqual(summary.months, [{ month: '2024-08', batches: 3, rows: rows.length, cost: sumCost(rows), complete: true }]);
  });

  test('two 503s are retried with backoff, under one idempotency key, and applied once', async () => {
    await server();
    cz.script({ status: 503 }, { status: 503, body: { message: 'busy' } });
    const rows = rowsForHours(hoursOfDay('2024-08-01'), 3);
    const summary = await transmitCbf(streamOf(rows), options());
    const requests = drops();
    assert.deepEqual(
      requests.map((r) => r.status),
      [503, 503, 200],
    );
    assert.equal(new Set(requests.map((r) => r.idempotencyKey)).size, 1);
    assert.equal(requests[0].text, requests[2].text);
    assert.deepEqual(sleeps, [750, 1500]);
    assert.equal(summary.retries, 2);
    assert.equal(summary.sent[0].attempts, 3);
    assert.equal(cz.applied.length, 1);
    assert.equal(sumCost(storedRows()), sumCost(rows));
    assert.deepEqual(logs, [
      '2024-08 batch 1: HTTP 503 scripted 503; retrying in 0.8 s (attempt 2 of 5).',
      '2024-08 batch 1: HTTP 503 busy; retrying in 1.5 s (attempt 3 of 5).',
    ]);
    assert.deepEqual(
      progress.filter((p) => p.stage === 'waiting').map((p) => p.waitMs),
      [750, 1500],
    );
  });

  test('429 Retry-After is honoured, and a network error is retried too', async () => {
    await server();
    cz.script({ status: 429, headers: { 'retry-after': '7' } });
    let calls = 0;
    const flaky: typeof fetch = async (input, init) => {
      calls += 1;
      if (calls === 2) throw new TypeError('fetch failed', { cause: new Error('connect ECONNRESET') });
      return fetch(input, init);
    };
    const summary = await transmitCbf(streamOf(rowsForHours(['2024-08-01T00'], 2)), options({ fetch: flaky }));
    assert.deepEqual(sleeps, [7000, 1500]);
    assert.equal(summary.retries, 2);
    assert.match(logs[1], /network error: fetch failed: connect ECONNRESET/);
    assert.deepEqual(
      drops().map((r) => r.status),
      [429, 200],
    );
  });

  test('a 400 stops the run with the API message, what was sent and how to resume', async () => {
    await server();
    cz.script('accept', { status: 400, body: { error: { message: 'cost/cost must be a string', type: 'ValidationError' } } });
    const rows = rowsForHours(hoursBetween('2024-07-31', '2024-09-01'), 1);
    const error = await failure(rows, { range: { from: '2024-07-31', to: '2024-09-01' } });
    assert.equal(error.kind, 'remote');
    assert.equal(error.exitCode, 1);
    assert.equal(error.message, 'CloudZero refused the request (HTTP 400): cost/cost must be a string (ValidationError)');
    assert.equal(
      error.hint,
      [
        'Sent: 2024-07 (1 batch, complete); last hour 2024-07-31T23:00Z.',
        'Not sent: 2024-08 from batch 1 (hour 2024-08-01T00:00Z) and everything after it in the selection.',
        'Resume with --from 2024-08-01 --to 2024-09-01.',
      ].join('\n'),
    );
    assert.equal(drops().length, 2, 'nothing is sent after a refusal');
    assert.equal(error.summary.resumeFrom, '2024-08-01');
    assert.deepEqual(
      error.summary.months.map((m) => m.month),
      ['2024-07'],
    );
    assert.deepEqual(error.summary.notSent, [{ month: '2024-08', batch: 1, fromHour: '2024-08-01T00', reason: error.message }]);
    assertKeyAbsent(error.message, error.hint, error.summary);
  });

  test('replace_drop failing part-way says plainly that the month is incomplete', async () => {
    await server();
    cz.script('accept', 'accept', { status: 400, body: { message: 'rejected' } });
    const rows = rowsForHours(hoursBetween('2024-08-01', '2024-08-02'), 1);
    const rowBytes = Buffer.byteLength(JSON.stringify(rows[0]));
    const error = await failure(rows, {
      operation: 'replace_drop',
      maxBodyBytes: rowBytes * 12,
      range: { from: '2024-08-01', to: '2024-08-31' },
    });
    assert.match(error.hint ?? '', /^Sent: 2024-08 \(2 batches, incomplete\)/);
    assert.match(
      error.hint ?? '',
      /2024-08 is INCOMPLETE in CloudZero: replace_drop replaced the month with only the batches sent above\. The whole month must be re-sent\./,
    );
    assert.match(error.hint ?? '', /Resume with --from 2024-08-01 --to 2024-08-31\.$/);
    assert.equal(error.summary.batches, 2);
    assert.equal(cz.stored.get('2024-08')?.length, error.summary.rows);
    assert.ok(error.summary.rows < rows.length);
  });

  test('sum warns that re-sending duplicates cost, and a resume hint names the hours it would double', async () => {
    await server();
    cz.script('accept', { status: 400, body: { message: 'rejected' } });
    const rows = rowsForHours(hoursOfDay('2024-08-03'), 1);
    const rowBytes = Buffer.byteLength(JSON.stringify(rows[0]));
    const error = await failure(rows, { operation: 'sum', maxBodyBytes: rowBytes * 12 });
    assert.match(logs[0], /^Operation sum appends: sending data CloudZero already holds again duplicates its cost\./);
    assert.match(
      error.hint ?? '',
      /sum appends: hours 2024-08-03T00 to 2024-08-03T10:00Z were already sent, and resuming from 2024-08-03 sends them again, duplicating their cost/,
    );
    assert.match(error.hint ?? '', /Resume with --from 2024-08-03\.$/);
  });

  test('retries are bounded: five 503s stop the run with a resume hint', async () => {
    await server();
    cz.script(...Array(5).fill({ status: 503 }));
    const error = await failure(rowsForHours(['2024-08-05T10'], 1));
    assert.equal(error.kind, 'remote');
    assert.match(error.message, /did not accept the request after 5 attempts: HTTP 503/);
    assert.equal(sleeps.length, 4);
    assert.match(error.hint ?? '', /Resume with --from 2024-08-05\.$/);
  });

  test('a dry run writes the exact bodies a live run sends, without network access', async () => {
    await server();
    const rows = rowsForHours(hoursBetween('2024-08-31', '2024-09-01'), 2);
    const live = await transmitCbf(streamOf(rows), options());
    const out = join(dir, 'bodies');
    const noNetwork: typeof fetch = async () => assert.fail('a dry run used the network');
    const dry = await transmitCbf(streamOf(rows), options({ dryRunDir: out, apiKey: undefined, fetch: noNetwork }));
    const files = await readdir(out);
    assert.deepEqual(files, ['0001_2024-08_batch-01.json', '0002_2024-09_batch-01.json']);
    for (const [i, file] of files.entries()) {
      const text = await readFile(join(out, file), 'utf8');
      assert.equal(text, drops()[i].text);
      assertKeyAbsent(text);
    }
    assert.equal(dry.mode, 'dry-run');
    assert.deepEqual(
      dry.sent.map((s) => s.idempotencyKey),
      live.sent.map((s) => s.idempotencyKey),
    );
    assert.deepEqual([dry.rows, dry.totalCost, dry.batches], [live.rows, live.totalCost, live.batches]);
    await assert.rejects(transmitCbf(streamOf(rows), options({ dryRunDir: out })), /dry-run folder .* is not empty/);
  });

  test('validateRemote posts every body to the validate endpoint and stores nothing', async () => {
    await server();
    const rows = rowsForHours(['2024-08-01T00', '2024-09-01T00'], 1);
    const summary = await transmitCbf(streamOf(rows), options({ validateRemote: true }));
    assert.equal(summary.mode, 'validate');
    assert.deepEqual(
      cz.requests.map((r) => [r.endpoint, r.status]),
      [
        ['validate', 200],
        ['validate', 200],
      ],
    );
    assert.equal(cz.applied.length, 0);
    const bad = [...rows.slice(0, 1), { ...rows[1], 'usage/amount': '1e3' }];
    const error = await failure(bad, { validateRemote: true });
    assert.match(error.message, /HTTP 400.*usage\/amount "1e3" does not match/);
    assert.doesNotMatch(error.hint ?? '', /Resume/);
  });

  test('options are checked before anything is read or sent', async () => {
    await server();
    const rows = rowsForHours(['2024-08-01T00'], 1);
    const cases: [Partial<TransmitOptions>, RegExp][] = [
      [{ endpoint: 'http://api.example.com' }, /must use https/],
      [{ endpoint: 'not a url' }, /is not a URL/],
      [{ apiKey: '' }, /No CloudZero API key/],
      [{ connectionId: 'a/b' }, /connection id "a\/b" is not valid/],
      [{ operation: 'append' as never }, /Unknown operation "append"/],
      [{ operation: 'replace_drop', range: { from: '2024-08-15', to: '2024-08-31' } }, /does not cover whole months/],
    ];
    for (const [extra, message] of cases) {
      await assert.rejects(transmitCbf(streamOf(rows), options(extra)), (e: LensError) => e.kind === 'usage' && message.test(e.message));
    }
    assert.equal(cz.requests.length, 0);
    await transmitCbf(streamOf(rows), options({ operation: 'replace_drop', range: { from: '2024-02-01', to: '2024-02-29' } }));
    assert.equal(cz.requests.length, 1);
  });

  test('cancellation stops between batches and reports what was sent', async () => {
    await server();
    const controller = new AbortController();
    const rows = rowsForHours(['2024-07-01T00', '2024-08-01T00', '2024-09-01T00'], 1);
    const error = await failure(rows, {
      signal: controller.signal,
      onProgress: (p) => p.stage === 'sent' && controller.abort(),
      range: { from: '2024-07-01', to: '2024-09-30' },
    });
    assert.equal(error.kind, 'cancelled');
    assert.equal(drops().length, 1);
    assert.match(error.hint ?? '', /Resume with --from 2024-08-01 --to 2024-09-30\.$/);
  });

  test('an error in the row stream after some batches still reports them', async () => {
    await server();
    async function* failing(): AsyncGenerator<CbfRow> {
      yield* rowsForHours(['2024-07-01T00', '2024-08-01T00'], 1);
      throw new LensError('connection', `lost the database (password ${KEY})`);
    }
    try {
      await transmitCbf(failing(), options());
      assert.fail('transmit succeeded');
    } catch (error) {
      assert.ok(error instanceof AnycostTransmitError);
      assert.equal(error.kind, 'connection');
      assert.equal(error.message, 'lost the database (password ***)');
      assert.match(error.hint ?? '', /Sent: 2024-07 \(1 batch, complete\)/);
      assert.match(error.hint ?? '', /Not sent: 2024-08 from hour 2024-08-01T00:00Z/);
      assert.equal((error.summary as TransmitSummary).resumeFrom, '2024-08-01');
    }
  });
});
