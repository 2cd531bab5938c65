/**
 * Where webview tests save screenshots: a fresh temp folder. (The README's pictures come from the e2e scenario
 * "README screenshots", copied by `npm run screenshots`.)
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let temp: string | undefined;

/** A diagnostic screenshot (kept in the run's temp folder). */
export function screenshotPath(name: string): string {
  temp ??= mkdtempSync(join(tmpdir(), 'lens-screenshots-'));
  return join(temp, name);
}
