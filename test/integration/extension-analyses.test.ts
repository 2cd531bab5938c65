import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { loadAnalyses } from '../../src/core/analyses/loadAnalyses';
import { parseAnalysis } from '../../src/core/analyses/parseAnalysis';
import { openDatabase, type LensDatabase } from '../../src/core/db/database';
import { LensError } from '../../src/core/errors';
import { Capabilities } from '../../src/core/schema/capabilities';
import { introspect } from '../../src/core/schema/introspect';
import { analysisHeader, analysisQuery } from '../../src/extension/logic/analysisRun';
import { exportQuery } from '../../src/extension/logic/exportQuery';
import { runGridQuery } from '../../src/extension/logic/gridQuery';
import { createTestDatabase, TEST_DEMO_OPTIONS, type TestDatabase } from '../support/testDatabase';

const analyses = loadAnalyses();
const byId = (id: string) => analyses.find((a) => a.id === id)!;
const NOW = new Date(`${TEST_DEMO_OPTIONS.endDate}T12:00:00Z`);

describe('Run Saved Analysis and Export Results over the analyses engine (real PostgreSQL)', () => {
  let recent: TestDatabase;
  let db: LensDatabase;
  let caps: Capabilities;
  let dir: string;

  before(async () => {
    recent = await createTestDatabase({ version: '1.83' });
    db = await openDatabase({ url: recent.url, env: {}, applicationName: 'lens-ext-analyses' });
    caps = new Capabilities(await introspect(db));
    dir = mkdtempSync(join(tmpdir(), 'lens-ext-analyses-'));
  });
  after(async () => {
    await db?.close();
    await recent?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('top users with defaults: the grid rows add up to the brute-force total of the period', async () => {
    const query = analysisQuery(byId('top-users'), caps, { limit: '100000' }, NOW);
    assert.deepEqual(query.byName, { from: '2026-10-01', to: '2026-10-31', limit: 100000 });
    // The results panel names the run and the values it used (issue 19: "results show the parameter values").
    assert.deepEqual(analysisHeader(query, db.connection.display), {
      title: byId('top-users').name,
      connection: db.connection.display,
      sql: query.sql,
      params: query.params,
      named: [
        ['from', '2026-10-01'],
        ['to', '2026-10-31'],
        ['limit', 100000],
      ],
      notes: [],
    });
    const grid = await runGridQuery(db, query.sql, query.params, { maxRows: 100_000 });
    const spend = grid.columns.findIndex((c) => c.name === 'spend');
    assert.equal(grid.columns[spend].kind, 'number');
    const truth = await recent.admin.query(
      `SELECT sum(spend)::float8 AS s, count(DISTINCT user_id)::int AS n FROM "LiteLLM_DailyUserSpend" WHERE "date" BETWEEN $1 AND $2`,
      ['2026-10-01', '2026-10-31'],
    );
    assert.equal(grid.rows.length, truth.rows[0].n);
    const total = grid.rows.reduce((s, r) => s + Number(r[spend]), 0);
    assert.ok(Math.abs(total - truth.rows[0].s) < 1e-6, `${total} vs ${truth.rows[0].s}`);
  });

  test('the export re-runs the analysis with the same bound values and streams every row', async () => {
    const query = analysisQuery(byId('team-spend'), caps, { from: '2026-09-01', to: '2026-10-31' }, NOW);
    const grid = await runGridQuery(db, query.sql, query.params, { maxRows: 3 });
    const out = join(dir, 'team-spend.csv');
    const summary = await exportQuery(db, query.sql, query.params, { format: 'csv', out, columns: grid.columns.map((c) => c.name) });
    const records = parse(readFileSync(out, 'utf8'), { columns: true }) as Record<string, string>[];
    const truth = await recent.admin.query(
      `SELECT count(DISTINCT team_id)::int AS n, sum(spend)::float8 AS s FROM "LiteLLM_DailyTeamSpend" WHERE "date" BETWEEN '2026-09-01' AND '2026-10-31'`,
    );
    assert.equal(summary.rows, truth.rows[0].n);
    assert.equal(records.length, truth.rows[0].n);
    assert.ok(grid.truncated && grid.rows.length === 3, 'the grid is capped, the export is not');
    assert.ok(Math.abs(records.reduce((s, r) => s + Number(r.spend), 0) - truth.rows[0].s) < 1e-6);
  });

  test('an analysis this LiteLLM version cannot run is refused before any SQL, naming what is missing', async () => {
    const early = await createTestDatabase({ version: 'early-2025' });
    const edb = await openDatabase({ url: early.url, env: {}, applicationName: 'lens-ext-analyses' });
    try {
      const earlyCaps = new Capabilities(await introspect(edb));
      const needsOrgDaily = parseAnalysis(
        '-- requires: LiteLLM_DailyOrganizationSpend(date)\nSELECT "date" FROM "LiteLLM_DailyOrganizationSpend"',
        { id: 'org-daily', origin: 'workspace' },
      );
      assert.throws(
        () => analysisQuery(needsOrgDaily, earlyCaps, {}, NOW),
        (err: unknown) => err instanceof LensError && err.kind === 'schema' && /LiteLLM_DailyOrganizationSpend/.test(err.message),
      );
      // org-rollup can do without that table (`-- optional:`): the panel gets the SQL variant that runs here.
      const rollup = analysisQuery(byId('org-rollup'), earlyCaps, {}, NOW);
      const grid = await runGridQuery(edb, rollup.sql, rollup.params, { maxRows: 100 });
      assert.ok(grid.rows.length > 0);
      assert.deepEqual(
        rollup.notes.map((n) => n.split(' is missing: ')[0]),
        ['LiteLLM_DailyOrganizationSpend'],
      );
      assert.deepEqual(
        analysisHeader(rollup, edb.connection.display).notes,
        rollup.notes,
        'the panel shows the missing figures, not only a toast',
      );
      assert.throws(
        () => analysisQuery(byId('top-users'), caps, { from: 'someday' }, NOW),
        (err: unknown) => err instanceof LensError && err.kind === 'usage' && /"someday" is not a date/.test(err.message),
      );
    } finally {
      await edb.close();
      await early.drop();
    }
  });
});
