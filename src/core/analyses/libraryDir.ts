import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

function holdsSql(dir: string): boolean {
  return existsSync(dir) && readdirSync(dir).some((f) => f.endsWith('.sql'));
}

/**
 * The shipped `analyses/` folder. Bundled, this code lives in `dist/cli.js` or `dist/extension.js`, so the
 * folder is `../analyses`; run from source (tsx), this file is `src/core/analyses/`, three levels down (its
 * `../analyses` is this very source folder, hence the check for `.sql` files).
 */
export function libraryDir(): string {
  // __filename, not __dirname: tsx defines only __filename when an ES module imports this file.
  const here = dirname(__filename);
  const candidates = [join(here, '..', 'analyses'), join(here, '..', '..', '..', 'analyses')];
  const found = candidates.find(holdsSql);
  if (!found) throw new Error(`The shipped analyses folder is missing (looked in ${candidates.join(', ')}).`);
  return found;
}

/** The default per-workspace folder of user analyses, relative to the workspace (or current) folder. */
export const DEFAULT_WORKSPACE_ANALYSES_DIR = join('.litellm-lens', 'analyses');
