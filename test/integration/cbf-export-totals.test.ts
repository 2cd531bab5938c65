// CBF export against real PostgreSQL on an early-2025 and a 1.83 schema: every source and profile, both formats.
// The money must equal a brute-force SQL sum of the source table, every row must pass validation, and in the
// lens profile no tag may take two values under one resource/id (CloudZero would keep only the latest).
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { exportCbf } from '../../src/core/cbf/export';
import { PROFILES } from '../../src/core/cbf/profiles/index';
import { DAILY_TABLES } from '../../src/core/cbf/sources/index';
import { CBF_SOURCES, type CbfFormat, type CbfProfile, type CbfRow, type CbfSource } from '../../src/core/cbf/types';
import { validateRow } from '../../src/core/cbf/validate';
import { LensError } from '../../src/core/errors';
import { type EngineFixture, openEngineFixture } from '../support/engineFixture';
import type { TestDatabase } from '../support/testDatabase';

async function readRows(file: string, format: CbfFormat): Promise<CbfRow[]> {
  const text = await readFile(file, 'utf8');
  if (format === 'csv') {
    // Empty cells are absent columns (JSONL omits them).
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    return rows.map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== '')));
  }
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as CbfRow);
}

/** Σ of decimal strings in numeric precision (PostgreSQL does the exact arithmetic). */
async function exactSum(tdb: TestDatabase, values: string[]): Promise<string> {
  const { rows } = await tdb.admin.query<{ s: string }>('SELECT COALESCE(SUM(v::numeric), 0)::text AS s FROM unnest($1::text[]) v', [
    values,
  ]);
  return rows[0].s;
}

async function bruteForceSum(tdb: TestDatabase, source: CbfSource, from: string, to: string): Promise<string> {
  const sql =
    source === 'logs'
      ? `SELECT COALESCE(SUM(spend::numeric), 0)::text AS s FROM "LiteLLM_SpendLogs" WHERE "startTime" >= $1::date AND "startTime" < $2::date + 1`
      : `SELECT COALESCE(SUM(spend::numeric), 0)::text AS s FROM "${DAILY_TABLES[source].table}" WHERE date >= $1 AND date <= $2`;
  const { rows } = await tdb.admin.query<{ s: string }>(sql, [from, to]);
  return rows[0].s;
}

function assertClose(actual: string, expected: string, what: string): void {
  const a = Number(actual);
  const e = Number(expected);
  assert.ok(e > 0, `${what}: the brute-force sum must not be zero (test data missing?)`);
  assert.ok(Math.abs(a - e) <= 1e-9 * Math.abs(e), `${what}: exported Σ ${actual} vs SQL Σ ${expected}`);
}

/** Every resource/tag:* column has one value per resource/id (absent counts as a value too). */
function assertTagsConstantPerResource(rows: CbfRow[], what: string): void {
  const seen = new Map<string, string>();
  const tagKeys = [...new Set(rows.flatMap((r) => Object.keys(r).filter((k) => k.startsWith('resource/tag:'))))];
  for (const row of rows) {
    const tags = JSON.stringify(tagKeys.map((k) => row[k] ?? null));
    const before = seen.get(row['resource/id']);
    if (before === undefined) seen.set(row['resource/id'], tags);
    else assert.equal(tags, before, `${what}: tags differ under resource/id ${row['resource/id']}`);
  }
  assert.ok(seen.size > 1, `${what}: expected several resources`);
}

