import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { PGlite } from '@electric-sql/pglite';
import { DAILY_MIGRATION_DAYS, type DemoOptions, type DemoSummary } from './generator';
import { resolveRange } from './gen/range';
import { formatDay } from './gen/time';
import { demoSourceHash } from './sourceHash';
import type { SchemaVersion } from './versions';

// A prebuilt demo database is a PGlite data directory (`dumpDataDir`, gzipped) next to a manifest saying which
// generator, schema level and options made it. Loading it skips the seeding (generation, inserts, indexes,
// ANALYZE): docs of `loadDataDir` in @electric-sql/pglite's PGliteOptions.

/** Every option after defaults, so two requests for the same data compare equal. */
export interface ResolvedDemoOptions {
  seed: number;
  endDate: string;
  days: number;
  requestsPerDay: number;
  retentionDays: number;
  masterKeyHashInDb: boolean;
  dailyFirstDays: Record<string, string>;
}

export interface PrebuiltManifest {
  sourceHash: string;
  version: SchemaVersion;
  options: ResolvedDemoOptions;
  summary: DemoSummary;
  /** File name of the gzipped data directory, in the manifest's folder. */
  dataDir: string;
}

export function resolveDemoOptions(opts: DemoOptions): ResolvedDemoOptions {
  const range = resolveRange(opts);
  const dailyFirstDays = { ...DAILY_MIGRATION_DAYS, ...opts.dailyFirstDays };
  return {
    seed: range.seed,
    endDate: formatDay(range.to),
    days: range.days,
    requestsPerDay: range.requestsPerDay,
    retentionDays: range.retentionDays,
    masterKeyHashInDb: range.masterKeyHashInDb,
    dailyFirstDays: Object.fromEntries(Object.entries(dailyFirstDays).sort(([a], [b]) => a.localeCompare(b))),
  };
}

const sameExceptEndDate = (a: ResolvedDemoOptions, b: ResolvedDemoOptions): boolean =>
  JSON.stringify({ ...a, endDate: '' }) === JSON.stringify({ ...b, endDate: '' });

function readManifests(dir: string): PrebuiltManifest[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as PrebuiltManifest)
    .filter((m) => existsSync(join(dir, m.dataDir)));
}

/**
 * The prebuilt database made by this generator for this request. Without an explicit `endDate` the request
 * means "the default period": the one ending yesterday when prebuilt, else the most recent one (the data then
 * ends on the day before the build, which the views and defaults follow). Undefined when nothing fits.
 */
export function findPrebuilt(
  dir: string,
  version: SchemaVersion,
  opts: DemoOptions,
): { manifest: PrebuiltManifest; path: string } | undefined {
  const sourceHash = demoSourceHash();
  if (!sourceHash) return undefined;
  const wanted = resolveDemoOptions(opts);
  const fits = readManifests(dir).filter(
    (m) => m.sourceHash === sourceHash && m.version === version && sameExceptEndDate(m.options, wanted),
  );
  const exact = fits.find((m) => m.options.endDate === wanted.endDate);
  const manifest =
    exact ?? (opts.endDate === undefined ? fits.sort((a, b) => b.options.endDate.localeCompare(a.options.endDate))[0] : undefined);
  return manifest && { manifest, path: join(dir, manifest.dataDir) };
}

/** The data directory of a prebuilt demo database, as PGlite's `loadDataDir` takes it (an uncompressed tar). */
export function readPrebuiltDataDir(path: string): Blob {
  return new Blob([gunzipSync(readFileSync(path))]);
}

/**
 * Saves a seeded demo database as a prebuilt one in `dir`, replacing the earlier ones of the same schema level.
 * CHECKPOINT first so the dump needs no WAL replay when loaded.
 */
export async function writePrebuilt(
  dir: string,
  db: PGlite,
  version: SchemaVersion,
  opts: DemoOptions,
  summary: DemoSummary,
): Promise<PrebuiltManifest> {
  const sourceHash = demoSourceHash();
  if (!sourceHash) throw new Error('The demo sources are not available to hash; cannot prebuild the demo database.');
  const options = resolveDemoOptions(opts);
  await db.query('CHECKPOINT');
  const redo = await db.query<{ redo_wal_file: string }>('SELECT redo_wal_file FROM pg_control_checkpoint()');
  const dump = new Uint8Array(await (await db.dumpDataDir('none')).arrayBuffer());
  const tar = withoutTarEntries(dump, (name) => /(^|\/)pg_wal\/[0-9A-F]{24}$/.test(name) && !name.endsWith(redo.rows[0].redo_wal_file));
  const name = `demo-${version}-${createHash('sha256').update(JSON.stringify({ sourceHash, options })).digest('hex').slice(0, 16)}`;
  const manifest: PrebuiltManifest = { sourceHash, version, options, summary, dataDir: `${name}.tar.gz` };
  for (const old of readManifests(dir).filter((m) => m.version === version)) {
    rmSync(join(dir, old.dataDir), { force: true });
    rmSync(join(dir, old.dataDir.replace(/\.tar\.gz$/, '.json')), { force: true });
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, manifest.dataDir), gzipSync(tar, { level: 6 }));
  writeFileSync(join(dir, `${name}.json`), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/**
 * A ustar archive without the entries `drop` selects. After a CHECKPOINT PostgreSQL needs only the WAL segment
 * holding the redo point; the others are recycled segments (16 MB each) it recreates when it needs them.
 */
function withoutTarEntries(tar: Uint8Array, drop: (name: string) => boolean): Uint8Array {
  const kept: Uint8Array[] = [];
  const text = new TextDecoder();
  let at = 0;
  while (at + 512 <= tar.length && tar[at] !== 0) {
    const header = tar.subarray(at, at + 512);
    const field = (from: number, length: number): string => text.decode(header.subarray(from, from + length)).replace(/\0.*$/s, '');
    const prefix = field(345, 155);
    const name = prefix ? `${prefix}/${field(0, 100)}` : field(0, 100);
    const size = parseInt(field(124, 12).trim() || '0', 8);
    const end = at + 512 + Math.ceil(size / 512) * 512;
    if (!drop(name)) kept.push(tar.subarray(at, end));
    at = end;
  }
  kept.push(new Uint8Array(1024)); // end-of-archive: two zero blocks
  return Buffer.concat(kept);
}

/**
 * Where the build puts the prebuilt demo databases: `dist/demo`. Bundled, this code is `dist/*.js`; from
 * source (tsx) it is `src/core/demo/`, three levels below the repository.
 */
export function defaultPrebuiltDir(): string {
  const here = dirname(__filename);
  return existsSync(join(here, 'generator.ts')) ? join(here, '..', '..', '..', 'dist', 'demo') : join(here, 'demo');
}
