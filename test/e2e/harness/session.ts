/**
 * One workbench session: a fresh code-server, the workbench in Chromium with the extension-tests payload, the
 * bridge for UI steps, until the suite calls codeAutomationExit (or the deadline passes).
 */
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { type E2eContext, SUITE_LINE_PREFIX } from '../suite/context';
import { type Bridge, startBridge, type SuiteTally } from './bridge';
import { type CodeServer, type CodeServerInstall, startCodeServer } from './codeServer';
import { openWorkbench, screenshot } from './workbench';

export interface SessionOptions {
  name: string;
  install: CodeServerInstall;
  browser: Browser;
  runDir: string;
  repoRoot: string;
  suitePath: string;
  databaseUrl: string;
  /** DATABASE_URL of code-server and so of the extension: a least-privilege reader of `databaseUrl`. */
  extensionDatabaseUrl: string;
  schemaVersion: string;
  screenshotDir: string;
  /** Where the full workbench console log of the session is kept (test-output/). */
  logDir: string;
  mode: E2eContext['mode'];
  /**
   * Load the extension from the repository (dev). Omitted for the installed .vsix: the workbench only runs
   * extension tests in development mode, so an empty host extension generated in the run folder stands in.
   */
  extensionDevelopmentPath?: string;
  /** User settings of the session (on top of the quiet defaults). */
  settings?: Record<string, unknown>;
  /** Workspace trust on: the workspace opens in Restricted Mode. */
  workspaceTrust?: boolean;
  /** Fills the workspace folder before code-server starts (repository files of a scenario). */
  prepareWorkspace?(workspaceDir: string): void;
  /** Prepares the extensions folder before code-server starts (installs the .vsix). */
  prepareExtensions?(extensionsDir: string): void;
  grep?: string;
  deadlineMs: number;
  /** Registers live resources so signal handlers can kill them. */
  track(server: CodeServer): void;
}

export interface SessionResult {
  tally: SuiteTally;
  seconds: number;
  peakRssMiB: number;
}

function waitExit(exit: Promise<number>, deadlineMs: number): Promise<number | 'timeout'> {
  return Promise.race([exit, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), deadlineMs).unref())]);
}

/** A contribution-free extension that only lets the workbench start in extension-test mode. */
function emptyHostExtension(runDir: string): string {
  const dir = join(runDir, 'test-host-extension');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'lens-e2e-test-host', publisher: 'lens-e2e', version: '0.0.0', engines: { vscode: '*' } }),
  );
  return dir;
}

export async function runSession(opts: SessionOptions): Promise<SessionResult> {
  const started = Date.now();
  const runDir = join(opts.runDir, opts.name);
  const workspace = join(runDir, 'workspace');
  const outputDir = join(runDir, 'output');
  mkdirSync(workspace, { recursive: true });
  mkdirSync(outputDir, { recursive: true });
  opts.prepareWorkspace?.(workspace);
  const extensionsDir = join(runDir, 'extensions');
  mkdirSync(extensionsDir, { recursive: true });
  opts.prepareExtensions?.(extensionsDir);
  const developmentPath = opts.extensionDevelopmentPath ?? emptyHostExtension(runDir);

  let page: Page | undefined;
  let pageReady: (p: Page) => void = () => undefined;
  const pagePromise = new Promise<Page>((r) => (pageReady = r));
  // Everything the workbench logs goes to a file; the reporter's lines also go to stdout.
  mkdirSync(opts.logDir, { recursive: true });
  const logFile = createWriteStream(join(opts.logDir, `e2e-${opts.name}-workbench.log`));
  const log = (type: string, text: string) => {
    logFile.write(`${((Date.now() - started) / 1000).toFixed(1)}s <${type}> ${text}\n`);
    const mine = type === 'bridge' ? [text.split('\n')[0]] : text.split('\n').filter((l) => l.startsWith(SUITE_LINE_PREFIX));
    for (const line of mine) process.stdout.write(`${line.replace(SUITE_LINE_PREFIX, '')}\n`);
  };
  const bridge: Bridge = await startBridge(
    () => pagePromise,
    opts.screenshotDir,
    (line) => log('bridge', line),
  );
  const ctx: E2eContext = {
    bridgeUrl: bridge.url,
    screenshotDir: opts.screenshotDir,
    databaseUrl: opts.databaseUrl,
    schemaVersion: opts.schemaVersion,
    outputDir,
    settingsFile: join(runDir, 'user-data', 'User', 'settings.json'),
    mode: opts.mode,
    extensionsDir,
    repoRoot: opts.repoRoot,
    grep: opts.grep,
  };
  const contextFile = join(runDir, 'context.json');
  writeFileSync(contextFile, JSON.stringify(ctx, null, 2));

  let server: CodeServer | undefined;
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, server?.rssMiB() ?? 0)), 1000);
  try {
    server = await startCodeServer({
      install: opts.install,
      runDir,
      workspace,
      logFile: join(opts.logDir, `e2e-${opts.name}-code-server.log`),
      env: { DATABASE_URL: opts.extensionDatabaseUrl, LENS_E2E_CONTEXT: contextFile },
      settings: opts.settings,
      workspaceTrust: opts.workspaceTrust,
    });
    opts.track(server);
    let resolveExit: (code: number) => void = () => undefined;
    const exit = new Promise<number>((r) => (resolveExit = r));
    page = await openWorkbench(opts.browser, {
      serverUrl: server.url,
      workspace,
      extensionDevelopmentPath: developmentPath,
      extensionTestsPath: opts.suitePath,
      onLog: log,
      onExit: resolveExit,
    });
    pageReady(page);
    const code = await waitExit(exit, Math.max(1000, opts.deadlineMs - Date.now()));
    peak = Math.max(peak, server.rssMiB());
    const tally = bridge.tally();
    if (code === 'timeout') {
      await screenshot(page, opts.screenshotDir, `${opts.name}-timeout`).catch(() => undefined);
      const failures = [
        ...(tally?.failures ?? []),
        `session "${opts.name}" hit the deadline; the test running then and later ones did not finish`,
      ];
      return {
        tally: { passed: tally?.passed ?? 0, failed: (tally?.failed ?? 0) + 1, failures },
        seconds: (Date.now() - started) / 1000,
        peakRssMiB: peak,
      };
    }
    // A suite that crashed before reporting (load error, activation failure) still counts as a failure.
    const result = tally ?? { passed: 0, failed: 1, failures: [`extension tests exited with ${code} before reporting`] };
    return { tally: result, seconds: (Date.now() - started) / 1000, peakRssMiB: peak };
  } finally {
    clearInterval(sampler);
    await page
      ?.context()
      .close()
      .catch(() => undefined);
    await server?.stop();
    await bridge.close();
    logFile.end();
  }
}
