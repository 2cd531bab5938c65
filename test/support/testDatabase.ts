import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { SchemaVersion } from '../../src/core/demo/versions';
import type { DemoOptions, DemoSummary } from '../../src/core/demo/generator';
import { createDemoDatabase } from '../../src/core/demo/seed';
import { type PgCluster, startCluster } from './pgCluster';

/** Fixed dates keep every integration test deterministic. */
export const TEST_DEMO_OPTIONS: DemoOptions = { seed: 42, endDate: '2026-10-31', days: 90, retentionDays: 60 };

export interface TestDatabase {
  /** URL of the fresh database (superuser; the engine opens it read-only itself). */
  url: string;
  name: string;
  version: SchemaVersion;
  summary: DemoSummary;
  /** A writable superuser client for fixtures and brute-force checks. */
  admin: pg.Client;
  drop(): Promise<void>;
}

let cluster: PgCluster | undefined;

/** The server every suite uses: LITELLM_LENS_TEST_DB (set by test/run.ts) or a private cluster started on demand. */
export async function testServerUrl(): Promise<string> {
  if (process.env.LITELLM_LENS_TEST_DB) return process.env.LITELLM_LENS_TEST_DB;
  if (!cluster) {
    cluster = await startCluster();
    const c = cluster;
    process.once('exit', () => c.stop());
  }
  return cluster.url;
}

export function withDatabase(serverUrl: string, database: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${database}`;
  return u.toString();
}

/** A fresh database on the test server; drop() removes it (connections included). */
async function createDatabase(prefix: string): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const server = await testServerUrl();
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const root = new pg.Client({ connectionString: server });
  await root.connect();
  await root.query(`CREATE DATABASE "${name}"`);
  await root.end();
  return {
    url: withDatabase(server, name),
    name,
    async drop() {
      const c = new pg.Client({ connectionString: server });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

/** A fresh database with a connected, writable superuser client for fixtures; drop() ends the client first. */
export async function createScratchDatabase(
  prefix: string,
): Promise<{ url: string; name: string; admin: pg.Client; drop(): Promise<void> }> {
  const db = await createDatabase(prefix);
  const admin = new pg.Client({ connectionString: db.url });
  admin.on('error', () => undefined);
  await admin.connect();
  return {
    ...db,
    admin,
    async drop() {
      await admin.end().catch(() => undefined);
      await db.drop();
    },
  };
}

/** Creates a database with the LiteLLM DDL of `version` and generated demo data; drop() removes it. */
export async function createTestDatabase(opts: { version: SchemaVersion; seed?: DemoOptions }): Promise<TestDatabase> {
  const db = await createScratchDatabase(`lens_${opts.version.replace(/[^a-z0-9]/gi, '_')}`);
  const summary = await createDemoDatabase(db.admin, opts.version, { ...TEST_DEMO_OPTIONS, ...opts.seed });
  return { ...db, version: opts.version, summary };
}

/** An empty database (no LiteLLM tables) for "not a LiteLLM database" checks. */
export function createEmptyDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  return createDatabase('lens_empty');
}
