import { catalogFor, type CatalogTable } from './catalog';
import type { SchemaVersion } from './versions';
import { quoteIdent } from '../sql/identifiers';

function createTable(table: CatalogTable): string {
  const lines = table.columns.map((c) => {
    let line = `  ${quoteIdent(c.name)} ${c.type}`;
    if (c.notNull) line += ' NOT NULL';
    if (c.default !== undefined) line += ` DEFAULT ${c.default}`;
    return line;
  });
  for (const c of table.constraints) {
    if (!c.definition.startsWith('FOREIGN KEY')) lines.push(`  CONSTRAINT ${quoteIdent(c.name)} ${c.definition}`);
  }
  return `CREATE TABLE ${quoteIdent(table.name)} (\n${lines.join(',\n')}\n)`;
}

/**
 * The schema of one LiteLLM level as PostgreSQL statements, in the order Prisma's generated SQL uses:
 * enum, sequence, tables (with PK/UNIQUE constraints), indexes, then foreign keys (which may point forward).
 */
export function buildDdl(version: SchemaVersion): string[] {
  const tables = catalogFor(version);
  const statements: string[] = [];
  const names = new Set(tables.map((t) => t.name));
  if (names.has('LiteLLM_CronJob')) statements.push(`CREATE TYPE "JobStatus" AS ENUM ('ACTIVE', 'INACTIVE')`);
  if (names.has('LiteLLM_ModelTable')) statements.push(`CREATE SEQUENCE "LiteLLM_ModelTable_id_seq" AS integer`);
  for (const table of tables) statements.push(createTable(table));
  if (names.has('LiteLLM_ModelTable')) {
    statements.push(`ALTER SEQUENCE "LiteLLM_ModelTable_id_seq" OWNED BY "LiteLLM_ModelTable"."id"`);
  }
  for (const table of tables) {
    for (const index of table.indexes) {
      const unique = index.unique ? 'UNIQUE ' : '';
      statements.push(`CREATE ${unique}INDEX ${quoteIdent(index.name)} ON ${quoteIdent(table.name)} (${index.columns})`);
    }
  }
  for (const table of tables) {
    for (const c of table.constraints) {
      if (c.definition.startsWith('FOREIGN KEY')) {
        statements.push(`ALTER TABLE ${quoteIdent(table.name)} ADD CONSTRAINT ${quoteIdent(c.name)} ${c.definition}`);
      }
    }
  }
  return statements;
}
