/**
 * mochaGlobalSetup/Teardown for the desktop run (.vscode-test.mjs): seeds a LiteLLM test database (a private
 * PostgreSQL cluster, or the server in LITELLM_LENS_TEST_DB), points DATABASE_URL of this extension host at it
 * and writes the e2e context. The window is driven over the DevTools port .vscode-test.mjs opened.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createReaderRole } from '../../support/readerRole';
import { createTestDatabase, type TestDatabase } from '../../support/testDatabase';
import { CONTEXT_ENV, type E2eContext } from './context';

const SCHEMA_VERSION = '1.83';
let db: TestDatabase | undefined;
let reader: Awaited<ReturnType<typeof createReaderRole>> | undefined;
let dir: string | undefined;

export async function mochaGlobalSetup(): Promise<void> {
  const repoRoot = process.env.LENS_E2E_REPO_ROOT;
  const userData = process.env.LENS_E2E_USER_DATA;
  const cdpPort = process.env.LENS_E2E_CDP_PORT;
  if (!repoRoot || !userData || !cdpPort) throw new Error('run the desktop suite through .vscode-test.mjs (npm run test:desktop)');
  db = await createTestDatabase({ version: SCHEMA_VERSION });
  // The extension reads the connection-string variable from this very process when it connects; it connects as
  // a least-privilege reader, as the README recommends (the privileged-role scenario uses the superuser itself).
  reader = await createReaderRole(db.admin, db.url);
  process.env.DATABASE_URL = reader.url;
  dir = mkdtempSync(join(tmpdir(), 'lens-e2e-desktop-'));
  const outputDir = join(dir, 'output');
  mkdirSync(outputDir);
  const ctx: E2eContext = {
    cdpUrl: `http://127.0.0.1:${cdpPort}`,
    screenshotDir: join(repoRoot, 'test-output', 'screenshots-desktop'),
    databaseUrl: db.url,
    schemaVersion: SCHEMA_VERSION,
    outputDir,
    settingsFile: join(userData, 'User', 'settings.json'),
    mode: 'dev',
    extensionsDir: '',
    repoRoot,
  };
  const file = join(dir, 'context.json');
  writeFileSync(file, JSON.stringify(ctx, null, 2));
  process.env[CONTEXT_ENV] = file;
}

export async function mochaGlobalTeardown(): Promise<void> {
  await reader?.drop();
  await db?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
}
