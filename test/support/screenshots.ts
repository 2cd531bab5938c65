/**
 * Where webview tests save screenshots: a fresh temp folder, or the folder named by LENS_SCREENSHOTS
 * (`npm run screenshots` points it at media/screenshots to refresh the README's pictures). Tests never write
 * into the repository otherwise.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

let dir: string | undefined;

/** Path for a screenshot named `name` (e.g. `relationship-graph-dark.png`). */
export function screenshotPath(name: string): string {
  if (!dir) {
    const wanted = process.env.LENS_SCREENSHOTS;
    dir = wanted ? resolve(wanted) : mkdtempSync(join(tmpdir(), 'lens-screenshots-'));
    mkdirSync(dir, { recursive: true });
  }
  return join(dir, name);
}
