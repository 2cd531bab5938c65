#!/usr/bin/env node
// @ts-check
// `npm start`: the product in a browser in one command. Packs the extension, starts the demo LiteLLM database
// (embedded PGlite), starts code-server on 127.0.0.1 with the packed extension installed, connected to the demo
// and showing the LiteLLM side bar and the spend attribution view, prints the URL, and runs until Ctrl+C.
// Options: --port N (default: first free from 8080).
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const say = (/** @type {string} */ text) => process.stderr.write(`${text}\n`);
/** The profile npm start writes into the user settings and connects to on startup. */
const DEMO_PROFILE = 'Demo database (npm start)';
/** @type {import('node:child_process').ChildProcess[]} */
const children = [];

/** Kills every process group this script started (code-server leaves a file watcher behind otherwise). */
function stopAll() {
  for (const child of children.splice(0)) {
    try {
      process.kill(-(/** @type {number} */ (child.pid)), 'SIGTERM');
    } catch {
      // already gone
    }
  }
}

/** @param {number} port @returns {Promise<boolean>} */
function portIsFree(port) {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

async function choosePort() {
  const i = process.argv.indexOf('--port');
  if (i >= 0) return Number(process.argv[i + 1]);
  for (let port = 8080; port < 8100; port++) if (await portIsFree(port)) return port;
  throw new Error('No free port between 8080 and 8099; pass --port N.');
}

/**
 * Runs a command in its own process group so Ctrl+C teardown reaches all of its children.
 * @param {string} cmd @param {string[]} args @param {import('node:child_process').SpawnOptions} options
 */
function startGroup(cmd, args, options) {
  const child = spawn(cmd, args, { ...options, detached: true });
  children.push(child);
  return child;
}

/** Starts `node dist/cli.js demo` and resolves with the URL it prints on its first stdout line. */
function startDemoDatabase() {
  const demo = startGroup(process.execPath, [join(repo, 'dist', 'cli.js'), 'demo', '--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    createInterface({ input: /** @type {import('node:stream').Readable} */ (demo.stdout) }).once('line', (line) => resolve(line.trim()));
    demo.once('exit', (code) => reject(new Error(`The demo database exited with code ${code}.`)));
  });
}

/** @param {string} url @param {import('node:child_process').ChildProcess} child */
async function waitHealthy(url, child) {
  for (let i = 0; i < 150; i++) {
    if (child.exitCode !== null) throw new Error(`code-server exited with code ${child.exitCode}.`);
    try {
      if ((await fetch(`${url}healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('code-server did not start within 30 s.');
}

async function main() {
  const install = /** @type {string} */ (
    execFileSync('bash', [join(repo, 'scripts', 'install-code-server.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
      .trim()
      .split('\n')
      .pop()
  );
  const env = Object.fromEntries(
    readFileSync(join(install, 'env.sh'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => line.split('=', 2))
      .map(([k, v]) => [k, v.replace(/^'|'$/g, '')]),
  );

  const runDir = mkdtempSync(join(tmpdir(), 'litellm-lens-start-'));
  process.on('exit', () => rmSync(runDir, { recursive: true, force: true }));
  say('Packing the extension…');
  const vsix = execFileSync('bash', [join(repo, 'scripts', 'package.sh'), join(runDir, 'litellm-lens.vsix')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();

  const dirs = Object.fromEntries(
    ['extensions', 'user-data/User', 'workspace', 'tmp', 'config', 'data', 'cache'].map((d) => {
      mkdirSync(join(runDir, d), { recursive: true });
      return [d, join(runDir, d)];
    }),
  );
  const csEnv = {
    ...process.env,
    PATH: `${join(env.NODE_HOME, 'bin')}:${process.env.PATH}`,
    TMPDIR: dirs.tmp,
    XDG_CONFIG_HOME: dirs.config,
    XDG_DATA_HOME: dirs.data,
    XDG_CACHE_HOME: dirs.cache,
  };
  execFileSync(env.CODE_SERVER, ['--extensions-dir', dirs.extensions, '--install-extension', vsix], {
    env: csEnv,
    stdio: ['ignore', 'ignore', 'inherit'],
  });

  say('Starting the demo database…');
  const demoUrl = await startDemoDatabase();
  const quiet = JSON.parse(readFileSync(join(repo, 'test', 'e2e', 'harness', 'quiet-settings.json'), 'utf8'));
  writeFileSync(
    join(dirs['user-data/User'], 'settings.json'),
    JSON.stringify(
      {
        ...quiet,
        'litellmLens.connections': [{ name: DEMO_PROFILE, url: demoUrl }],
        'litellmLens.connectOnStartup': DEMO_PROFILE,
        // The LiteLLM side bar and the spend attribution view open once the demo is connected.
        'litellmLens.showOnStartup': 'spendAttribution',
      },
      null,
      2,
    ),
  );
  writeFileSync(
    join(dirs.workspace, 'top-spenders.sql'),
    [
      '-- Run with "LiteLLM: Run Query in Active Editor" (the session is read-only).',
      'SELECT "user", ROUND(SUM(spend)::numeric, 4) AS spend, COUNT(*) AS requests',
      'FROM "LiteLLM_SpendLogs"',
      'GROUP BY "user"',
      'ORDER BY spend DESC',
      'LIMIT 20;',
      '',
    ].join('\n'),
  );

  const port = await choosePort();
  const codeServer = startGroup(
    env.CODE_SERVER,
    [
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--extensions-dir',
      dirs.extensions,
      '--user-data-dir',
      join(runDir, 'user-data'),
      dirs.workspace,
    ],
    { env: { ...csEnv, DATABASE_URL: demoUrl }, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const base = `http://127.0.0.1:${port}/`;
  await waitHealthy(base, codeServer);
  const url = `${base}?folder=${encodeURIComponent(dirs.workspace)}`;
  process.stdout.write(`\nLiteLLM Lens is running in VS Code (code-server) at:\n\n  ${url}\n\n`);
  say(`Demo database: ${demoUrl} (also DATABASE_URL in VS Code). Press Ctrl+C to stop.`);
  await new Promise((resolve) => codeServer.once('exit', resolve));
  throw new Error('code-server stopped.');
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(signal, () => {
    say('\nStopping…');
    stopAll();
    process.exit(0);
  });
}

main().catch((err) => {
  say(`npm start failed: ${err instanceof Error ? err.message : String(err)}`);
  stopAll();
  process.exit(1);
});
