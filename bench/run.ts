/**
 * `npm run bench`: CBF export throughput against PostgreSQL's own CSV export of the same rows.
 * Builds a private PostgreSQL cluster with 1,000,000 LiteLLM_DailyUserSpend and 1,000,000 LiteLLM_SpendLogs rows
 * (generate_series), then times `litellm-lens export` (the built CLI, dist/cli.js) against `psql \copy (<the
 * export's own source query>) TO file CSV`, best of three each (alternating, so both see the same machine
 * load), and samples the export's peak RSS at two
 * sizes. Targets: wall-time ratio ≤ 2.0 for `--source user` and `--source logs`, peak RSS ≤ 200 MB and flat in N.
 * Env: BENCH_ROWS (default 1000000), LITELLM_LENS_BENCH_DB (use that server instead of a private cluster),
 * LENS_CLI (CLI entry, default dist/cli.js), PSQL (default psql).
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openDatabase } from '../src/core/db/database';
import { inlineParams } from '../src/core/db/inlineParams';
import { lensProfile } from '../src/core/cbf/profiles/lens';
import { planSource, type SourcePlan } from '../src/core/cbf/sources/index';
import type { CbfSelection } from '../src/core/cbf/types';
import { Capabilities } from '../src/core/schema/capabilities';
import { introspect } from '../src/core/schema/introspect';
import { withBenchDatabase } from './benchDatabase';
import { buildBenchDatabase } from './data';
import { bestOfInterleaved, runMeasured, type RunResult } from './measure';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const CLI = resolve(process.env.LENS_CLI ?? 'dist/cli.js');
const PSQL = process.env.PSQL ?? 'psql';
const RUNS = 3;

/** The export's source query (rows as columns) with its parameters inlined, on one line (psql's \copy needs that). */
function copySql(plan: SourcePlan): string {
  return inlineParams(plan.sql, plan.params).replace(/\s+/g, ' ');
}

function exportRun(url: string, selection: CbfSelection, out: string): Promise<RunResult> {
  return runMeasured(process.execPath, [CLI, 'export', '--db', url, '--json', '--source', selection.source, '--profile', selection.profile,
    '--from', selection.from, '--to', selection.to, '--format', 'csv', '--out', out]);
}

/** psql runs with the session settings the engine's read-only transactions use (src/core/db/database.ts). */
const ENGINE_SESSION = '-c jit=off -c work_mem=32MB';

function copyRun(url: string, sql: string, out: string): Promise<RunResult> {
  return runMeasured(PSQL, ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', `\\copy (${sql}) TO '${out}' WITH (FORMAT csv, HEADER)`],
    { ...process.env, PGOPTIONS: ENGINE_SESSION });
}

const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function main(): Promise<void> {
  if (!existsSync(CLI)) throw new Error(`${CLI} not found: run "npm run build" first.`);
  const dir = mkdtempSync(join(tmpdir(), 'lens-bench-'));
  await withBenchDatabase('lens_bench', async ({ url, admin: connectAdmin }) => {
    const admin = await connectAdmin();
    let t = Date.now();
    const shape = await buildBenchDatabase(admin, ROWS);
    await admin.end();
    console.log(`built ${shape.dailyRows} DailyUserSpend + ${shape.logsRows} SpendLogs rows in ${fmt(Date.now() - t)}`);

    const db = await openDatabase({ url: url });
    const caps = new Capabilities(await introspect(db));
    await db.close();
    const results: string[] = [];
    let pass = true;
    for (const [source, range] of [['user', shape.daily], ['logs', shape.logs]] as const) {
      const selection: CbfSelection = { source, profile: 'lens', ...range };
      const sql = copySql(planSource(caps, selection, lensProfile));
      await copyRun(url, sql, join(dir, 'warm.csv'));
      const [base, exp] = await bestOfInterleaved(RUNS, [
        () => copyRun(url, sql, join(dir, `${source}-copy.csv`)),
        () => exportRun(url, selection, join(dir, `${source}-export.csv`)),
      ]);
      const summary = JSON.parse(exp.stdout) as { rows: number; totalCost: string };
      const ratio = exp.wallMs / base.wallMs;
      pass &&= ratio <= 2.0 && exp.peakRssMb <= 200;
      results.push(`--source ${source.padEnd(4)} ${String(summary.rows).padStart(8)} rows  export ${fmt(exp.wallMs)} (${(statSync(join(dir, `${source}-export.csv`)).size / 1e6).toFixed(0)} MB)` +
        `  psql \\copy ${fmt(base.wallMs)}  ratio ${ratio.toFixed(2)} (target ≤ 2.00)  export peak RSS ${exp.peakRssMb.toFixed(0)} MB`);
    }
    // Peak RSS must not grow with N: a quarter of the year against the whole year.
    t = Date.now();
    const quarter = await exportRun(url, { source: 'user', profile: 'lens', from: '2025-01-01', to: '2025-03-31' }, join(dir, 'q.csv'));
    const year = await exportRun(url, { source: 'user', profile: 'lens', ...shape.daily }, join(dir, 'y.csv'));
    const qRows = (JSON.parse(quarter.stdout) as { rows: number }).rows;
    const yRows = (JSON.parse(year.stdout) as { rows: number }).rows;
    const growth = year.peakRssMb - quarter.peakRssMb;
    pass &&= growth <= 25;
    results.push(`peak RSS by N (--source user): ${qRows} rows ${quarter.peakRssMb.toFixed(0)} MB, ${yRows} rows ${year.peakRssMb.toFixed(0)} MB (growth ${growth.toFixed(0)} MB, target ≤ 25)`);
    console.log(`\nCBF export benchmark (${RUNS} alternating runs each, best wall time; PostgreSQL ${caps.model.serverVersion.split(' ')[1]})`);
    for (const line of results) console.log(line);
    console.log(pass ? 'all targets met' : 'TARGET MISSED');
    process.exitCode = pass ? 0 : 1;
  }).finally(() => rmSync(dir, { recursive: true, force: true }));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
