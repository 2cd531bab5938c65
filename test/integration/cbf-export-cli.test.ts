// `litellm-lens export` end to end against real PostgreSQL: the --json summary, hostile aliases through CSV and
// JSONL, invalid rows (exit 5 / --skip-invalid), missing tables (exit 4), ll2cz's worked example, and a
// connection killed mid-export (no file left behind).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { exportCbf } from '../../src/core/cbf/export';
import type { CbfRow } from '../../src/core/cbf/types';
import { openDatabase } from '../../src/core/db/database';
import { WORKED_EXAMPLE_ROW as WORKED_EXAMPLE } from '../support/ll2czWorkedExample';
import { eventually } from '../support/eventually';
import { pausableProxy } from '../support/pausableProxy';
import { runCliCapture } from '../support/runCliCapture';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

const dailyInsert = `INSERT INTO "LiteLLM_DailyUserSpend" (id, user_id, date, api_key, model, model_group, custom_llm_provider,
  prompt_tokens, completion_tokens, cache_read_input_tokens, cache_creation_input_tokens, spend, api_requests, successful_requests, failed_requests, updated_at)`;

function csvRows(text: string): CbfRow[] {
  return (parse(text, { columns: true }) as Record<string, string>[]).map((r) =>
    Object.fromEntries(Object.entries(r).filter(([, v]) => v !== '')),
  );
}

