import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { openDatabase, type LensDatabase } from '../../src/core/db/database';
import { writeCsv, writeJson } from '../../src/core/analyses/writers';
import { LensError } from '../../src/core/errors';
import { exportQuery } from '../../src/extension/logic/exportQuery';
import { runGridQuery } from '../../src/extension/logic/gridQuery';
import { previewSql } from '../../src/extension/logic/sqlText';
import { eventually } from '../support/eventually';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

const isKind = (kind: LensError['kind']) => (err: unknown) => err instanceof LensError && err.kind === kind;

describe('query runner and export behind the extension commands (real PostgreSQL)', () => {
  let tdb: TestDatabase;
  let db: LensDatabase;
  let dir: string;

  before(async () => {
    tdb = await createTestDatabase({ version: '1.83' });
    db = await openDatabase({ url: tdb.url, statementTimeoutMs: 5000, applicationName: 'lens-ext-query' });
    dir = mkdtempSync(join(tmpdir(), 'lens-ext-export-'));
  });
  after(async () => {
    await db?.close();
    await tdb?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the grid gets typed columns and cells for every PostgreSQL shape, capped at maxRows', async () => {
    const sql = `SELECT g AS n, (g * 1.5)::numeric(12,4) AS amount, 'row ' || g AS label, g % 2 = 0 AS even,
                        jsonb_build_object('g', g) AS doc, timestamp '2026-10-01 00:00:00' + g * interval '1 second' AS at,
                        decode('00ff', 'hex') AS bytes, NULL::text AS nothing
                 FROM generate_series(1, $1::int) g`;
    const r = await runGridQuery(db, sql, [100_000], { maxRows: 60_000 });
    assert.deepEqual(
      r.columns.map((c) => [c.name, c.type, c.kind]),
      [
        ['n', 'int4', 'number'],
        ['amount', 'numeric', 'number'],
        ['label', 'text', 'text'],
        ['even', 'bool', 'boolean'],
        ['doc', 'jsonb', 'json'],
        ['at', 'timestamp', 'time'],
        ['bytes', 'bytea', 'text'],
        ['nothing', 'text', 'text'],
      ],
    );
    assert.equal(r.rows.length, 60_000);
    assert.equal(r.rowCount, 60_001, 'reading stops one row past the cap');
    assert.equal(r.truncated, true);
    const all = await runGridQuery(db, sql, [100_000], { maxRows: 100_000 });
    assert.deepEqual([all.rowCount, all.rows.length, all.truncated], [100_000, 100_000, false]);
    assert.deepEqual(r.rows[1], [2, '3.0000', 'row 2', true, '{"g":2}', '2026-10-01T00:00:02.000Z', '\\x00ff', null]);
    assert.ok(r.elapsedMs >= 0);
  });

  test('table previews are parameterised and read real LiteLLM tables', async () => {
    const r = await runGridQuery(db, previewSql('public', 'LiteLLM_SpendLogs'), [7], { maxRows: 100 });
    assert.equal(r.rows.length, 7);
    assert.ok(r.columns.some((c) => c.name === 'startTime' && c.kind === 'time'));
    assert.ok(r.columns.some((c) => c.name === 'spend' && c.kind === 'number'));
  });

  test('several statements, writes and timeouts fail with errors that say what to do', async () => {
    await assert.rejects(
      runGridQuery(db, 'SELECT 1; SELECT 2', [], { maxRows: 10 }),
      (err: unknown) =>
        isKind('usage')(err) &&
        /more than one statement/.test((err as LensError).message) &&
        /Select the statement/.test((err as LensError).hint ?? ''),
    );
    assert.equal((await runGridQuery(db, 'SELECT 1 AS one; -- done', [], { maxRows: 10 })).rows[0][0], 1, 'a trailing semicolon is fine');
    const shown = await runGridQuery(db, 'SHOW default_transaction_read_only', [], { maxRows: 10 });
    assert.deepEqual(
      [shown.columns[0].name, shown.rows],
      ['default_transaction_read_only', [['on']]],
      'statements that cannot be wrapped run as they are',
    );
    await assert.rejects(runGridQuery(db, 'DELETE FROM "LiteLLM_SpendLogs"', [], { maxRows: 10 }), isKind('readonly'));
    const { rows } = await tdb.admin.query('SELECT count(*)::int AS n FROM "LiteLLM_SpendLogs"');
    assert.equal(rows[0].n, tdb.summary.spendLogsRows, 'nothing was deleted');
    const short = await openDatabase({ url: tdb.url, statementTimeoutMs: 300, applicationName: 'lens-ext-timeout' });
    try {
      await assert.rejects(runGridQuery(short, 'SELECT pg_sleep(3)', [], { maxRows: 10 }), isKind('timeout'));
    } finally {
      await short.close();
    }
  });

  test('cancel reaches the server: the backend stops running the statement', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const running = runGridQuery(db, 'SELECT pg_sleep(30)', [], { maxRows: 10, signal: controller.signal });
    await eventually('the query to run on the server', async () => (await activeLensQueries()).length === 1);
    controller.abort();
    await assert.rejects(running, isKind('cancelled'));
    assert.ok(Date.now() - started < 10_000);
    await eventually('no query left on the server', async () => (await activeLensQueries()).length === 0);
  });

  test('CSV export streams every row (not the grid cap) and matches a brute-force sum', async () => {
    const out = join(dir, 'spend.csv');
    const progress: number[] = [];
    const sql = 'SELECT request_id, "user", team_id, spend, "startTime", request_tags FROM "LiteLLM_SpendLogs" ORDER BY request_id';
    const summary = await exportQuery(db, sql, [], { format: 'csv', out, delimiter: ';', onProgress: (n) => progress.push(n) });
    const records = parse(readFileSync(out, 'utf8'), { delimiter: ';', columns: true }) as Record<string, string>[];
    const truth = await tdb.admin.query('SELECT count(*)::int AS n, sum(spend)::float8 AS s FROM "LiteLLM_SpendLogs"');
    assert.equal(summary.rows, truth.rows[0].n);
    assert.equal(records.length, truth.rows[0].n);
    assert.ok(Math.abs(records.reduce((s, r) => s + Number(r.spend), 0) - truth.rows[0].s) < 1e-6);
    assert.deepEqual(Object.keys(records[0]), ['request_id', 'user', 'team_id', 'spend', 'startTime', 'request_tags']);
    assert.match(records[0].startTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.ok(Array.isArray(JSON.parse(records[0].request_tags)), 'jsonb arrives as JSON text');
    assert.equal(progress.at(-1), summary.rows);
    assert.ok(progress.length >= Math.ceil(summary.rows / 2000));
    assert.deepEqual(readdirSync(dir), ['spend.csv'], 'no temporary file is left');
  });

  test('JSON export keeps JSON structured and NULL as null; an empty result still gets a header', async () => {
    const out = join(dir, 'docs.json');
    await exportQuery(db, `SELECT g AS n, jsonb_build_object('k', g) AS doc, NULL::int AS missing FROM generate_series(1, 3) g`, [], {
      format: 'json',
      out,
    });
    assert.deepEqual(
      JSON.parse(readFileSync(out, 'utf8')),
      [1, 2, 3].map((n) => ({ n, doc: { k: n }, missing: null })),
    );
    const empty = join(dir, 'empty.csv');
    const s = await exportQuery(db, 'SELECT 1 AS a, 2 AS b WHERE false', [], { format: 'csv', out: empty, columns: ['a', 'b'] });
    assert.equal(s.rows, 0);
    assert.equal(readFileSync(empty, 'utf8'), 'a,b\n');
    const emptyJson = join(dir, 'empty.json');
    await exportQuery(db, 'SELECT 1 AS a WHERE false', [], { format: 'json', out: emptyJson });
    assert.deepEqual(JSON.parse(readFileSync(emptyJson, 'utf8')), []);
  });

  test('the extension export and the CLI analysis writers encode the same rows byte for byte (one encoder)', async () => {
    const own = mkdtempSync(join(tmpdir(), 'lens-encoders-'));
    try {
      const sql = `SELECT * FROM (VALUES
        ('Acme, "Labs"', 1.5::float8, 42::int8, 12.30::numeric, '["prod","a,b"]'::jsonb, '\\x01ff'::bytea, true, '2026-10-31T12:00:00Z'::timestamptz),
        (E'Platform\nInfra', 0::float8, NULL, NULL, '{"k":{"n":1}}'::jsonb, NULL, NULL, NULL),
        ('=HYPERLINK("x")', -2::float8, -1::int8, -0.5::numeric, 'null'::jsonb, ''::bytea, false, '2026-01-01'::timestamptz)
      ) AS t(alias, spend, big, amount, tags, raw, blocked, at)`;
      for (const format of ['csv', 'json'] as const) {
        const ext = join(own, `ext.${format}`);
        const cli = join(own, `cli.${format}`);
        await exportQuery(db, sql, [], { format, out: ext });
        await (format === 'csv' ? writeCsv : writeJson)(cli, { columns: [], batches: db.cursor(sql, [], { batchSize: 2 }) });
        assert.equal(readFileSync(ext, 'utf8'), readFileSync(cli, 'utf8'), format);
      }
      const rows = JSON.parse(readFileSync(join(own, 'cli.json'), 'utf8')) as Record<string, unknown>[];
      assert.deepEqual(rows[0], {
        alias: 'Acme, "Labs"',
        spend: 1.5,
        big: 42,
        amount: '12.30',
        tags: ['prod', 'a,b'],
        raw: '\\x01ff',
        blocked: true,
        at: '2026-10-31T12:00:00.000Z',
      });
      assert.deepEqual(rows[1], {
        alias: 'Platform\nInfra',
        spend: 0,
        big: null,
        amount: null,
        tags: { k: { n: 1 } },
        raw: null,
        blocked: null,
        at: null,
      });
      assert.ok(readFileSync(join(own, 'cli.csv'), 'utf8').includes(`\n"'=HYPERLINK(""x"")",`), 'formulas escaped in both');
    } finally {
      rmSync(own, { recursive: true, force: true });
    }
  });

  test('a cancelled export leaves no file behind and stops the server-side query', async () => {
    const out = join(dir, 'cancelled.csv');
    const controller = new AbortController();
    const running = exportQuery(
      db,
      `SELECT a, b, repeat('x', 50) AS pad FROM generate_series(1, 10000) a CROSS JOIN generate_series(1, 10000) b`,
      [],
      {
        format: 'csv',
        out,
        signal: controller.signal,
        onProgress: (n) => n >= 4000 && controller.abort(),
      },
    );
    await assert.rejects(running, isKind('cancelled'));
    assert.equal(existsSync(out), false);
    assert.deepEqual(
      readdirSync(dir).filter((f) => f.startsWith('cancelled')),
      [],
    );
    await eventually('no query left on the server', async () => (await activeLensQueries()).length === 0);
  });

  async function activeLensQueries(): Promise<string[]> {
    const { rows } = await tdb.admin.query(
      `SELECT query FROM pg_stat_activity WHERE application_name = 'lens-ext-query' AND state = 'active' AND query NOT LIKE 'SELECT pg_cancel_backend%'`,
    );
    return rows.map((r: { query: string }) => r.query);
  }
});
