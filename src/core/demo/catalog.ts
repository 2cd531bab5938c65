import catalogJson from './schema/litellm-029f645f.json';
import { EARLY_2025_DROPPED_COLUMNS, EARLY_2025_TABLES, USER_EMAIL_LOWER_INDEX, type SchemaVersion } from './versions';

/** One column of the docs/reference/litellm-schema.md §6 catalog (types and defaults exactly as PostgreSQL formats them). */
export interface CatalogColumn {
  name: string;
  type: string;
  notNull: boolean;
  default?: string;
  /** Set on columns added after the 1.83 migrations. */
  since?: string;
}

/** A PK/UNIQUE/FK constraint; `definition` is pg_get_constraintdef output. */
export interface CatalogConstraint {
  name: string;
  definition: string;
}

/** A B-tree index; `columns` is the index column list as pg_get_indexdef prints it. */
export interface CatalogIndex {
  name: string;
  unique: boolean;
  columns: string;
  since?: string;
}

export interface CatalogTable {
  name: string;
  since?: string;
  columns: CatalogColumn[];
  constraints: CatalogConstraint[];
  indexes: CatalogIndex[];
}

const FULL_CATALOG: readonly CatalogTable[] = (catalogJson as { tables: CatalogTable[] }).tables;

const FOREIGN_KEY = /^FOREIGN KEY \(([^)]+)\) REFERENCES "([^"]+)"/;

/** Column names of an index column list such as `"startTime", request_id` or `team_id, created_at DESC`. */
function indexColumnNames(columns: string): string[] {
  return columns.split(', ').map((part) => part.replace(/ (ASC|DESC)$/, '').replace(/"/g, ''));
}

function filterTable(table: CatalogTable, tableNames: ReadonlySet<string>, dropped: ReadonlySet<string>, late: boolean): CatalogTable {
  const columns = table.columns.filter((c) => !dropped.has(c.name) && (late || !c.since));
  const kept = new Set(columns.map((c) => c.name));
  const constraints = table.constraints.filter((c) => {
    const fk = FOREIGN_KEY.exec(c.definition);
    return !fk || (tableNames.has(fk[2]) && fk[1].split(', ').every((col) => kept.has(col)));
  });
  const indexes: CatalogIndex[] = [];
  for (const index of table.indexes) {
    if (index.since && !late) continue;
    const names = indexColumnNames(index.columns);
    if (names.every((n) => kept.has(n))) {
      indexes.push(index);
    } else if (index.unique && table.name.startsWith('LiteLLM_Daily')) {
      // The older daily unique key is the same index without the columns that arrived later (docs/reference/litellm-schema.md §0.1).
      const parts = index.columns.split(', ').filter((_, i) => kept.has(names[i]));
      indexes.push({ ...index, columns: parts.join(', ') });
    }
  }
  return { ...table, columns, constraints, indexes };
}

/** The tables, columns, constraints and indexes a schema level has, in catalog order. */
export function catalogFor(version: SchemaVersion): CatalogTable[] {
  const late = version === '029f645f';
  const tables = FULL_CATALOG.filter((t) => (version === 'early-2025' ? EARLY_2025_TABLES.has(t.name) : late || !t.since));
  const names = new Set(tables.map((t) => t.name));
  return tables.map((t) => {
    const dropped = new Set(version === 'early-2025' ? (EARLY_2025_DROPPED_COLUMNS[t.name] ?? []) : []);
    const filtered = filterTable(t, names, dropped, late);
    if (version === '1.83' && t.name === 'LiteLLM_UserTable') {
      filtered.indexes = [...filtered.indexes, { name: USER_EMAIL_LOWER_INDEX, unique: false, columns: 'lower(user_email)' }];
    }
    return filtered;
  });
}

/** Column names per table for a schema level. */
export function columnsByTable(version: SchemaVersion): Map<string, string[]> {
  return new Map(catalogFor(version).map((t) => [t.name, t.columns.map((c) => c.name)]));
}
