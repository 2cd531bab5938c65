import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

// Set by esbuild.mjs in the bundles: the hash of the demo sources the bundle was built from.
declare const __LENS_DEMO_SOURCE_HASH__: string | undefined;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : /\.(ts|json)$/.test(e.name) ? [join(dir, e.name)] : []))
    .sort();
}

/** SHA-256 over the code and data files (.ts, .json) of a source folder: relative path and content, in a fixed order. */
export function hashSourceTree(dir: string): string {
  const hash = createHash('sha256');
  for (const file of filesUnder(dir)) {
    hash.update(relative(dir, file).split(sep).join('/')).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

/**
 * Which generator made the demo data: the hash of `src/core/demo/**` (DDL, views, generator, seeding; not the
 * README). A prebuilt demo database is used only when its hash equals this one, so a changed generator never
 * serves stale rows. Bundled, the hash is fixed at build time; from source (tsx) it is computed from these files.
 * Undefined when neither is available (nothing prebuilt is then trusted).
 */
export function demoSourceHash(): string | undefined {
  if (typeof __LENS_DEMO_SOURCE_HASH__ === 'string') return __LENS_DEMO_SOURCE_HASH__;
  // __filename, not __dirname: tsx defines only __filename when an ES module imports this file.
  const here = dirname(__filename);
  return existsSync(join(here, 'generator.ts')) ? hashSourceTree(here) : undefined;
}
