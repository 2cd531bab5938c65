// Refreshes the README's screenshots (graph, spend and results panels in Light Modern, Dark Modern and Dark
// High Contrast) by running the webview tests that take them, with LENS_SCREENSHOTS=media/screenshots.
import { spawnSync } from 'node:child_process';

const files = ['test/webview/graph-webview.test.ts', 'test/webview/spend-webview.test.ts', 'test/webview/results-grid.test.ts'];
const run = spawnSync('npx', ['tsx', 'test/run.ts', ...files], { stdio: 'inherit', env: { ...process.env, LENS_SCREENSHOTS: 'media/screenshots' }, shell: process.platform === 'win32' });
process.exit(run.status ?? 1);
