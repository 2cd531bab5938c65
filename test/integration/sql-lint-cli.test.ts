import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCliCapture } from '../support/runCliCapture';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

const FIXTURE = relative(process.cwd(), join(__dirname, '../fixtures/sql/original-analysis.sql'));
const ANALYSES = relative(process.cwd(), join(__dirname, '../../analyses'));

interface Finding {
  file: string;
  line: number;
  column: number;
  severity: string;
  code: string;
  message: string;
}

describe('litellm-lens lint', () => {
  let dir: string;
  let early: TestDatabase;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lens-lint-'));
    early = await createTestDatabase({ version: 'early-2025' });
  });
  after(async () => {
    await early?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the shipped analyses: no finding, exit 0', async () => {
    const r = await runCliCapture(['lint', ANALYSES]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /19 file\(s\) checked against LiteLLM 029f645f \(bundled catalog\): 0 error\(s\), 0 warning\(s\)/);
  });

  test('the original analysis: each mistake at file:line:col, exit 5', async () => {
    const r = await runCliCapture(['lint', FIXTURE]);
    assert.equal(r.code, 5);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines.length, 21);
    assert.ok(
      lines.includes(
        `${FIXTURE}:48:8 error unquoted-identifier startTime is not quoted, so PostgreSQL folds it to starttime (column starttime does not exist). Write "startTime".`,
      ),
    );
    const codeAt = (line: number, code: string) => lines.some((l) => l.startsWith(`${FIXTURE}:${line}:`) && l.includes(` ${code} `));
    assert.ok(codeAt(12, 'unquoted-identifier'), 'query 1: relation "litellm_usertable"');
    assert.ok(codeAt(28, 'daily-double-count') && codeAt(29, 'membership-fanout'), 'query 2: user + team daily, membership fan-out');
    assert.ok(codeAt(38, 'sum-distinct-spend') && codeAt(39, 'sum-distinct-spend'), 'query 3: SUM(DISTINCT spend)');
    assert.ok(codeAt(61, 'unquoted-identifier'), 'query 4: ORDER BY sl.startTime');
  });

  test('--json: {"findings": [...]} with the contract keys; warnings alone exit 0', async () => {
    const file = join(dir, 'warn.sql');
    writeFileSync(file, '-- a warning only\nSELECT SUM(DISTINCT spend)\nFROM "LiteLLM_DailyUserSpend";\n');
    const r = await runCliCapture(['lint', '--json', dir]);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as { findings: Finding[] };
    assert.deepEqual(
      doc.findings.map((f) => Object.keys(f)),
      [['file', 'line', 'column', 'severity', 'code', 'message']],
    );
    assert.deepEqual(
      { ...doc.findings[0], message: '' },
      { file: relative(process.cwd(), file), line: 2, column: 8, severity: 'warning', code: 'sum-distinct-spend', message: '' },
    );
    const all = JSON.parse((await runCliCapture(['lint', '--json', FIXTURE, ANALYSES])).stdout) as { findings: Finding[] };
    assert.equal(all.findings.length, 21);
    assert.ok(all.findings.every((f) => f.file === FIXTURE));
  });

  test('--db checks against the connected version and names it', async () => {
    const file = join(dir, 'org.sql');
    writeFileSync(
      file,
      'SELECT sl.organization_id, SUM(sl.spend)\nFROM "LiteLLM_SpendLogs" sl GROUP BY 1;\nSELECT * FROM "LiteLLM_DailyAgentSpend";\n',
    );
    const bundled = await runCliCapture(['lint', file]);
    assert.equal(bundled.code, 0, bundled.stdout);
    const r = await runCliCapture(['lint', file, '--db', early.url]);
    assert.equal(r.code, 5, r.stderr);
    const out = r.stdout.trim().split('\n');
    assert.equal(out.length, 2);
    assert.match(
      out[0],
      /org\.sql:1:11 error unknown-column Column organization_id does not exist on LiteLLM_SpendLogs in LiteLLM early-2025 \(connected: .*\)\. It was added in LiteLLM 1\.83\.$/,
    );
    assert.match(out[1], /org\.sql:3:15 error unknown-table Table LiteLLM_DailyAgentSpend does not exist in LiteLLM early-2025/);
  });

  test('bad input: no path, or a path that does not exist, is a usage error (exit 2)', async () => {
    assert.equal((await runCliCapture(['lint'])).code, 2);
    const missing = await runCliCapture(['lint', join(dir, 'nope.sql')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no such file or directory/);
  });
});
