// @ts-check
// Refreshes the README's screenshots: the relationship graph, spend attribution and analysis results panels in
// the workbench (code-server in Chromium) in Dark Modern, Light Modern and Dark High Contrast. Runs the e2e
// "README screenshots" scenario with LENS_UPDATE_SCREENSHOTS=1, which copies its pictures to media/screenshots.
import { spawnSync } from 'node:child_process';

const run = spawnSync('npx', ['tsx', 'test/e2e/run.ts', '--no-vsix', '--grep', 'README screenshots'], {
  stdio: 'inherit',
  env: { ...process.env, LENS_UPDATE_SCREENSHOTS: '1' },
  shell: process.platform === 'win32',
});
process.exit(run.status ?? 1);
