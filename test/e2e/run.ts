/**
 * End-to-end tests in a real VS Code: code-server 4.139.1 driven by Debian Chromium, the extension loaded from
 * the repository through the workbench URL payload, a mocha suite in the extension host, a private PostgreSQL
 * with generated LiteLLM data. A second session installs the packaged .vsix and runs the smoke scenario
 * against the installed copy. Always tears down (process groups, PostgreSQL), also on failure, timeout and
 * Ctrl+C. Usage: npx tsx test/e2e/run.ts [--no-vsix] [--grep PATTERN] [--bundle-only]. Last line: `N passed, N failed`.
 * --bundle-only builds the extension and the suite bundles (for .vscode-test.mjs) and exits.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { type PgCluster, startCluster } from '../support/pgCluster';
import { createReaderRole } from '../support/readerRole';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import type { SuiteTally } from './harness/bridge';
import { buildExtension, bundleSuite, packageVsix } from './harness/build';
import { type CodeServer, ensureCodeServer, installVsix, killGroupNow } from './harness/codeServer';
import { runSession } from './harness/session';
import { launchBrowser } from '../support/browser';

const REPO_ROOT = resolve(__dirname, '..', '..');
const SCREENSHOTS = join(REPO_ROOT, 'test-output', 'screenshots');
/**
 * The README's pictures: `readme-<panel>-<theme>` shots of the "README screenshots" scenario, copied from this
 * run to media/screenshots/workbench-<panel>-<theme>.png only when LENS_UPDATE_SCREENSHOTS=1 (`npm run
 * screenshots`; tests otherwise write only to temp folders and test-output/). Each is taken after its scenario's
 * assertions, so a file from this run means that scenario passed.
 */
const README_SHOT = /^readme-(.+)\.png$/;
/** Copied under their own name: the Spend Health report grid in the light and dark themes (health.test.ts). */
const README_THEMED_SHOTS = ['health-check-light', 'health-check-dark'];
const TIMEOUT_MS = Number(process.env.LENS_E2E_TIMEOUT_MS ?? 10 * 60_000);
const SCHEMA_VERSION = '1.83';
/** The profile the installed .vsix connects to on startup (as `npm start` sets up its demo). */
const STARTUP_PROFILE = 'Startup profile';

const live = { servers: new Set<CodeServer>(), cluster: undefined as PgCluster | undefined, runDir: '' };

/** Last-resort teardown for signals and the hard timeout: everything synchronous. */
function killEverything(): void {
  for (const s of live.servers) killGroupNow(s.pid);
  try {
    live.cluster?.stop();
  } catch {
    // the cluster folder is removed with the run folder below
  }
  if (live.runDir) rmSync(live.runDir, { recursive: true, force: true });
}

function timed<T>(times: [string, number][], label: string, fn: () => Promise<T> | T): Promise<T> {
  const started = Date.now();
  return Promise.resolve(fn()).finally(() => times.push([label, (Date.now() - started) / 1000]));
}

function copyReadmeShots(): void {
  const target = join(REPO_ROOT, 'media', 'screenshots');
  mkdirSync(target, { recursive: true });
  const shots = existsSync(SCREENSHOTS) ? readdirSync(SCREENSHOTS).filter((f) => README_SHOT.test(f)) : [];
  for (const file of shots) cpSync(join(SCREENSHOTS, file), join(target, file.replace(README_SHOT, 'workbench-$1.png')));
  const themed = README_THEMED_SHOTS.filter((name) => existsSync(join(SCREENSHOTS, `${name}.png`)));
  for (const name of themed) cpSync(join(SCREENSHOTS, `${name}.png`), join(target, `${name}.png`));
  console.log(`README screenshots: ${shots.length + themed.length} copied to media/screenshots`);
}

