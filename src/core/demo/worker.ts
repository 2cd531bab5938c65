import { parentPort, workerData } from 'node:worker_threads';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import type { DemoOptions, DemoSummary } from './generator';
import { openDemoDatabase } from './open';
import type { SchemaVersion } from './versions';

// The demo database's thread: PGlite runs PostgreSQL as WebAssembly on the thread that calls it, so opening,
// seeding and every query happen here and the caller's event loop (the extension host) stays free.

export interface DemoWorkerInput {
  version: SchemaVersion;
  options: DemoOptions;
  prebuiltDir: string | undefined;
  port: number;
  host: string;
}

export type DemoWorkerMessage =
  | { type: 'ready'; port: number; summary: DemoSummary; origin: 'prebuilt' | 'generated' }
  | { type: 'failed'; name: string; message: string }
  | { type: 'closed' };

// PGlite is a single backend: pglite-socket queues every connection's messages onto it, so session settings
// (SET, time zone, read-only) are shared by all clients. A few connections cover a pool plus a cancel.
const MAX_CONNECTIONS = 8;

async function serve(input: DemoWorkerInput): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('demo worker started outside a worker thread');
  const { db, summary, origin } = await openDemoDatabase(input.version, input.options, input.prebuiltDir);
  let server: PGLiteSocketServer | undefined;
  try {
    server = new PGLiteSocketServer({ db, port: input.port, host: input.host, maxConnections: MAX_CONNECTIONS });
    await server.start();
  } catch (err) {
    await db.close();
    throw err;
  }
  const conn = server.getServerConn();
  const running = server;
  port.once('message', () => {
    void running
      .stop()
      .then(() => db.close())
      .finally(() => {
        port.postMessage({ type: 'closed' } satisfies DemoWorkerMessage);
        port.close();
      });
  });
  port.postMessage({ type: 'ready', port: Number(conn.slice(conn.lastIndexOf(':') + 1)), summary, origin } satisfies DemoWorkerMessage);
}

serve(workerData as DemoWorkerInput).catch((err: unknown) => {
  const error = err instanceof Error ? err : new Error(String(err));
  parentPort?.postMessage({ type: 'failed', name: error.name, message: error.message } satisfies DemoWorkerMessage);
  parentPort?.close();
});
