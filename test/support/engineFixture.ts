import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LensDatabase, openDatabase } from '../../src/core/db/database';
import { Capabilities } from '../../src/core/schema/capabilities';
import { introspect } from '../../src/core/schema/introspect';
import { createTestDatabase, type TestDatabase } from './testDatabase';

/** A demo database opened as the engine opens it, its capabilities, and a temp folder for the test's files. */
export interface EngineFixture {
  tdb: TestDatabase;
  db: LensDatabase;
  caps: Capabilities;
  dir: string;
  /** Closes the connection, drops the database and removes the folder. */
  close(): Promise<void>;
}

export async function openEngineFixture(opts: Parameters<typeof createTestDatabase>[0], tempPrefix: string): Promise<EngineFixture> {
  const tdb = await createTestDatabase(opts);
  let db: LensDatabase | undefined;
  let dir: string | undefined;
  const close = async (): Promise<void> => {
    await db?.close();
    await tdb.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  };
  try {
    db = await openDatabase({ url: tdb.url });
    const caps = new Capabilities(await introspect(db));
    dir = await mkdtemp(join(tmpdir(), tempPrefix));
    return { tdb, db, caps, dir, close };
  } catch (err) {
    await close();
    throw err;
  }
}
