import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loadAnalyses } from '../../src/core/analyses/loadAnalyses';
import { runAnalysis } from '../../src/core/analyses/runAnalysis';
import { openDatabase } from '../../src/core/db/database';
import { runCliCapture } from '../support/runCliCapture';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

const LIBRARY = loadAnalyses({ workspaceDirs: [] });

describe('analyses with optional parts on an early-2025 schema', () => {
  let early: TestDatabase;
  before(async () => {
    early = await createTestDatabase({ version: 'early-2025' });
    // The early-2025 database of issue 19 also lacked these two columns (the demo DDL has them): drop them so every
    // optional part of the library is exercised on one old schema.
    await early.admin.query('ALTER TABLE "LiteLLM_TeamTable" DROP COLUMN soft_budget');
    await early.admin.query('ALTER TABLE "LiteLLM_SpendLogs" DROP COLUMN status');
  });
  after(async () => {
    await early?.drop();
  });

  test('every shipped analysis runs on early-2025, naming in its notes what it ran without', async () => {
    const outcomes: { id: string; code: number; stderr: string; absent: string[] }[] = [];
    for (const a of LIBRARY) {
      const missing = await Promise.all(
        a.optional.map(async (o) => {
          const cols = o.requirement.columns ?? [];
          const { rows } = await early.admin.query<{ n: string }>(
            `SELECT count(*) AS n FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 AND (cardinality($2::text[]) = 0 OR column_name = ANY($2))`,
            [o.requirement.table, cols],
          );
          const have = Number(rows[0].n);
          return (cols.length === 0 ? have === 0 : have < cols.length) ? o.key : undefined;
        }),
      );
      const r = await runCliCapture(['analyses', 'run', a.id, '--format', 'csv', '--db', early.url]);
      outcomes.push({ id: a.id, code: r.code, stderr: r.stderr, absent: missing.filter((k): k is string => k !== undefined) });
    }
    const ran = outcomes.filter((o) => o.code === 0);
    const refused = outcomes.filter((o) => o.code !== 0);
    console.log(
      `early-2025: ${ran.length} of ${outcomes.length} shipped analyses ran; refused: ${refused.map((o) => `${o.id} (exit ${o.code}: ${o.stderr.trim()})`).join('; ') || 'none'}`,
    );
    assert.equal(outcomes.length, 19);
    // None refuses: the six that used to (issue 19's five, plus transaction-detail for SpendLogs.organization_id)
    // run without what they lack and say so on stderr.
    assert.deepEqual(
      refused.map((o) => o.id),
      [],
      refused.map((o) => `${o.id}: ${o.stderr}`).join('\n'),
    );
    const withoutSomething = ran.filter((o) => o.absent.length > 0);
    assert.deepEqual(withoutSomething.map((o) => o.id).sort(), [
      'budget-utilisation',
      'cache-hit-savings',
      'errors-by-model',
      'key-inventory',
      'org-rollup',
      'transaction-detail',
    ]);
    for (const o of ran) {
      // The other note, "data ends …; defaults follow it", says which clock relative dates used.
      const notes = o.stderr.split('\n').filter((l) => l.startsWith('note: ') && l.includes(' is missing: '));
      assert.deepEqual(
        notes.map((l) => l.slice(6).split(' is missing: ')[0]),
        o.absent,
        `${o.id} notes: ${o.stderr}`,
      );
    }
  });

  test('an analysis with optional parts is refused unless it was prepared for a database', async () => {
    const db = await openDatabase({ url: early.url });
    try {
      const raw = LIBRARY.find((a) => a.id === 'org-rollup') ?? assert.fail('no org-rollup');
      await assert.rejects(runAnalysis(db, raw), /has optional parts: run the analysis requireRunnable returns/);
    } finally {
      await db.close();
    }
  });
});
