// `litellm-lens transmit` end to end: a real LiteLLM-shaped PostgreSQL database, the CLI as a child process,
// and the contract-enforcing fake CloudZero. The API key must never reach stdout or stderr.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { DecimalSum } from '../../src/core/cbf/anycostDecimal';
import { startCloudZeroServer, type FakeCloudZero } from '../support/cloudzeroServer';
import { sumCost } from '../support/anycostRows';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

const KEY = 'cz-e2e-Secret-Key-4d9c2a';
const CONNECTION = 'b6d1c0de-1234-abcd-1234-abcd1234efgh';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe('litellm-lens transmit (CLI, real PostgreSQL, fake CloudZero)', () => {
  let tdb: TestDatabase;
  let cz: FakeCloudZero;
  let dir: string;
  const selection = ['--source', 'user', '--from', '2026-08-01', '--to', '2026-10-31'];

  before(async () => {
    tdb = await createTestDatabase({ version: '1.83' });
    dir = await mkdtemp(join(tmpdir(), 'transmit-e2e-'));
  });
  after(async () => {
    await tdb?.drop();
    await rm(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    cz = await startCloudZeroServer({ apiKey: KEY, connectionId: CONNECTION, latencyMs: 2 });
  });
  afterEach(() => cz.close());

  const transmit = (extra: string[], env: NodeJS.ProcessEnv = { CLOUDZERO_API_KEY: KEY }) =>
    cli(['transmit', '--db', tdb.url, ...selection, '--connection-id', CONNECTION, '--endpoint', cz.url, ...extra], env);

  function assertKeyAbsent(run: Run): void {
    assert.equal(run.stdout.includes(KEY) || run.stderr.includes(KEY), false, `API key leaked:\n${run.stdout}\n${run.stderr}`);
  }

  test('sends each month in its own request and CloudZero receives exactly the database spend', async () => {
    const run = await transmit(['--json']);
    assert.equal(run.code, 0, run.stderr);
    assertKeyAbsent(run);
    const summary = JSON.parse(run.stdout) as {
      rows: number;
      totalCost: string;
      batches: number;
      months: { month: string }[];
      invalidCount: number;
    };
    assert.deepEqual(
      summary.months.map((m) => m.month),
      ['2026-08', '2026-09', '2026-10'],
    );
    const drops = cz.requests.filter((r) => r.endpoint === 'billing_drops');
    assert.equal(drops.length, summary.batches);
    for (const request of drops) {
      assert.equal(request.status, 200);
      assert.equal(request.headers.authorization, KEY);
      assert.equal(new Set(request.body?.data.map((r) => r['time/usage_start'].slice(0, 7))).size, 1);
    }
    assert.equal(cz.concurrentRequestSeen, false);
    const received = [...cz.stored.values()].flat();
    assert.equal(received.length, summary.rows);
    assert.equal(sumCost(received), summary.totalCost);
    const { rows } = await tdb.admin.query<{ spend: string }>(
      `SELECT sum(spend)::text AS spend FROM "LiteLLM_DailyUserSpend" WHERE date BETWEEN '2026-08-01' AND '2026-10-31'`,
    );
    assert.ok(Math.abs(Number(summary.totalCost) - Number(rows[0].spend)) < 1e-6, `${summary.totalCost} vs ${rows[0].spend}`);
    assert.ok(summary.rows > 0 && summary.invalidCount === 0);
    assert.match(run.stderr, /Sent to CloudZero connection .* with replace_hourly: 3 month\(s\)/);
  });

  test('a 400 from CloudZero stops the run with its message and a resume hint', async () => {
    cz.script('accept', { status: 400, body: { error: { message: 'Invalid CBF column resource/tag:x', type: 'ValidationError' } } });
    const run = await transmit(['--json']);
    assert.equal(run.code, 1);
    assertKeyAbsent(run);
    assert.match(run.stderr, /error: CloudZero refused the request \(HTTP 400\): Invalid CBF column resource\/tag:x \(ValidationError\)/);
    assert.match(run.stderr, /Sent: 2026-08 \(1 batch, complete\)/);
    assert.match(run.stderr, /Resume with --from 2026-09-01 --to 2026-10-31\./);
    const doc = JSON.parse(run.stdout) as { error: { kind: string }; summary: { sent: unknown[]; resumeFrom: string } };
    assert.equal(doc.error.kind, 'remote');
    assert.equal(doc.summary.sent.length, 1);
    assert.equal(doc.summary.resumeFrom, '2026-09-01');
    assert.equal(cz.requests.length, 2);
  });

  test('--dry-run DIR writes the bodies without a key or network; totals match a live run', async () => {
    const out = join(dir, 'bodies');
    const dry = await transmit(['--dry-run', out, '--json'], {});
    assert.equal(dry.code, 0, dry.stderr);
    assert.equal(cz.requests.length, 0);
    const files = await readdir(out);
    assert.deepEqual(
      files.map((f) => f.slice(5, 12)),
      ['2026-08', '2026-09', '2026-10'],
    );
    const fromFiles = new DecimalSum();
    for (const file of files) {
      const body = JSON.parse(await readFile(join(out, file), 'utf8')) as { data: Record<string, string>[] };
      fromFiles.add(sumCost(body.data));
    }
    const summary = JSON.parse(dry.stdout) as { mode: string; totalCost: string };
    assert.equal(summary.mode, 'dry-run');
    assert.equal(fromFiles.toString(), summary.totalCost);
    assert.match(dry.stderr, /Dry run, nothing was sent; request bodies written to/);
  });

  test('usage errors: no API key, partial-month replace_drop', async () => {
    const noKey = await transmit([], { OTHER: 'x' });
    assert.equal(noKey.code, 2);
    assert.match(noKey.stderr, /the environment variable CLOUDZERO_API_KEY is not set/);
    const partial = await cli(
      [
        'transmit',
        '--db',
        tdb.url,
        '--from',
        '2026-08-10',
        '--to',
        '2026-08-31',
        '--connection-id',
        CONNECTION,
        '--operation',
        'replace_drop',
        '--api-key-env',
        'MY_KEY',
      ],
      { MY_KEY: KEY },
    );
    assert.equal(partial.code, 2);
    assert.match(partial.stderr, /does not cover whole months/);
    assertKeyAbsent(partial);
    assert.equal(cz.requests.length, 0);
  });
});
