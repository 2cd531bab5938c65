import { LensError } from '../../core/errors';
import { COMMANDS } from '../commandIds';
import { registerCommand } from '../commandRunner';
import { DEMO_TARGET } from '../logic/connectTarget';
import { withCancellableProgress } from '../progress';
import type { Services } from '../services';
import { readSettings } from '../settings';

export const APPLICATION_NAME = 'litellm-lens-vscode';

/** The PostgreSQL driver is loaded on first connect, not at activation (pg alone takes ~50 ms to load). */
export function loadDriver(): Promise<typeof import('../../core/db/database')> {
  return import('../../core/db/database');
}

export function registerOpenDemoCommand(services: Services): void {
  registerCommand(services, COMMANDS.openDemoDatabase, 'Open demo database', () => openDemo(services));
}

/**
 * Starts the embedded PGlite demo server (in its own thread, from the data directory prebuilt at build time) and
 * connects to it; disconnecting stops the server. PGlite is loaded only here, so activation never pays for it.
 */
export async function openDemo(services: Services): Promise<void> {
  await withCancellableProgress(services, 'Opening the demo database…', async (signal, report) => {
    report('loading LiteLLM data');
    const { startDemoServer } = await import('../../core/demo/server');
    const server = await startDemoServer({});
    services.log.info(
      server.origin === 'prebuilt'
        ? `Demo database loaded from its prebuilt data directory (data ${server.summary.from} … ${server.summary.to}).`
        : 'Demo database seeded at open: no prebuilt one from these demo sources (npm run build makes it).',
    );
    if (signal.aborted) {
      await server.close();
      throw new LensError('cancelled', 'Cancelled.');
    }
    report('connecting');
    const statementTimeoutMs = readSettings().statementTimeout * 1000;
    await services.session.connect(
      DEMO_TARGET,
      async () => {
        try {
          const { openDatabase } = await loadDriver();
          return {
            db: await openDatabase({ url: server.url, env: {}, applicationName: APPLICATION_NAME, statementTimeoutMs }),
            release: () => server.close(),
          };
        } catch (err) {
          await server.close();
          throw err;
        }
      },
      signal,
    );
  });
  const info = services.session.info;
  if (info) services.log.info(`Opened the demo database (${info.display}), LiteLLM schema ${info.generation}, ${info.tableCount} tables.`);
}
