import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { DemoOptions, DemoSummary } from './generator';
import { defaultPrebuiltDir, resolveDemoOptions } from './prebuilt';
import type { SchemaVersion } from './versions';
import type { DemoWorkerInput, DemoWorkerMessage } from './worker';

export interface DemoServerOptions extends DemoOptions {
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** Interface to bind (default 127.0.0.1). */
  host?: string;
  /** Schema level to serve (default '029f645f'). */
  version?: SchemaVersion;
  /** Folder of prebuilt demo databases (default: the build's `dist/demo`); `null` always seeds anew. */
  prebuiltDir?: string | null;
}

export interface DemoServer {
  /** `postgresql://postgres@HOST:PORT/postgres?sslmode=disable`, usable by `pg` and psql. */
  url: string;
  summary: DemoSummary;
  /** `prebuilt`: loaded from the build's data directory; `generated`: seeded at start. */
  origin: 'prebuilt' | 'generated';
  close(): Promise<void>;
}

/**
 * The demo worker. Bundled, `dist/demoWorker.js` next to this code; from source, `worker.ts` loaded through
 * tsx (a worker thread does not inherit tsx's loader).
 */
function startWorker(input: DemoWorkerInput): Worker {
  const here = dirname(__filename);
  if (__filename.endsWith('.ts')) {
    const tsx = createRequire(__filename).resolve('tsx/cjs');
    return new Worker(`require(${JSON.stringify(tsx)}); require(${JSON.stringify(join(here, 'worker.ts'))});`, {
      eval: true,
      workerData: input,
    });
  }
  return new Worker(join(here, 'demoWorker.js'), { workerData: input });
}

/**
 * Opens the demo database in a worker thread (the prebuilt data directory when it fits, else seeded there) and
 * serves it over the PostgreSQL wire protocol; the calling thread only waits for the URL.
 */
export async function startDemoServer(opts: DemoServerOptions = {}): Promise<DemoServer> {
  const { port = 0, host = '127.0.0.1', version = '029f645f', prebuiltDir, ...options } = opts;
  resolveDemoOptions(options); // bad options throw here, as a RangeError, before a thread starts
  const worker = startWorker({
    version,
    options,
    prebuiltDir: prebuiltDir === null ? undefined : (prebuiltDir ?? defaultPrebuiltDir()),
    port,
    host,
  });
  const ready = await new Promise<Extract<DemoWorkerMessage, { type: 'ready' }>>((resolve, reject) => {
    worker.once('message', (message: DemoWorkerMessage) => {
      if (message.type === 'ready') resolve(message);
      else {
        reject(
          Object.assign(
            new Error(message.type === 'failed' ? message.message : 'The demo database stopped.'),
            message.type === 'failed' ? { name: message.name } : {},
          ),
        );
      }
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`The demo database thread exited (code ${code}) before it was ready.`)));
  }).catch(async (err: unknown) => {
    await worker.terminate();
    throw err;
  });
  const urlHost = host.includes(':') ? `[${host}]` : host;
  let closed: Promise<void> | undefined;
  const close = async (): Promise<void> => {
    // The worker stops the socket server and PGlite, acknowledges, and is then ended.
    await new Promise<void>((resolve) => {
      worker.once('message', () => resolve());
      worker.once('exit', () => resolve());
      worker.postMessage('close');
    });
    await worker.terminate();
  };
  return {
    url: `postgresql://postgres@${urlHost}:${ready.port}/postgres?sslmode=disable`,
    summary: ready.summary,
    origin: ready.origin,
    close: () => (closed ??= close()),
  };
}
