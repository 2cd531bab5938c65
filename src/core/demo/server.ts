import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import type { DemoOptions, DemoSummary } from './generator';
import { createDemoDatabase } from './seed';
import type { SchemaVersion } from './versions';

export interface DemoServerOptions extends DemoOptions {
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** Interface to bind (default 127.0.0.1). */
  host?: string;
  /** Schema level to serve (default '029f645f'). */
  version?: SchemaVersion;
}

export interface DemoServer {
  /** `postgresql://postgres@HOST:PORT/postgres?sslmode=disable`, usable by `pg` and psql. */
  url: string;
  summary: DemoSummary;
  close(): Promise<void>;
}

// PGlite is a single backend: pglite-socket queues every connection's messages onto it, so session settings
// (SET, time zone, read-only) are shared by all clients. A few connections cover a pool plus a cancel.
const MAX_CONNECTIONS = 8;

/** Seeds an in-memory PGlite with the demo database and serves it over the PostgreSQL wire protocol. */
export async function startDemoServer(opts: DemoServerOptions = {}): Promise<DemoServer> {
  const { port = 0, host = '127.0.0.1', version = '029f645f', ...demo } = opts;
  const db = await PGlite.create();
  try {
    const summary = await createDemoDatabase(db, version, demo);
    const server = new PGLiteSocketServer({ db, port, host, maxConnections: MAX_CONNECTIONS });
    await server.start();
    const conn = server.getServerConn();
    const actualPort = Number(conn.slice(conn.lastIndexOf(':') + 1));
    const urlHost = host.includes(':') ? `[${host}]` : host;
    let closed: Promise<void> | undefined;
    return {
      url: `postgresql://postgres@${urlHost}:${actualPort}/postgres?sslmode=disable`,
      summary,
      close: () => (closed ??= server.stop().then(() => db.close())),
    };
  } catch (err) {
    await db.close();
    throw err;
  }
}
