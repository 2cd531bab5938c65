// @ts-check
// @vscode/test-cli configuration for desktop users with a local VS Code (`npx vscode-test` downloads one when
// needed). It runs the same end-to-end scenarios as test/e2e/run.ts, which drives code-server in Chromium here:
// the suite drives the desktop window itself over a DevTools port. Bundle first: npx tsx test/e2e/run.ts --bundle-only
import { defineConfig } from '@vscode/test-cli';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = dirname(fileURLToPath(import.meta.url));
const userData = mkdtempSync(join(tmpdir(), 'lens-vscode-test-'));
const cdpPort = process.env.LENS_E2E_CDP_PORT ?? '9339';
// The same quiet workbench settings as the code-server runs (no AI prompts, update checks or telemetry).
mkdirSync(join(userData, 'User'));
writeFileSync(join(userData, 'User', 'settings.json'), readFileSync(join(repoRoot, 'test/e2e/harness/quiet-settings.json')));

export default defineConfig({
  label: 'e2e',
  files: join(repoRoot, 'out/e2e/suite/scenarios.js'),
  extensionDevelopmentPath: repoRoot,
  workspaceFolder: mkdtempSync(join(tmpdir(), 'lens-vscode-test-ws-')),
  launchArgs: [`--user-data-dir=${userData}`, `--remote-debugging-port=${cdpPort}`, '--disable-extensions'],
  env: { LENS_E2E_REPO_ROOT: repoRoot, LENS_E2E_USER_DATA: userData, LENS_E2E_CDP_PORT: cdpPort },
  mocha: {
    ui: 'tdd',
    timeout: 60_000,
    require: [join(repoRoot, 'out/e2e/suite/desktopSetup.js')],
  },
});
