import { PGlite } from '@electric-sql/pglite';
import type { DemoOptions, DemoSummary } from './generator';
import { findPrebuilt, readPrebuiltDataDir } from './prebuilt';
import { createDemoDatabase } from './seed';
import type { SchemaVersion } from './versions';

export interface OpenedDemo {
  db: PGlite;
  summary: DemoSummary;
  /** `prebuilt`: loaded from the build's data directory; `generated`: seeded now (no prebuilt one fits). */
  origin: 'prebuilt' | 'generated';
}

/** An in-memory PGlite holding the demo database: the prebuilt data directory when one fits, else seeded now. */
export async function openDemoDatabase(version: SchemaVersion, opts: DemoOptions, prebuiltDir: string | undefined): Promise<OpenedDemo> {
  const prebuilt = prebuiltDir === undefined ? undefined : findPrebuilt(prebuiltDir, version, opts);
  if (prebuilt) {
    const db = await PGlite.create({ loadDataDir: readPrebuiltDataDir(prebuilt.path) });
    return { db, summary: prebuilt.manifest.summary, origin: 'prebuilt' };
  }
  const db = await PGlite.create();
  try {
    return { db, summary: await createDemoDatabase(db, version, opts), origin: 'generated' };
  } catch (err) {
    await db.close();
    throw err;
  }
}
