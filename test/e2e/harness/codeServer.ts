/**
 * A fresh code-server (VS Code 1.139 served to the browser) per run, in its own process group so teardown can
 * kill the whole tree (a plain kill leaves code-server's file watcher behind).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../../support/pgCluster';
// Settings that keep the workbench quiet and deterministic (no AI prompts, update checks, telemetry or
// secondary side bar); shared with scripts/start.mjs and .vscode-test.mjs.
import quietSettings from './quiet-settings.json';

const REPO_ROOT = join(__dirname, '..', '..', '..');

/** Where scripts/install-code-server.sh put Node 24 and code-server. */
export interface CodeServerInstall {
  nodeHome: string;
  codeServer: string;
}

/** The installer's last lines, kept so a failure explains itself instead of ending in a bare stack trace. */
const INSTALL_TAIL_LINES = 40;

/**
 * Runs the idempotent installer (seconds when cached, a few minutes cold), streaming its progress to stderr, and
 * reads the paths it recorded. On failure the error carries the installer's own last lines and the command to
 * re-run it alone.
 */
export async function ensureCodeServer(): Promise<CodeServerInstall> {
  const script = join(REPO_ROOT, 'scripts', 'install-code-server.sh');
  const child = spawn('bash', [script], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let tail: string[] = [];
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    process.stderr.write(chunk);
    tail = [...tail, ...chunk.toString().split('\n')].slice(-INSTALL_TAIL_LINES);
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  if (code !== 0) {
    throw new Error(
      `code-server install failed (exit ${code}). Its last output:\n${tail.join('\n').trim()}\n` +
        `Re-run it alone to see everything: bash ${script}`,
    );
  }
  const dest = stdout.trim().split('\n').pop() ?? '';
  const env = Object.fromEntries(
    readFileSync(join(dest, 'env.sh'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split('=', 2) as [string, string])
      .map(([k, v]) => [k, v.replace(/^'|'$/g, '')]),
  );
  return { nodeHome: env.NODE_HOME, codeServer: env.CODE_SERVER };
}

export interface CodeServerOptions {
  install: CodeServerInstall;
  /** Run folder: user data, extensions, XDG dirs and TMPDIR all live below it. */
  runDir: string;
  workspace: string;
  /** Where code-server's own output goes. */
  logFile: string;
  /** Extra environment for the server and therefore the extension host (e.g. DATABASE_URL). */
  env?: NodeJS.ProcessEnv;
  /** User settings on top of the quiet defaults. */
  settings?: Record<string, unknown>;
  /** Keep VS Code's workspace trust on (off by default, so ordinary sessions never enter Restricted Mode). */
  workspaceTrust?: boolean;
}

export interface CodeServer {
  url: string;
  /** Process id and process group id. */
  pid: number;
  /** Resident memory of the whole process group in MiB. */
  rssMiB(): number;
  stop(): Promise<void>;
}

/** Node 24 first on PATH; temp, config, data and cache folders inside the run folder. */
function baseEnv(opts: Pick<CodeServerOptions, 'install' | 'runDir' | 'env'>): NodeJS.ProcessEnv {
  const xdg = (name: string) => {
    const dir = join(opts.runDir, name);
    mkdirSync(dir, { recursive: true });
    return dir;
  };
  return {
    ...process.env,
    ...opts.env,
    PATH: `${join(opts.install.nodeHome, 'bin')}:${process.env.PATH ?? ''}`,
    TMPDIR: xdg('tmp'),
    XDG_CONFIG_HOME: xdg('config'),
    XDG_DATA_HOME: xdg('data'),
    XDG_CACHE_HOME: xdg('cache'),
  };
}

/** Installs a .vsix into `extensionsDir` with code-server's own CLI. */
export function installVsix(install: CodeServerInstall, runDir: string, extensionsDir: string, vsix: string): void {
  execFileSync(install.codeServer, ['--extensions-dir', extensionsDir, '--install-extension', vsix], {
    env: baseEnv({ install, runDir }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function groupRssMiB(pgid: number): number {
  try {
    const out = execFileSync('ps', ['-o', 'rss=', '-g', String(pgid)], { encoding: 'utf8' });
    return Math.round(
      out
        .split('\n')
        .filter(Boolean)
        .reduce((n, kb) => n + Number(kb), 0) / 1024,
    );
  } catch {
    return 0;
  }
}

async function waitListening(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${url}healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`code-server did not answer on ${url} within ${timeoutMs} ms`);
}

export async function startCodeServer(opts: CodeServerOptions): Promise<CodeServer> {
  const userData = join(opts.runDir, 'user-data');
  const extensionsDir = join(opts.runDir, 'extensions');
  mkdirSync(join(userData, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify({ ...quietSettings, ...opts.settings }, null, 2));
  const port = await freePort();
  const log = createWriteStream(opts.logFile);
  const child = spawn(
    opts.install.codeServer,
    [
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      ...(opts.workspaceTrust ? [] : ['--disable-workspace-trust']),
      '--extensions-dir',
      extensionsDir,
      '--user-data-dir',
      userData,
      '--vscode-option',
      'enable-smoke-test-driver',
      opts.workspace,
    ],
    { env: baseEnv(opts), detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const pid = child.pid;
  if (pid === undefined) throw new Error('code-server did not start');
  const url = `http://127.0.0.1:${port}/`;
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 3000);
    await exited;
    clearTimeout(timer);
    // Children that ignored SIGTERM (the file watcher) must not outlive the run.
    killGroupNow(pid);
  };
  try {
    await waitListening(url, child, 30_000);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, pid, rssMiB: () => groupRssMiB(pid), stop };
}

/** Synchronous last-resort kill for signal handlers and process exit. */
export function killGroupNow(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}