async function main(): Promise<SuiteTally> {
  const deadline = Date.now() + TIMEOUT_MS;
  const times: [string, number][] = [];
  const withVsix = !process.argv.includes('--no-vsix');
  const grepAt = process.argv.indexOf('--grep');
  const grep = grepAt > 0 ? process.argv[grepAt + 1] : undefined;
  const install = await timed(times, 'code-server install check', () => ensureCodeServer());
  rmSync(SCREENSHOTS, { recursive: true, force: true });
  live.runDir = mkdtempSync(join(tmpdir(), 'lens-e2e-'));
  const suitePath = await timed(times, 'build (extension + suite)', async () => {
    buildExtension(REPO_ROOT);
    return bundleSuite(REPO_ROOT);
  });
  let db: TestDatabase | undefined;
  let reader: Awaited<ReturnType<typeof createReaderRole>> | undefined;
  let browser: Browser | undefined;
  const total: SuiteTally = { passed: 0, failed: 0, failures: [] };
  const add = (t: SuiteTally) => {
    total.passed += t.passed;
    total.failed += t.failed;
    total.failures.push(...t.failures);
  };
  try {
    await timed(times, 'postgres + seeded database', async () => {
      if (!process.env.LITELLM_LENS_TEST_DB) {
        live.cluster = await startCluster();
        process.env.LITELLM_LENS_TEST_DB = live.cluster.url;
      }
      db = await createTestDatabase({ version: SCHEMA_VERSION });
      reader = await createReaderRole(db.admin, db.url);
    });
    browser = await launchBrowser();
    const common = {
      install,
      browser,
      runDir: live.runDir,
      repoRoot: REPO_ROOT,
      suitePath,
      databaseUrl: db!.url,
      extensionDatabaseUrl: reader!.url,
      schemaVersion: SCHEMA_VERSION,
      screenshotDir: SCREENSHOTS,
      logDir: join(REPO_ROOT, 'test-output'),
      deadlineMs: deadline,
      grep,
      track: (s: CodeServer) => live.servers.add(s),
    };
    const dev = await timed(times, 'session: extension from source', () =>
      runSession({ ...common, name: 'dev', mode: 'dev', extensionDevelopmentPath: REPO_ROOT }),
    );
    add(dev.tally);
    console.log(`code-server process group peak RSS: ${dev.peakRssMiB} MiB`);
    const untrusted = await timed(times, 'session: untrusted workspace', () =>
      runSession({
        ...common,
        name: 'untrusted',
        mode: 'untrusted',
        extensionDevelopmentPath: REPO_ROOT,
        prepareWorkspace: writeUntrustedRepo,
        workspaceTrust: true,
        settings: {
          'security.workspace.trust.enabled': true,
          'security.workspace.trust.startupPrompt': 'never',
          'security.workspace.trust.banner': 'never',
        },
      }),
    );
    add(untrusted.tally);
    if (withVsix) {
      const vsix = await timed(times, 'package .vsix', () => packageVsix(REPO_ROOT, join(live.runDir, 'litellm-lens.vsix')));
      const smoke = await timed(times, 'session: installed .vsix', () =>
        runSession({
          ...common,
          name: 'vsix',
          mode: 'vsix',
          prepareExtensions: (dir) => installVsix(install, join(live.runDir, 'vsix'), dir, vsix),
          // As `npm start` configures it: the installed copy connects to its profile on startup and opens the views.
          settings: {
            'litellmLens.connections': [{ name: STARTUP_PROFILE, url: db!.url }],
            'litellmLens.connectOnStartup': STARTUP_PROFILE,
            'litellmLens.showOnStartup': 'spendAttribution',
          },
        }),
      );
      add(smoke.tally);
    }
    if (process.env.LENS_UPDATE_SCREENSHOTS === '1') copyReadmeShots();
  } finally {
    await timed(times, 'teardown', async () => {
      await browser?.close().catch(() => undefined);
      await reader?.drop();
      await db?.drop().catch(() => undefined);
      live.cluster?.stop();
      live.cluster = undefined;
      rmSync(live.runDir, { recursive: true, force: true });
    });
    console.log('\ne2e phase                          seconds');
    for (const [label, s] of times) console.log(`${label.padEnd(34)} ${s.toFixed(1).padStart(7)}`);
  }
  return total;
}

/** A repository that ships its own analyses (one replacing a shipped id) and tries to steer CloudZero sends. */
function writeUntrustedRepo(workspace: string): void {
  const analyses = join(workspace, '.litellm-lens', 'analyses');
  mkdirSync(analyses, { recursive: true });
  writeFileSync(
    join(analyses, 'repo-only.sql'),
    '-- name: Repo only analysis\n-- description: planted by the repository\nSELECT 1 AS planted\n',
  );
  writeFileSync(
    join(analyses, 'top-users.sql'),
    '-- name: Top users (repo)\n-- description: replaces the shipped analysis\nSELECT 1 AS planted\n',
  );
  mkdirSync(join(workspace, '.vscode'), { recursive: true });
  writeFileSync(
    join(workspace, '.vscode', 'settings.json'),
    JSON.stringify({ 'litellmLens.cloudzero.operation': 'sum', 'litellmLens.analyses.folders': ['.litellm-lens/analyses', 'more'] }),
  );
}

async function bundleOnly(): Promise<void> {
  buildExtension(REPO_ROOT);
  const index = await bundleSuite(REPO_ROOT);
  console.log(`bundled ${index} (+ scenarios.js, desktopSetup.js)`);
}

if (process.argv.includes('--bundle-only')) {
  bundleOnly().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
} else {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      console.error(`\ne2e: ${signal}, tearing down`);
      killEverything();
      process.exit(130);
    });
  }
  const hardStop = setTimeout(() => {
    console.error(`\ne2e: hard timeout after ${TIMEOUT_MS / 1000} s, tearing down`);
    killEverything();
    console.log('0 passed, 1 failed');
    process.exit(1);
  }, TIMEOUT_MS + 60_000);
  hardStop.unref();

  main().then(
    (t) => {
      for (const f of t.failures) console.log(`FAILED: ${f}`);
      console.log(`${t.passed} passed, ${t.failed} failed`);
      process.exit(t.failed > 0 ? 1 : 0);
    },
    (err: unknown) => {
      console.error(err);
      killEverything();
      console.log('0 passed, 1 failed');
      process.exit(1);
    },
  );
}
