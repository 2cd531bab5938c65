import { Capabilities, type SchemaGeneration } from '../schema/capabilities';
import type { ColumnInfo, ForeignKeyInfo, SchemaModel, TableInfo } from '../schema/model';
import { catalogFor, type CatalogTable } from '../demo/catalog';
import { EARLY_2025_DROPPED_COLUMNS, EARLY_2025_TABLES } from '../demo/versions';

/** The schema the editor checks against: the connected database's model, or the bundled newest catalog. */
export interface SqlCatalog {
  /** "LiteLLM 029f645f (bundled catalog)" or "LiteLLM 1.83 (connected: prod)": named in every "missing" message. */
  versionLabel: string;
  generation: SchemaGeneration;
  connected: boolean;
  tables: ReadonlyMap<string, TableInfo>;
  /** Lower-cased name → exact names, for finding what an unquoted (folded) name meant. */
  tablesByLower: ReadonlyMap<string, string[]>;
}

const BUNDLED_VERSION = '029f645f';
const PK = /^PRIMARY KEY \((.+)\)$/;
const FK = /^FOREIGN KEY \((.+)\) REFERENCES "([^"]+)"\((.+)\)(.*)$/;
const names = (list: string): string[] => list.split(', ').map((s) => s.replace(/"/g, ''));

function bundledTable(t: CatalogTable): TableInfo {
  const columns: ColumnInfo[] = t.columns.map((c, i) => ({
    name: c.name,
    type: c.type,
    notNull: c.notNull,
    default: c.default ?? null,
    position: i + 1,
  }));
  let primaryKey: string[] = [];
  const foreignKeys: ForeignKeyInfo[] = [];
  for (const c of t.constraints) {
    const pk = PK.exec(c.definition);
    if (pk) primaryKey = names(pk[1]);
    const fk = FK.exec(c.definition);
    if (fk) {
      foreignKeys.push({
        name: c.name,
        columns: names(fk[1]),
        refSchema: 'public',
        refTable: fk[2],
        refColumns: names(fk[3]),
        onDelete: /ON DELETE (\w+( \w+)?)/.exec(fk[4])?.[1] ?? 'NO ACTION',
        onUpdate: /ON UPDATE (\w+( \w+)?)/.exec(fk[4])?.[1] ?? 'NO ACTION',
      });
    }
  }
  return {
    schema: 'public',
    name: t.name,
    kind: 'table',
    columns,
    primaryKey,
    foreignKeys,
    rowEstimate: null,
    indexes: t.indexes.map((ix) => ({
      name: ix.name,
      unique: ix.unique,
      primary: false,
      definition: ix.columns,
      columns: names(ix.columns),
    })),
  };
}

function build(tables: readonly TableInfo[], generation: SchemaGeneration, versionLabel: string, connected: boolean): SqlCatalog {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const byLower = new Map<string, string[]>();
  for (const t of tables) byLower.set(t.name.toLowerCase(), [...(byLower.get(t.name.toLowerCase()) ?? []), t.name]);
  return { versionLabel, generation, connected, tables: byName, tablesByLower: byLower };
}

let bundled: SqlCatalog | undefined;

/** The catalog of the newest LiteLLM schema this tool knows (docs/reference/litellm-schema.md §6), used without a connection. */
export function bundledCatalog(): SqlCatalog {
  bundled ??= build(catalogFor(BUNDLED_VERSION).map(bundledTable), BUNDLED_VERSION, `LiteLLM ${BUNDLED_VERSION} (bundled catalog)`, false);
  return bundled;
}

/** The catalog of a connected (introspected) database; `display` names the connection in messages. */
export function connectedCatalog(model: SchemaModel, display: string): SqlCatalog {
  const generation = new Capabilities(model).generation();
  return build(model.tables, generation, `LiteLLM ${generation} (connected: ${display})`, true);
}

let rawTables: Map<string, CatalogTable> | undefined;

/** The LiteLLM generation that introduced a table or column (docs/reference/litellm-schema.md §0.1), when this tool knows it. */
export function addedIn(table: string, column?: string): string | undefined {
  rawTables ??= new Map(catalogFor(BUNDLED_VERSION).map((t) => [t.name, t]));
  const raw = rawTables.get(table);
  if (!raw) return undefined;
  if (column === undefined) return raw.since ?? (EARLY_2025_TABLES.has(table) ? 'early-2025' : '1.83');
  const col = raw.columns.find((c) => c.name === column);
  if (!col) return undefined;
  if (col.since) return col.since;
  if (!EARLY_2025_TABLES.has(table) || (EARLY_2025_DROPPED_COLUMNS[table] ?? []).includes(column)) return '1.83';
  return 'early-2025';
}

export function columnOf(catalog: SqlCatalog, table: string, column: string): ColumnInfo | undefined {
  return catalog.tables.get(table)?.columns.find((c) => c.name === column);
}
