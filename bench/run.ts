/**
 * `npm run bench`: CBF export throughput against PostgreSQL's own CSV export of the same raw rows.
 * Builds a private PostgreSQL cluster shaped like issue 15's database (bench/data.ts: ~2,060 keys, 30 users,
 * 7 teams, 3 organisations, 12 models over 5 providers, awkward aliases), then times `litellm-lens export` (the
 * built CLI, dist/cli.js) in CSV and JSONL against `psql \copy (SELECT * FROM <source table> WHERE <range>) TO
 * file CSV` of the raw rows (docs/design.md §5: never our own query), best of three each, alternating so all see the
 * same machine load. Every size prints export seconds, \copy seconds of the raw rows, the ratio, peak RSS, rows
 * and bytes: `--source user` at BENCH_ROWS/10, BENCH_ROWS and 3 × BENCH_ROWS daily rows, `--source logs` at as many
 * SpendLogs rows (CSV; JSONL too at BENCH_ROWS). The export's own read statement alone through `\copy` (one run)
 * shows how much of the time is the server's.
 * Targets: wall-time ratio ≤ 2.5 for `--source user` and `--source logs`, peak RSS ≤ 200 MB and flat in N.
 * Env: BENCH_ROWS (default 1000000), BENCH_RUNS (default 3), LITELLM_LENS_BENCH_DB (use that server instead of
 * a private cluster), BENCH_BUILT_DB (measure a database this script built before with the same BENCH_ROWS,
 * left in place, instead of building one), LENS_CLI (CLI entry, default dist/cli.js), PSQL (default psql).
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openDatabase, plannerSettings } from '../src/core/db/database';
import { inlineParams } from '../src/core/db/inlineParams';
import { lensProfile } from '../src/core/cbf/profiles/lens';
import { planSource } from '../src/core/cbf/sources/index';
import type { CbfFormat, CbfSelection } from '../src/core/cbf/types';
import { Capabilities } from '../src/core/schema/capabilities';
import { introspect } from '../src/core/schema/introspect';
import { withBenchDatabase } from './benchDatabase';
import { benchShape, buildBenchDatabase, type BenchShape } from './data';
import { postmasterOf } from './cpu';
import { bestOfInterleaved, runMeasured, type RunResult, withServerCpu } from './measure';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const CLI = resolve(process.env.LENS_CLI ?? 'dist/cli.js');
const PSQL = process.env.PSQL ?? 'psql';
const RATIO_TARGET = 2.5;
const RSS_TARGET_MB = 200;
/** Allowed peak RSS growth from the smallest to the largest size ("flat"). */
const RSS_GROWTH_MB = 25;

/** The raw rows of a source's range, as the export reads them (sources/daily.ts and logs.ts use the same bounds). */
function rawCopySql(source: 'user' | 'logs', from: string, to: string): string {
  return source === 'user'
    ? `SELECT * FROM "LiteLLM_DailyUserSpend" WHERE date >= '${from}' AND date <= '${to}'`
    : `SELECT * FROM "LiteLLM_SpendLogs" WHERE "startTime" >= '${from}'::date AND "startTime" < '${to}'::date + 1`;
}

function exportRun(url: string, selection: CbfSelection, format: CbfFormat, out: string): Promise<RunResult> {
  // No statement timeout: the CLI's default (60 s) stops a 1M-row export on a loaded machine, and \copy has none either.
  return runMeasured(process.execPath, [
    CLI,
    'export',
    '--db',
    url,
    '--json',
    '--statement-timeout',
    '0',
    '--source',
    selection.source,
    '--profile',
    selection.profile,
    '--from',
    selection.from,
    '--to',
    selection.to,
    '--format',
    format,
    '--out',
    out,
  ]);
}

/** psql runs with the planner settings the engine's read-only transactions use (src/core/db/database.ts). */
function copyRun(url: string, sql: string, out: string, session: string): Promise<RunResult> {
  return runMeasured(
    PSQL,
    ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', `\\copy (${sql.replace(/\s+/g, ' ')}) TO '${out}' WITH (FORMAT csv, HEADER)`],
    { ...process.env, PGOPTIONS: session },
  );
}

const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mb = (path: string) => `${(statSync(path).size / 1e6).toFixed(0)} MB`;
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
const rowsOf = (r: RunResult) => (JSON.parse(r.stdout) as { rows: number }).rows;

const CORES = availableParallelism();

/**
 * Where the CPU went, the export's against \copy's: this process's and the server's. Both run at once on this
 * machine's cores, so the export's wall time cannot fall below its whole CPU time spread over every core: that
 * bound, divided by \copy's wall time, is the lowest ratio this build can reach here.
 */
function cpuLine(r: RunResult, base: RunResult): string {
  const side = (x: RunResult) => `${sec(x.cpuMs)} + server ${x.serverCpuMs === undefined ? 'n/a' : sec(x.serverCpuMs)}`;
  const floor = r.serverCpuMs === undefined ? null : (r.cpuMs + r.serverCpuMs) / CORES;
  return (
    `export ${side(r)}, \\copy psql ${side(base)}` +
    (floor === null ? '' : `; on ${CORES} cores the export needs ≥ ${sec(floor)}, ratio ≥ ${(floor / base.wallMs).toFixed(2)}`)
  );
}

