import { PGlite } from '@electric-sql/pglite';
import { findPrebuilt, resolveDemoOptions, writePrebuilt } from './prebuilt';
import { createDemoDatabase } from './seed';

/**
 * Seeds the default demo database (what `startDemoServer({})` serves: schema 029f645f, data ending yesterday)
 * and saves it in `dir`, unless one from these sources for the same day is already there.
 */
export async function buildDefaultPrebuilt(dir: string): Promise<string> {
  const version = '029f645f';
  const options = { endDate: resolveDemoOptions({}).endDate };
  const found = findPrebuilt(dir, version, options);
  if (found) return `up to date (${found.path})`;
  const db = await PGlite.create();
  try {
    const summary = await createDemoDatabase(db, version, options);
    const manifest = await writePrebuilt(dir, db, version, options, summary);
    return `prebuilt ${dir}/${manifest.dataDir} (${summary.from}..${summary.to})`;
  } finally {
    await db.close();
  }
}
