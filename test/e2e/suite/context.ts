/**
 * What the runner tells the suite about this run. The runner writes it as JSON and passes the file's path in
 * LENS_E2E_CONTEXT (the extension host inherits code-server's environment).
 */
import { readFileSync } from 'node:fs';

export interface E2eContext {
  /** Loopback server through which the suite drives the browser (see test/e2e/harness/bridge.ts). */
  bridgeUrl?: string;
  /**
   * Desktop VS Code (.vscode-test.mjs): no runner, so the suite drives its own window over the Chrome DevTools
   * protocol from inside the extension host.
   */
  cdpUrl?: string;
  /** Where UI steps save screenshots when the suite drives the window itself. */
  screenshotDir: string;
  /** Superuser URL of the seeded LiteLLM test database (code-server's DATABASE_URL is a least-privilege reader of it). */
  databaseUrl: string;
  /** Schema version the test database was created with. */
  schemaVersion: string;
  /** Folder for files the scenarios write (exports). */
  outputDir: string;
  /** The user settings file of this code-server instance. */
  settingsFile: string;
  /**
   * `dev`: extension loaded from the repository; `vsix`: the packaged copy installed into extensionsDir;
   * `untrusted`: from the repository, in a workspace VS Code does not trust (Restricted Mode).
   */
  mode: 'dev' | 'vsix' | 'untrusted';
  extensionsDir: string;
  repoRoot: string;
  /** Only run tests whose full title matches (run.ts --grep). */
  grep?: string;
}

export const CONTEXT_ENV = 'LENS_E2E_CONTEXT';

/** Marks the mocha reporter's lines so the runner can tell them from the workbench's own console output. */
export const SUITE_LINE_PREFIX = '[lens-e2e] ';

export function loadContext(): E2eContext {
  const file = process.env[CONTEXT_ENV];
  if (!file) throw new Error(`${CONTEXT_ENV} is not set; run the suite through test/e2e/run.ts`);
  return JSON.parse(readFileSync(file, 'utf8')) as E2eContext;
}