async function main(): Promise<void> {
  if (!existsSync(CLI)) throw new Error(`${CLI} not found: run "npm run build" first.`);
  const dir = mkdtempSync(join(tmpdir(), 'lens-bench-'));
  const sizes = [ROWS / 10, ROWS, 3 * ROWS];
  try {
    const built = process.env.BENCH_BUILT_DB;
    if (built) {
      await measure(built, benchShape(sizes), dir);
      return;
    }
    await withBenchDatabase('lens_bench', async ({ url, admin: connectAdmin }) => {
      const admin = await connectAdmin();
      const started = Date.now();
      const shape = await buildBenchDatabase(admin, sizes);
      await admin.end();
      console.log(
        `built ${shape.daily[2].rows} DailyUserSpend rows (${shape.dailyPerDay}/day, ${shape.keys} keys) + ${shape.logsRows} SpendLogs rows in ${sec(Date.now() - started)}`,
      );
      await measure(url, shape, dir);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function measure(url: string, shape: BenchShape, dir: string): Promise<void> {
  const db = await openDatabase({ url });
  const caps = new Capabilities(await introspect(db));
  const postmaster = await postmasterOf(db);
  const session = plannerSettings(db.server.versionNum)
    .map(([name, value]) => `-c ${name}=${value}`)
    .join(' ');
  await db.close();
  const lines: string[] = [];
  let pass = true;
  const plan = [
    ...shape.daily.map((range, i) => ({ source: 'user' as const, range, main: i === 1 })),
    ...shape.logs.map((range, i) => ({ source: 'logs' as const, range, main: i === 1 })),
  ];
  const rss: Record<'user' | 'logs', number[]> = { user: [], logs: [] };
  for (const { source, range, main } of plan) {
    const selection: CbfSelection = { source, profile: 'lens', from: range.from, to: range.to };
    const raw = rawCopySql(source, range.from, range.to);
    const out = (name: string) => join(dir, `${source}-${name}`);
    await copyRun(url, raw, out('warm.csv'), session);
    const loadBefore = load();
    const formats: CbfFormat[] = main ? ['csv', 'jsonl'] : ['csv'];
    // Main sizes: best of RUNS, alternating so all see the same machine load; the other sizes once each.
    const [base, ...runs] = await bestOfInterleaved(main ? RUNS : 1, [
      () => withServerCpu(postmaster, () => copyRun(url, raw, out('raw.csv'), session)),
      ...formats.map((format) => () => withServerCpu(postmaster, () => exportRun(url, selection, format, out(`export.${format}`)))),
    ]);
    const sizeLines: string[] = [];
    for (const [i, r] of runs.entries()) {
      const format = formats[i];
      const ratio = r.wallMs / base.wallMs;
      pass &&= ratio <= RATIO_TARGET && r.peakRssMb <= RSS_TARGET_MB;
      if (format === 'csv') rss[source].push(r.peakRssMb);
      sizeLines.push(
        `${source.padEnd(4)} ${String(rowsOf(r)).padStart(9)} rows ${format.padEnd(5)} ${mb(out(`export.${format}`)).padStart(7)}  export ${sec(r.wallMs).padStart(8)}  \\copy ${sec(base.wallMs).padStart(7)} (${mb(out('raw.csv'))})  ratio ${ratio.toFixed(2).padStart(5)}  peak RSS ${r.peakRssMb.toFixed(0)} MB  ${main ? `best of ${RUNS}` : '1 run'}, load ${loadBefore} -> ${load()}`,
        `     CPU: ${cpuLine(r, base)}`,
      );
    }
    if (main) {
      const own = planSource(caps, selection, lensProfile);
      const read = await withServerCpu(postmaster, () => copyRun(url, inlineParams(own.sql, own.params), out('own.csv'), session));
      // For scale: the rows the export must read (for the user source, also the team and organisation rows the
      // request-time split needs), which the baseline of one raw table does not include.
      sizeLines.push(
        `${source.padEnd(4)} the export's own read statement alone by \\copy: ${sec(read.wallMs)} (${mb(out('own.csv'))}, 1 run; server CPU ${read.serverCpuMs === undefined ? 'n/a' : sec(read.serverCpuMs)}); ` +
          `export / that read: ${runs.map((r, i) => `${(r.wallMs / read.wallMs).toFixed(2)} ${formats[i]}`).join(', ')}`,
      );
    }
    console.log(sizeLines.join('\n'));
    lines.push(...sizeLines);
  }
  // Peak RSS must not grow with N.
  for (const source of ['user', 'logs'] as const) {
    const spread = Math.max(...rss[source]) - Math.min(...rss[source]);
    pass &&= spread <= RSS_GROWTH_MB;
    lines.push(
      `${source} peak RSS by size (csv): ${rss[source].map((x) => `${x.toFixed(0)} MB`).join(', ')}; spread ${spread.toFixed(0)} MB (target ≤ ${RSS_GROWTH_MB}, each ≤ ${RSS_TARGET_MB})`,
    );
  }
  console.log(
    `\nCBF export benchmark (ratio = export / \\copy of the raw rows, target ≤ ${RATIO_TARGET}; PostgreSQL ${caps.model.serverVersion.split(' ')[1]}; load average now ${load()})`,
  );
  for (const line of lines) console.log(line);
  console.log(pass ? 'all targets met' : 'TARGET MISSED');
  process.exitCode = pass ? 0 : 1;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
