import type pg from 'pg';
import { eventually } from './eventually';

/** Backends of the client's own database (other suites share the server) running a statement containing `fragment`. */
export async function activeStatements(admin: pg.Client, fragment: string): Promise<number> {
  const { rows } = await admin.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_stat_activity
     WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid() AND strpos(query, $1) > 0`,
    [fragment],
  );
  return rows[0].n;
}

/**
 * How many such statements still run once the backends have had `withinMs` to report: a backend sends the error
 * to its client before it updates its own pg_stat_activity state.
 */
export async function stillActive(admin: pg.Client, fragment: string, withinMs = 2000): Promise<number> {
  // Running out of time is an answer here: the count of what still runs, which the caller asserts.
  await eventually(`no statement with ${fragment}`, async () => (await activeStatements(admin, fragment)) === 0, withinMs).catch(
    () => undefined,
  );
  return activeStatements(admin, fragment);
}
