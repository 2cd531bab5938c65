/**
 * Where webview tests save screenshots. Everything goes to a fresh temp folder, except the README's pictures
 * (three panels × three themes) when LENS_SCREENSHOTS names a folder: `npm run screenshots` points it at
 * media/screenshots. Tests never write into the repository otherwise.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

let temp: string | undefined;

/** A diagnostic screenshot (kept in the run's temp folder). */
export function screenshotPath(name: string): string {
  temp ??= mkdtempSync(join(tmpdir(), 'lens-screenshots-'));
  return join(temp, name);
}

/** A picture the README shows: into LENS_SCREENSHOTS when set, else with the diagnostic ones. */
export function readmeScreenshotPath(name: string): string {
  const wanted = process.env.LENS_SCREENSHOTS;
  if (!wanted) return screenshotPath(name);
  mkdirSync(resolve(wanted), { recursive: true });
  return join(resolve(wanted), name);
}
