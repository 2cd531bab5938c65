import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { checkRunnable, requireRunnable } from '../../src/core/analyses/checkRunnable';
import { loadAnalyses } from '../../src/core/analyses/loadAnalyses';
import { selectVariant } from '../../src/core/analyses/optionalParts';
import { runAnalysis } from '../../src/core/analyses/runAnalysis';
import type { Analysis } from '../../src/core/analyses/types';
import { openDatabase, type LensDatabase } from '../../src/core/db/database';
import type { SchemaVersion } from '../../src/core/demo/versions';
import { LensError } from '../../src/core/errors';
import { Capabilities } from '../../src/core/schema/capabilities';
import { introspect } from '../../src/core/schema/introspect';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

// The whole shipped library, so a new .sql file is covered without touching this test.
const LIBRARY = loadAnalyses({ workspaceDirs: [] });
// The demo data's full span (TEST_DEMO_OPTIONS: 90 days ending 2026-10-31).
const FULL_RANGE: Record<string, string> = { from: '2026-08-03', to: '2026-10-31', since: '2026-08-03' };
// Empty on generated data by design: the demo has no keys pointing at missing users or teams.
const EMPTY_ON_DEMO = new Set(['orphaned-keys']);

function rangeParams(a: Analysis): Record<string, string> {
  return Object.fromEntries(a.params.filter((p) => FULL_RANGE[p.name] !== undefined).map((p) => [p.name, FULL_RANGE[p.name]]));
}

function suite(version: SchemaVersion, expectAllRunnable: boolean): void {
  describe(`library on the ${version} schema`, () => {
    let t: TestDatabase;
    let db: LensDatabase;
    let caps: Capabilities;
    before(async () => {
      t = await createTestDatabase({ version });
      db = await openDatabase({ url: t.url });
      caps = new Capabilities(await introspect(db, 'public'));
    });
    after(async () => {
      await db?.close();
      await t?.drop();
    });

    for (const a of LIBRARY) {
      test(`${a.id}: runs with its defaults or names what is missing`, async () => {
        const r = checkRunnable(a, caps);
        if (expectAllRunnable) assert.deepEqual(r.missing, [], `${a.id} should run on ${version}`);
        if (!r.runnable) {
          assert.ok(r.missing.length > 0);
          assert.throws(
            () => requireRunnable(a, caps),
            (err: unknown) =>
              err instanceof LensError && err.kind === 'schema' && err.exitCode === 4 && r.missing.every((m) => err.message.includes(m)),
          );
          return;
        }
        const result = await runAnalysis(db, requireRunnable(a, caps), {}, { maxRows: 50 });
        assert.ok(result.columns.length > 0);
        assert.ok(
          result.columns.every((c) => c.type !== 'unknown'),
          JSON.stringify(result.columns),
        );
        assert.deepEqual(
          Object.keys(result.params),
          a.params.map((p) => p.name),
        );
      });

      test(`${a.id}: returns rows over the demo data's range`, async (ctx) => {
        if (!checkRunnable(a, caps).runnable) return ctx.skip(`not available on ${version}`);
        const result = await runAnalysis(db, requireRunnable(a, caps), rangeParams(a), { maxRows: 5 });
        if (EMPTY_ON_DEMO.has(a.id)) assert.equal(result.rows.length, 0);
        else assert.ok(result.rows.length > 0, `${a.id} returned no rows`);
        for (const row of result.rows) {
          assert.deepEqual(
            Object.keys(row),
            result.columns.map((c) => c.name),
          );
        }
      });
    }
  });
}

suite('1.83', true);
suite('029f645f', true);
suite('early-2025', false);

describe('requires lists everything an analysis reads', () => {
  let t: TestDatabase;
  before(async () => {
    t = await createTestDatabase({ version: '1.83' });
  });
  after(async () => t?.drop());

  // Each analysis runs in a schema holding only the tables and columns its header names: a table or column the
  // SQL reads without declaring it fails here, instead of as a raw SQL error on an older LiteLLM. With only the
  // `-- requires:` entries every `-- optional:` part is absent; with the optional entries too, none is.
  for (const a of LIBRARY) {
    for (const withOptional of a.optional.length > 0 ? [false, true] : [false]) {
      test(`${a.id}${withOptional ? ' (with its optional parts)' : ''}`, async () => {
        const schema = `req_${a.id.replace(/\W/g, '_')}${withOptional ? '_all' : ''}`;
        await t.admin.query(`CREATE SCHEMA "${schema}"`);
        const columns = new Map<string, Set<string>>();
        for (const r of [...a.requires, ...(withOptional ? a.optional.map((o) => o.requirement) : [])]) {
          const set = columns.get(r.table) ?? new Set<string>();
          for (const c of r.columns ?? []) set.add(c);
          columns.set(r.table, set);
        }
        for (const [table, set] of columns) {
          const cols = [...set].map((c) => `"${c}"`).join(', ');
          await t.admin.query(`CREATE TABLE "${schema}"."${table}" AS SELECT ${cols} FROM public."${table}"`);
        }
        const variant = selectVariant(a, new Set(withOptional ? [] : a.optional.map((o) => o.key)));
        const values = a.params.map((p) => (p.type === 'date' ? (FULL_RANGE[p.name] ?? '2026-10-01') : p.default));
        await t.admin.query('BEGIN');
        try {
          await t.admin.query(`SET LOCAL search_path = "${schema}", pg_catalog`);
          await t.admin.query(variant.sql, values);
        } finally {
          await t.admin.query('ROLLBACK');
        }
      });
    }
  }
});
