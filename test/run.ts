/**
 * Runs every test layer against real components: a private PostgreSQL cluster for the run (unless
 * LITELLM_LENS_TEST_DB names a server), Debian Chromium for webviews, code-server for e2e.
 * Usage: tsx test/run.ts [unit|integration|webview|e2e|<file>...]
 * Ends with one "N passed, N failed" line and per-layer wall times.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startCluster } from './support/pgCluster';

const LAYERS = ['unit', 'integration', 'webview', 'e2e'] as const;
type Layer = (typeof LAYERS)[number];

function testFiles(layer: Exclude<Layer, 'e2e'>): string[] {
  const dir = join('test', layer);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.test.ts'))
    .sort()
    .map((f) => join(dir, f));
}

interface LayerResult {
  layer: string;
  passed: number;
  failed: number;
  seconds: number;
  exit: number;
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ exit: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      process.stdout.write(chunk);
    });
    child.on('close', (code) => resolve({ exit: code ?? 1, output }));
  });
}

function count(output: string, pattern: RegExp): number {
  let total = 0;
  for (const m of output.matchAll(pattern)) total += Number(m[1]);
  return total;
}

async function runNodeTests(layer: string, files: string[], env: NodeJS.ProcessEnv): Promise<LayerResult> {
  const started = Date.now();
  if (files.length === 0) return { layer, passed: 0, failed: 0, seconds: 0, exit: 0 };
  // Node 20's --test-timeout also bounds each test file as a whole (process isolation), so it cannot be a
  // per-test 120 s: 300 s is the slowest file measured on a loaded 2-core machine (~200 s) with margin.
  const { exit, output } = await run(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-reporter=tap', '--test-concurrency=2', '--test-timeout=300000', ...files],
    env,
  );
  const passed = count(output, /^# pass (\d+)$/gm);
  const failed = count(output, /^# fail (\d+)$/gm) + count(output, /^# cancelled (\d+)$/gm);
  return { layer, passed, failed: exit !== 0 && failed === 0 ? 1 : failed, seconds: (Date.now() - started) / 1000, exit };
}

async function runE2e(env: NodeJS.ProcessEnv): Promise<LayerResult> {
  const started = Date.now();
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
  if (!pkg.scripts['test:e2e']) return { layer: 'e2e', passed: 0, failed: 0, seconds: 0, exit: 0 };
  const { exit, output } = await run('npm', ['run', '-s', 'test:e2e'], env);
  const m = [...output.matchAll(/^(?:\w+: )?(\d+) passed, (\d+) failed/gm)].pop();
  const passed = m ? Number(m[1]) : 0;
  const failed = m ? Number(m[2]) : 0;
  return { layer: 'e2e', passed, failed: exit !== 0 && failed === 0 ? 1 : failed, seconds: (Date.now() - started) / 1000, exit };
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const layers = args.length === 0 ? [...LAYERS] : LAYERS.filter((l) => args.includes(l));
  const explicitFiles = args.filter((a) => a.endsWith('.ts'));
  const env = { ...process.env };
  const cluster = env.LITELLM_LENS_TEST_DB ? undefined : await startCluster();
  if (cluster) env.LITELLM_LENS_TEST_DB = cluster.url;
  const results: LayerResult[] = [];
  try {
    if (explicitFiles.length > 0) {
      results.push(await runNodeTests('selected', explicitFiles, env));
    } else {
      for (const layer of layers) {
        results.push(layer === 'e2e' ? await runE2e(env) : await runNodeTests(layer, testFiles(layer), env));
      }
    }
  } finally {
    cluster?.stop();
  }
  console.log('\nLayer        passed  failed  seconds');
  for (const r of results) {
    console.log(
      `${r.layer.padEnd(12)} ${String(r.passed).padStart(6)}  ${String(r.failed).padStart(6)}  ${r.seconds.toFixed(1).padStart(7)}`,
    );
  }
  const passed = results.reduce((n, r) => n + r.passed, 0);
  const failed = results.reduce((n, r) => n + r.failed, 0);
  console.log(`${passed} passed, ${failed} failed`);
  return failed > 0 || results.some((r) => r.exit !== 0) ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
