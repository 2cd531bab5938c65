/**
 * The one method the demo seeder needs from a database connection. `pg.Client`, `pg.Pool` and PGlite all
 * satisfy it, so the same code seeds a real PostgreSQL server and the embedded demo database.
 */
export interface SqlExecutor {
  query(sql: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}
