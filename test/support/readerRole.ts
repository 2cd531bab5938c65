import { randomBytes } from 'node:crypto';
import type pg from 'pg';

/**
 * A least-privilege login for the test database, made with the README's SQL ("Least-privilege role"):
 * `pg_read_all_data`, read-only by default. The extension under test connects as it through DATABASE_URL, as
 * the README recommends; fixtures and the truth queries keep the superuser.
 */
export async function createReaderRole(admin: pg.Client, url: string): Promise<{ url: string; drop(): Promise<void> }> {
  const role = `lens_env_reader_${randomBytes(4).toString('hex')}`;
  const password = `Pw${randomBytes(8).toString('hex')}`;
  await admin.query(
    `CREATE ROLE ${role} LOGIN PASSWORD '${password}'; GRANT pg_read_all_data TO ${role}; ALTER ROLE ${role} SET default_transaction_read_only = on`,
  );
  const u = new URL(url);
  u.username = role;
  u.password = password;
  return {
    url: u.toString(),
    async drop() {
      await admin.query(`DROP ROLE IF EXISTS ${role}`).catch(() => undefined);
    },
  };
}
