import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openDatabase, type LensDatabase } from '../../src/core/db/database';
import { runHealthCheck } from '../../src/core/health/runHealthCheck';
import type { HealthReport } from '../../src/core/health/types';
import { Capabilities } from '../../src/core/schema/capabilities';
import { introspect } from '../../src/core/schema/introspect';
import { runGridQuery } from '../../src/extension/logic/gridQuery';
import { healthGrid } from '../../src/extension/logic/healthGrid';
import { createHealthFixture, FROM, type HealthFixture, NOW, TO } from '../support/healthFixture';

describe("Spend Health in the extension: the report grid and each drill-down through the results grid's runner", () => {
  let fx: HealthFixture;
  let db: LensDatabase;
  let report: HealthReport;
  before(async () => {
    fx = await createHealthFixture('planted');
    db = await openDatabase({ url: fx.url });
    report = await runHealthCheck(db, new Capabilities(await introspect(db)), { from: FROM, to: TO, now: NOW });
  });
  after(async () => {
    await db?.close();
    await fx?.drop();
  });

  test('the report grid has one row per finding, most severe first', () => {
    const grid = healthGrid(report);
    assert.equal(grid.rows.length, report.findings.length);
    const order = { error: 0, warning: 1, info: 2 } as Record<string, number>;
    const ranks = grid.rows.map((r) => order[String(r[0])]);
    assert.deepEqual(
      ranks,
      [...ranks].sort((a, b) => a - b),
    );
  });

  test("every drill-down opens in the grid with exactly the finding's rows", async () => {
    for (const f of report.findings) {
      const result = await runGridQuery(db, f.sql, [], { maxRows: 10_000 });
      assert.equal(result.rowCount, f.count, `${f.check} ${f.subject}`);
      assert.equal(result.truncated, false);
      if (f.check === 'key-after-expiry') {
        assert.deepEqual(
          result.columns.slice(0, 2).map((c) => c.name),
          ['request_id', 'startTime'],
        );
      }
    }
  });
});