describe('litellm-lens export (CLI, real PostgreSQL)', () => {
  let tdb: TestDatabase;
  let dir: string;

  before(async () => {
    tdb = await createTestDatabase({ version: '1.83' });
    dir = await mkdtemp(join(tmpdir(), 'cbf-cli-'));
    await tdb.admin.query(`
      INSERT INTO "LiteLLM_BudgetTable" (budget_id, created_by, updated_by) VALUES ('cbf-test-budget', 'test', 'test');
      INSERT INTO "LiteLLM_OrganizationTable" (organization_id, organization_alias, budget_id, created_by, updated_by) VALUES ('org-1', 'Test Org', 'cbf-test-budget', 'test', 'test');
      INSERT INTO "LiteLLM_TeamTable" (team_id, team_alias, organization_id, members_with_roles) VALUES ('team-1', 'Test Team', 'org-1', '[]');
      INSERT INTO "LiteLLM_UserTable" (user_id, user_alias, user_email) VALUES ('user-1', 'test_user', 'test@example.com');
      INSERT INTO "LiteLLM_VerificationToken" (token, key_name, key_alias, user_id, team_id, organization_id) VALUES ('sk-test', 'test-key', 'test', 'user-1', 'team-1', 'org-1');
      ${dailyInsert} VALUES ('cbf-worked', 'user-1', '2025-01-15', 'sk-test', 'gpt-4', 'openai-gpt-4', 'openai', 1000, 500, 0, 0, 0.05, 10, 10, 0, now());
      ${dailyInsert} VALUES ('cbf-neg', 'user-1', '2023-03-01', 'sk-test', 'gpt-4', 'openai-gpt-4', 'openai', 10, 5, 0, 0, -0.5, 1, 1, 0, now()),
                            ('cbf-pos', 'user-1', '2023-03-01', 'sk-test', 'gpt-4o', 'gpt-4o', 'openai', 10, 5, 0, 0, 0.25, 1, 1, 0, now());`);
  });
  after(async () => {
    await tdb?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  const exportCli = (args: string[]) => runCliCapture(['export', '--db', tdb.url, ...args]);
  const leftovers = async (prefix: string) => (await readdir(dir)).filter((f) => f.includes(prefix));

  test('--json prints the summary; the file holds exactly the rows it counts', async () => {
    const out = join(dir, 'summary.csv');
    const run = await exportCli(['--source', 'user', '--from', tdb.summary.from, '--to', tdb.summary.to, '--out', out, '--json']);
    assert.equal(run.code, 0, run.stderr);
    const summary = JSON.parse(run.stdout) as Record<string, unknown>;
    assert.deepEqual(Object.keys(summary).sort(), [
      'format',
      'from',
      'invalid',
      'invalidCount',
      'out',
      'profile',
      'rows',
      'source',
      'to',
      'totalCost',
    ]);
    assert.equal(summary.source, 'user');
    assert.equal(summary.profile, 'lens');
    assert.equal(summary.out, out);
    assert.match(summary.totalCost as string, /^\d+\.\d+$/);
    assert.deepEqual(summary.invalid, []);
    assert.equal(csvRows(await readFile(out, 'utf8')).length, summary.rows);
    assert.match(run.stderr, /^Wrote \d+ rows/m);
    assert.deepEqual(await leftovers('.summary.csv.'), [], 'no temporary file left');
  });

  test('hostile aliases survive CSV and JSONL exactly (parsed back with csv-parse)', async () => {
    const range = ['--from', tdb.summary.from, '--to', tdb.summary.to];
    assert.equal((await exportCli(['--source', 'logs', ...range, '--format', 'csv', '--out', join(dir, 'h.csv')])).code, 0);
    assert.equal((await exportCli(['--source', 'logs', ...range, '--format', 'jsonl', '--out', join(dir, 'h.jsonl')])).code, 0);
    const fromCsv = csvRows(await readFile(join(dir, 'h.csv'), 'utf8'));
    const fromJsonl = (await readFile(join(dir, 'h.jsonl'), 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as CbfRow);
    assert.deepEqual(fromCsv, fromJsonl);

    const names = async (sql: string) =>
      new Map((await tdb.admin.query<{ id: string; name: string }>(sql)).rows.map((r) => [r.id, r.name]));
    const users = await names(`SELECT user_id AS id, user_alias AS name FROM "LiteLLM_UserTable" WHERE user_alias IS NOT NULL`);
    const teams = await names(`SELECT team_id AS id, team_alias AS name FROM "LiteLLM_TeamTable" WHERE team_alias IS NOT NULL`);
    const hostile = /[,"\r\n<>|{}]|[^\p{ASCII}]/u;
    assert.ok(
      [...users.values(), ...teams.values()].some((n) => hostile.test(n)),
      'the demo data has hostile aliases',
    );
    let checked = 0;
    for (const row of fromCsv) {
      const user = row['resource/tag:user_id'];
      const team = row['resource/tag:team_id'];
      if (user && users.has(user)) {
        assert.equal(row['resource/tag:user_alias'], users.get(user));
        checked++;
      }
      if (team && teams.has(team)) {
        assert.equal(row['resource/tag:team_alias'], teams.get(team));
        checked++;
      }
    }
    assert.ok(
      fromCsv.some((r) => hostile.test(r['resource/tag:user_alias'] ?? '') || hostile.test(r['resource/tag:team_alias'] ?? '')),
      'hostile aliases were exported',
    );
    assert.ok(checked > 100);
  });

  test("--profile ll2cz reproduces ll2cz's worked example (docs/reference/cloudzero.md §5.6) exactly", async () => {
    const out = join(dir, 'worked.jsonl');
    const run = await exportCli([
      '--source',
      'user',
      '--profile',
      'll2cz',
      '--from',
      '2025-01-15',
      '--to',
      '2025-01-15',
      '--format',
      'jsonl',
      '--out',
      out,
    ]);
    assert.equal(run.code, 0, run.stderr);
    const lines = (await readFile(out, 'utf8')).split('\n').filter(Boolean);
    assert.equal(lines.length, 1);
    assert.deepEqual(JSON.parse(lines[0]), WORKED_EXAMPLE);
  });

  test('an invalid row fails the export (exit 5, no file) and is reported with its reason and source row', async () => {
    const out = join(dir, 'invalid.csv');
    const run = await exportCli(['--source', 'user', '--from', '2023-03-01', '--to', '2023-03-01', '--out', out, '--json']);
    assert.equal(run.code, 5);
    assert.ok(!existsSync(out));
    assert.deepEqual(await leftovers('.invalid.csv.'), []);
    assert.match(run.stderr, /cost\/cost "-0\.5" is not an unsigned decimal/);
    assert.match(run.stderr, /LiteLLM_DailyUserSpend date="2023-03-01" user_id="user-1" api_key="sk-test" model="gpt-4"/);
    const doc = JSON.parse(run.stdout) as { error: { kind: string; exitCode: number }; summary: { invalidCount: number; rows: number } };
    assert.equal(doc.error.kind, 'validation');
    assert.equal(doc.error.exitCode, 5);
    assert.equal(doc.summary.invalidCount, 1);
    assert.equal(doc.summary.rows, 1);
  });

  test('--skip-invalid writes the valid rows and still reports the invalid ones', async () => {
    const out = join(dir, 'skipped.csv');
    const run = await exportCli([
      '--source',
      'user',
      '--from',
      '2023-03-01',
      '--to',
      '2023-03-01',
      '--out',
      out,
      '--json',
      '--skip-invalid',
    ]);
    assert.equal(run.code, 0, run.stderr);
    const summary = JSON.parse(run.stdout) as { rows: number; totalCost: string; invalid: { sourceKey: string; reasons: string[] }[] };
    assert.equal(summary.rows, 1);
    assert.equal(summary.totalCost, '0.25');
    assert.equal(summary.invalid.length, 1);
    assert.match(summary.invalid[0].sourceKey, /date="2023-03-01"/);
    assert.match(summary.invalid[0].reasons.join(), /-0\.5/);
    assert.match(run.stderr, /warning: 1 invalid row/);
    assert.equal(csvRows(await readFile(out, 'utf8')).length, 1);
  });

  test("a row found invalid after its identity was written is reported with the identity's columns", async () => {
    // The encoder releases an identity's columns once it holds its bytes (writers.ts); the report rebuilds them.
    // One row per batch, so the valid row is written before the invalid one is read.
    await tdb.admin.query(`${dailyInsert} VALUES
      ('cbf-late-ok', 'user-1', '2023-04-01', 'sk-test', 'gpt-4o', 'gpt-4o', 'openai', 10, 5, 0, 0, 0.25, 1, 1, 0, now()),
      ('cbf-late-neg', 'user-1', '2023-04-02', 'sk-test', 'gpt-4o', 'gpt-4o', 'openai', 10, 5, 0, 0, -0.75, 1, 1, 0, now())`);
    const out = join(dir, 'late.csv');
    const db = await openDatabase({ url: tdb.url });
    try {
      const selection = { source: 'user', profile: 'lens', from: '2023-04-01', to: '2023-04-02' } as const;
      const summary = await exportCbf(db, { selection, format: 'csv', out, skipInvalid: true, batchSize: 1 });
      assert.equal(summary.rows, 1);
      assert.equal(summary.invalid.length, 1);
      assert.match(summary.invalid[0].sourceKey, /date="2023-04-02"/);
      const [written] = csvRows(await readFile(out, 'utf8'));
      const reported = summary.invalid[0].row;
      assert.equal(reported['cost/cost'], '-0.75');
      assert.equal(reported['time/usage_start'], '2023-04-02T00:00:00Z');
      const identity = (row: CbfRow) =>
        Object.fromEntries(Object.entries(row).filter(([c]) => c.startsWith('resource/') || c === 'usage/units'));
      assert.equal(identity(written)['resource/tag:key_alias'], 'test');
      assert.deepEqual(identity(reported), identity(written));
    } finally {
      await db.close();
    }
  });

  test('usage errors exit 2 and write nothing', async () => {
    const out = join(dir, 'usage.csv');
    const run = await exportCli(['--from', '2026-10-31', '--to', '2026-10-01', '--out', out]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--from 2026-10-31 is after --to 2026-10-01/);
    assert.equal((await exportCli(['--source', 'users', '--from', '2026-10-01', '--to', '2026-10-01', '--out', out])).code, 2);
    assert.ok(!existsSync(out));
  });

  test('a connection killed mid-export gives a clear error, a non-zero exit and no file', async () => {
    /** More than the CSV header (~500 bytes): the first batch of rows is in the file. */
    const ROWS_WRITTEN = 16 * 1024;
    await tdb.admin.query(`${dailyInsert}
      SELECT 'kill-' || g, 'user-1', to_char(DATE '2024-01-01' + g % 366, 'YYYY-MM-DD'), 'sk-test', 'model-' || (g / 366), 'g', 'openai', 1, 1, 0, 0, 0.001, 1, 1, 0, now()
      FROM generate_series(0, 399999) g`);
    const out = join(dir, 'killed.csv');
    // The export reads through a proxy the test holds once the temporary file has rows: it then cannot finish
    // (its ~400,000 rows are tens of MB, far more than the socket buffers hold), so the kill always lands mid-COPY.
    // The header alone is written before the export reads anything: a kill then would hit idle pooled sessions.
    const proxy = await pausableProxy(tdb.url);
    try {
      const running = runCliCapture([
        'export',
        '--db',
        proxy.url,
        '--source',
        'user',
        '--from',
        '2024-01-01',
        '--to',
        '2024-12-31',
        '--out',
        out,
        '--json',
      ]);
      const temp = await eventually(
        'the temporary file to hold rows',
        async () => {
          const name = (await leftovers('.killed.csv.'))[0];
          return name && ((await stat(join(dir, name)).catch(() => undefined))?.size ?? 0) > ROWS_WRITTEN ? name : undefined;
        },
        60_000,
      );
      proxy.hold();
      assert.ok(existsSync(join(dir, temp)) && !existsSync(out), 'held while writing the temporary file');
      const { rows } = await tdb.admin.query<{ ok: boolean }>(
        `SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity
         WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name = 'litellm-lens'`,
      );
      assert.ok(
        rows.some((r) => r.ok),
        'the export session was terminated',
      );
      proxy.release();
      const run = await running;
      assert.equal(run.code, 3, run.stderr);
      assert.match(run.stderr, /error: .*(closed the session|terminat)/i);
      assert.equal(JSON.parse(run.stdout).error.kind, 'connection');
      assert.ok(!existsSync(out), 'no file at the destination');
      assert.deepEqual(await leftovers('.killed.csv.'), [], 'no temporary file left');
    } finally {
      await proxy.close();
    }
  });
});
