import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { formatUsd } from '../../src/shared/format';
import { exportCbf } from '../../src/core/cbf/export';
import { openDatabase, type LensDatabase } from '../../src/core/db/database';
import { Capabilities } from '../../src/core/schema/capabilities';
import { introspect } from '../../src/core/schema/introspect';
import type { SchemaModel } from '../../src/core/schema/model';
import { sourceChoices } from '../../src/extension/logic/cbfChoices';
import { describeTransmit, sendCbf } from '../../src/extension/logic/cbfTransmit';
import { startCloudZeroServer, type FakeCloudZero } from '../support/cloudzeroServer';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

const KEY = 'cz-ext-Secret-Key-77f1';
const CONNECTION = 'lens-ext-connection-1';
const selection = { source: 'user' as const, profile: 'lens' as const, from: '2026-10-01', to: '2026-10-31' };

describe('Export CloudZero CBF / Send CBF to CloudZero over the engines (real PostgreSQL, contract-enforcing CloudZero)', () => {
  let tdb: TestDatabase;
  let db: LensDatabase;
  let model: SchemaModel;
  let cz: FakeCloudZero;
  let dir: string;
  let exported: { rows: number; totalCost: string };

  before(async () => {
    tdb = await createTestDatabase({ version: '1.83' });
    db = await openDatabase({ url: tdb.url, env: {}, applicationName: 'lens-ext-cbf' });
    model = await introspect(db);
    cz = await startCloudZeroServer({ apiKey: KEY, connectionId: CONNECTION });
    dir = mkdtempSync(join(tmpdir(), 'lens-ext-cbf-'));
    exported = await exportCbf(db, { selection, format: 'csv', out: join(dir, 'user.csv'), capabilities: new Capabilities(model) });
  });
  after(async () => {
    await db?.close();
    await tdb?.drop();
    await cz?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test("the source QuickPick marks sources this database cannot serve, with the engine's reason", () => {
    const full = sourceChoices(new Capabilities(model), selection);
    assert.deepEqual(
      full.filter((c) => c.unavailable).map((c) => c.source),
      [],
    );
    const older = new Capabilities({ ...model, tables: model.tables.filter((t) => t.name !== 'LiteLLM_DailyOrganizationSpend') });
    const org = sourceChoices(older, selection).find((c) => c.source === 'org')!;
    assert.match(org.unavailable ?? '', /LiteLLM_DailyOrganizationSpend/);
    assert.equal(sourceChoices(older, selection).filter((c) => c.unavailable).length, 1);
  });

  test('the dry run previews exactly what the export writes and sends nothing', async () => {
    const preview = await sendCbf(db, selection, { connectionId: CONNECTION, operation: 'replace_hourly', dryRun: true, endpoint: cz.url });
    assert.equal(preview.summary.mode, 'dry-run');
    assert.equal(preview.summary.rows, exported.rows);
    assert.equal(preview.summary.totalCost, exported.totalCost);
    assert.equal(preview.invalidCount, 0);
    assert.deepEqual(
      preview.summary.months.map((m) => m.month),
      ['2026-10'],
    );
    assert.equal(cz.requests.length, 0);
    assert.match(
      describeTransmit(preview, selection).headline,
      new RegExp(
        `^Ready to send ${exported.rows.toLocaleString('en-US')} rows, total cost ${formatUsd(Number(exported.totalCost)).replace(/[$.]/g, '\\$&')}`,
      ),
    );
  });

  test('sending delivers every row with the key only in the Authorization header, never in the log', async () => {
    const log: string[] = [];
    const result = await sendCbf(db, selection, {
      connectionId: CONNECTION,
      apiKey: KEY,
      endpoint: cz.url,
      operation: 'replace_hourly',
      dryRun: false,
      log: (l) => log.push(l),
      onNote: (n) => log.push(n),
    });
    assert.equal(result.summary.mode, 'send');
    assert.equal(result.summary.rows, exported.rows);
    assert.equal(
      cz.applied.reduce((s, d) => s + d.rows, 0),
      exported.rows,
    );
    assert.ok(cz.requests.every((r) => r.headers.authorization === KEY));
    assert.equal(cz.stored.get('2026-10')?.length, exported.rows);
    assert.ok(!JSON.stringify({ log, summary: result.summary }).includes(KEY));
  });

  test('an invalid row is left out and reported before anything is sent', async () => {
    await tdb.admin.query(
      `UPDATE "LiteLLM_DailyUserSpend" SET spend = -1.5 WHERE id = (SELECT id FROM "LiteLLM_DailyUserSpend" WHERE "date" = '2026-10-15' ORDER BY id LIMIT 1)`,
    );
    const before = cz.requests.length;
    const preview = await sendCbf(db, selection, { connectionId: CONNECTION, operation: 'replace_hourly', dryRun: true });
    assert.equal(preview.invalidCount, 1);
    assert.equal(preview.summary.rows, exported.rows - 1);
    assert.match(preview.invalid[0].reasons.join(' '), /cost\/cost "-1\.5" is not an unsigned decimal/);
    assert.match(preview.invalid[0].sourceKey, /LiteLLM_DailyUserSpend/);
    assert.match(describeTransmit(preview, selection).detail, /1 invalid row is left out \(not sent\)\./);
    assert.equal(cz.requests.length, before);
  });
});
