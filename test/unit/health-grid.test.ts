import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { HealthReport } from '../../src/core/health/types';
import { drillDownDocument, findingItem, healthGrid } from '../../src/extension/logic/healthGrid';

const report: HealthReport = {
  period: { from: '2026-10-01', to: '2026-10-31' },
  now: '2026-11-01T00:00:00.000Z',
  generation: 'early-2025',
  checks: [],
  findings: [
    {
      check: 'key-after-expiry',
      severity: 'error',
      subject: 'key 9f2c0000… (ci)',
      count: 22,
      money: 5.5,
      explanation: 'after expiry',
      sql: 'SELECT 1',
      details: {},
    },
  ],
  skipped: [
    {
      check: 'key-after-deletion',
      title: 'Spend on keys after they were deleted',
      reason: 'This database (early-2025) has no LiteLLM_DeletedVerificationToken.',
      missing: ['LiteLLM_DeletedVerificationToken'],
    },
  ],
};

describe('Spend Health presentation', () => {
  test('the grid lists findings with count, money and SQL, then skipped checks with their reason', () => {
    const grid = healthGrid(report);
    assert.deepEqual(
      grid.columns.map((c) => c.name),
      ['severity', 'check', 'subject', 'count', 'money_usd', 'explanation', 'drill_down_sql'],
    );
    assert.deepEqual(grid.rows, [
      ['error', 'key-after-expiry', 'key 9f2c0000… (ci)', 22, 5.5, 'after expiry', 'SELECT 1'],
      [
        'skipped',
        'key-after-deletion',
        'Spend on keys after they were deleted',
        null,
        null,
        'This database (early-2025) has no LiteLLM_DeletedVerificationToken.',
        null,
      ],
    ]);
    assert.deepEqual([grid.rowCount, grid.truncated], [2, false]);
  });

  test('pick items and the drill-down document carry the finding', () => {
    assert.deepEqual(findingItem(report.findings[0]), {
      label: '$(error) key 9f2c0000… (ci)',
      description: 'key-after-expiry · 22 rows · $5.50',
      detail: 'after expiry',
    });
    assert.equal(
      drillDownDocument(report.findings[0], report.period),
      '-- Spend health 2026-10-01 … 2026-10-31: key-after-expiry (error) — key 9f2c0000… (ci)\n-- 22 rows, $5.5\nSELECT 1\n',
    );
  });
});
