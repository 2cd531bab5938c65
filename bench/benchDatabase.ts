import pg from 'pg';
import { startCluster } from '../test/support/pgCluster';

/** A fresh database for one benchmark run. */
export interface BenchDatabase {
  url: string;
  /** A superuser client on the fresh database, for building it; the caller ends it. */
  admin(): Promise<pg.Client>;
}

/**
 * Runs `work` on a fresh database of LITELLM_LENS_BENCH_DB, or of a private cluster started for the run, and
 * removes the database (and the cluster) afterwards, whatever happens.
 */
export async function withBenchDatabase(prefix: string, work: (db: BenchDatabase) => Promise<void>): Promise<void> {
  const cluster = process.env.LITELLM_LENS_BENCH_DB ? undefined : await startCluster();
  const server = process.env.LITELLM_LENS_BENCH_DB ?? (cluster as { url: string }).url;
  const name = `${prefix}_${process.pid}`;
  const root = new pg.Client({ connectionString: server });
  await root.connect();
  const url = new URL(server);
  url.pathname = `/${name}`;
  try {
    await root.query(`CREATE DATABASE "${name}"`);
    await work({
      url: url.toString(),
      async admin() {
        const client = new pg.Client({ connectionString: url.toString() });
        await client.connect();
        return client;
      },
    });
  } finally {
    await root.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
    await root.end();
    cluster?.stop();
  }
}
