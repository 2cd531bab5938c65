/** The suite's own superuser connection to the test database: the truth the UI is compared against. */
import pg from 'pg';
import { loadContext } from './context';

let client: pg.Client | undefined;

async function admin(): Promise<pg.Client> {
  if (!client) {
    const c = new pg.Client({ connectionString: loadContext().databaseUrl });
    c.on('error', () => undefined);
    await c.connect();
    client = c;
  }
  return client;
}

export async function sql<T extends pg.QueryResultRow = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  return (await (await admin()).query<T>(text, params)).rows;
}

/** Tables and views of schema public, as the Schema view should list them. */
export async function relationNames(url?: string): Promise<string[]> {
  const query = `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`;
  if (!url) return (await sql<{ name: string }>(query)).map((r) => r.name);
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<{ name: string }>(query)).rows.map((r) => r.name);
  } finally {
    await c.end();
  }
}

export async function closeAdmin(): Promise<void> {
  await client?.end();
  client = undefined;
}
