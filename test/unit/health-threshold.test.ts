import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LensError } from '../../src/core/errors';
import { parseFailOn, reachesThreshold } from '../../src/core/health/runHealthCheck';
import type { Finding, HealthReport, Severity } from '../../src/core/health/types';

const finding = (severity: Severity): Finding => ({
  check: 'spike',
  severity,
  subject: 's',
  count: 1,
  money: 1,
  explanation: '',
  sql: 'SELECT 1',
  details: {},
});
const report = (...severities: Severity[]): HealthReport => ({
  period: { from: '2026-10-01', to: '2026-10-31' },
  now: '',
  generation: '1.83',
  checks: [],
  findings: severities.map(finding),
  skipped: [],
});

describe('--fail-on', () => {
  test('warning fails on warnings and errors, error only on errors; info never fails', () => {
    assert.equal(reachesThreshold(report(), 'warning'), false);
    assert.equal(reachesThreshold(report('info'), 'warning'), false);
    assert.equal(reachesThreshold(report('info', 'warning'), 'warning'), true);
    assert.equal(reachesThreshold(report('warning'), 'error'), false);
    assert.equal(reachesThreshold(report('info', 'error'), 'error'), true);
    assert.equal(reachesThreshold(report('error'), 'warning'), true);
  });
  test('only warning and error are accepted (a usage error otherwise)', () => {
    assert.equal(parseFailOn('warning'), 'warning');
    assert.equal(parseFailOn('error'), 'error');
    assert.throws(
      () => parseFailOn('info'),
      (e: unknown) => e instanceof LensError && e.kind === 'usage' && /Unknown --fail-on info/.test(e.message),
    );
  });
});