for (const version of ['early-2025', '1.83'] as const) {
  describe(`CBF export totals and validity (schema ${version})`, () => {
    let fx: EngineFixture;
    let from: string;
    let to: string;

    before(async () => {
      fx = await openEngineFixture({ version }, 'cbf-totals-');
      ({ from, to } = fx.tdb.summary);
    });
    after(() => fx?.close());

    const missing: Partial<Record<CbfSource, string>> =
      version === 'early-2025' ? { org: 'LiteLLM_DailyOrganizationSpend', enduser: 'LiteLLM_DailyEndUserSpend' } : {};

    for (const source of CBF_SOURCES) {
      for (const profile of ['lens', 'll2cz'] as CbfProfile[]) {
        const format: CbfFormat = profile === 'lens' ? 'csv' : 'jsonl';
        test(`--source ${source} --profile ${profile} (${format})`, async () => {
          const out = join(fx.dir, `${source}-${profile}.${format}`);
          const selection = { source, profile, from, to };
          const absent = missing[source];
          if (absent) {
            await assert.rejects(exportCbf(fx.db, { selection, format, out, capabilities: fx.caps }), (err: unknown) => {
              assert.ok(err instanceof LensError);
              assert.equal(err.kind, 'schema');
              assert.equal(err.exitCode, 4);
              assert.match(err.message, new RegExp(absent));
              return true;
            });
            assert.ok(!(await readdir(fx.dir)).some((f) => f.includes(`${source}-${profile}`)), 'no file, not even a temporary one');
            return;
          }
          const summary = await exportCbf(fx.db, { selection, format, out, capabilities: fx.caps });
          const rows = await readRows(out, format);
          assert.equal(rows.length, summary.rows);
          assert.equal(summary.invalidCount, 0);

          // Money: the file, the summary and a brute-force sum of the source table agree.
          const fileSum = await exactSum(
            fx.tdb,
            rows.map((r) => r['cost/cost']),
          );
          assert.equal(Number(fileSum), Number(summary.totalCost));
          assertClose(fileSum, await bruteForceSum(fx.tdb, source, from, to), `${source}/${profile}`);

          // Every row is valid CBF: CZRN regex and 7 fields, tag-key charset, decimals, hour-aligned UTC times.
          for (const row of rows) assert.deepEqual(validateRow(row, PROFILES[profile].validation), [], JSON.stringify(row));
          assert.ok(rows.every((r) => /^czrn:/.test(r['resource/tag:czrn'])));
          const times = rows.map((r) => r['time/usage_start']);
          assert.deepEqual([...times].sort(), times, 'ordered by time/usage_start');
          if (source === 'logs') {
            assert.ok(times.every((t) => /T\d\d:00:00Z$/.test(t)) && new Set(times.map((t) => t.slice(11, 13))).size > 1, 'hourly buckets');
          } else {
            assert.ok(
              times.every((t) => t.endsWith('T00:00:00Z')),
              'daily rows at 00:00Z',
            );
          }
          if (profile === 'lens') assertTagsConstantPerResource(rows, `${source}/${profile}`);
        });
      }
    }

    test('tag totals overlap: their sum equals Σ DailyTagSpend, not total spend', async () => {
      const summary = await exportCbf(fx.db, {
        selection: { source: 'tag', profile: 'lens', from, to },
        format: 'csv',
        out: join(fx.dir, 'tag-overlap.csv'),
        capabilities: fx.caps,
      });
      const { rows } = await fx.tdb.admin.query<{ multi: number }>(
        `SELECT count(*)::int AS multi FROM "LiteLLM_SpendLogs" WHERE jsonb_array_length(request_tags) > 1`,
      );
      assert.ok(rows[0].multi > 0, 'the data has multi-tag requests');
      assertClose(summary.totalCost, await bruteForceSum(fx.tdb, 'tag', from, to), 'tag');
    });

    test('a logs export of a sub-range sums exactly the SpendLogs of that range', async () => {
      const range = { from: fx.tdb.summary.retentionFrom, to: fx.tdb.summary.retentionFrom };
      const summary = await exportCbf(fx.db, {
        selection: { source: 'logs', profile: 'lens', ...range },
        format: 'jsonl',
        out: join(fx.dir, 'logs-day.jsonl'),
        capabilities: fx.caps,
      });
      assert.ok(summary.rows > 0);
      assertClose(summary.totalCost, await bruteForceSum(fx.tdb, 'logs', range.from, range.to), 'logs one day');
    });
  });
}
