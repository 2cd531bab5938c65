import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { HealthReport } from '../../src/core/health/types';
import { FINDINGS_EXIT_CODE } from '../../src/cli/commands/check';
import { runCliCapture } from '../support/runCliCapture';
import { createHealthFixture, FROM, type HealthFixture, KEYS, TO } from '../support/healthFixture';

const check = (url: string, ...extra: string[]) => runCliCapture(['check', '--db', url, '--from', FROM, '--to', TO, ...extra]);

describe('litellm-lens check', () => {
  let clean: HealthFixture;
  let planted: HealthFixture;
  before(async () => {
    [clean, planted] = await Promise.all([createHealthFixture('clean'), createHealthFixture('planted')]);
  });
  after(async () => {
    await clean?.drop();
    await planted?.drop();
  });

  test('--json: one document with findings and skipped; a clean database exits 0 even with --fail-on warning', async () => {
    const r = await check(clean.url, '--json', '--fail-on', 'warning');
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as HealthReport;
    assert.deepEqual([report.findings, report.skipped, report.period], [[], [], { from: FROM, to: TO }]);
    assert.equal(report.checks.length, 12);
  });

  test('findings at or above --fail-on exit 6; the JSON carries check, severity, count, money, explanation and sql', async () => {
    for (const failOn of ['warning', 'error']) {
      const r = await check(planted.url, '--json', '--fail-on', failOn);
      assert.equal(r.code, FINDINGS_EXIT_CODE, `${failOn}: ${r.stderr}`);
      assert.equal(FINDINGS_EXIT_CODE, 6);
      const report = JSON.parse(r.stdout) as HealthReport;
      assert.ok(report.findings.some((f) => f.severity === 'error'));
      for (const f of report.findings) {
        assert.deepEqual(Object.keys(f), ['check', 'severity', 'subject', 'count', 'money', 'explanation', 'sql', 'details']);
      }
    }
  });

  test('without --fail-on findings are reported and the exit code is 0; text output lists them', async () => {
    const r = await check(planted.url);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /\[error\] key-after-deletion: key [0-9a-f]{8}… \(echo\) — 6 rows, \$3/);
    assert.match(r.stdout, /\[info\] member-budget-no-reset/);
  });

  test('findings below the threshold exit 0: a warning-only database with --fail-on error', async () => {
    // Only a counter drift (warning): the key's counter edited by hand.
    await clean.admin.query('UPDATE "LiteLLM_VerificationToken" SET spend = spend + 1.25 WHERE token = $1', [KEYS.bravo.token]);
    try {
      const below = await check(clean.url, '--json', '--fail-on', 'error');
      assert.equal(below.code, 0, below.stderr);
      const report = JSON.parse(below.stdout) as HealthReport;
      assert.deepEqual(
        report.findings.map((f) => [f.check, f.severity, f.subject]),
        [['counter-drift', 'warning', 'key bravo']],
      );
      assert.ok(Math.abs(report.findings[0].money - 1.25) < 1e-9);
      const at = await check(clean.url, '--json', '--fail-on', 'warning');
      assert.equal(at.code, 6);
    } finally {
      await clean.admin.query('UPDATE "LiteLLM_VerificationToken" SET spend = spend - 1.25 WHERE token = $1', [KEYS.bravo.token]);
    }
  });

  test('bad flags are usage errors (exit 2) with a hint', async () => {
    const bad = await check(clean.url, '--fail-on', 'info');
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /Unknown --fail-on info[\s\S]*hint: Use warning/);
    const missing = await runCliCapture(['check', '--db', clean.url, '--to', TO]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /Missing --from/);
  });

  test('--help lists check and exit code 6', async () => {
    const r = await runCliCapture(['--help']);
    assert.match(
      r.stdout,
      /check +Spend health[\s\S]*litellm-lens check --from YYYY-MM-DD --to YYYY-MM-DD \[--json\] \[--fail-on warning\|error\]/,
    );
    assert.match(r.stdout, /6 check findings at or above --fail-on/);
  });
});
