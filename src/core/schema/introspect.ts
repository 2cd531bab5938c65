import type { LensDatabase } from '../db/database';
import type { ColumnInfo, ForeignKeyInfo, IndexInfo, SchemaModel, TableInfo } from './model';

const TABLES_SQL = `
SELECT c.oid::int AS oid, c.relname AS name, CASE WHEN c.relkind IN ('v','m') THEN 'view' ELSE 'table' END AS kind,
       CASE WHEN c.relkind IN ('v','m') THEN NULL ELSE c.reltuples::float8 END AS row_estimate,
       CASE WHEN c.relkind IN ('v','m') THEN pg_get_viewdef(c.oid, true) END AS view_definition
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = $1 AND c.relkind IN ('r','p','v','m')
ORDER BY c.relname`;

const COLUMNS_SQL = `
SELECT a.attrelid::int AS oid, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
       a.attnotnull AS not_null, pg_get_expr(d.adbin, d.adrelid) AS default_expr, a.attnum::int AS position
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE n.nspname = $1 AND c.relkind IN ('r','p','v','m') AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attrelid, a.attnum`;

const INDEXES_SQL = `
SELECT i.indrelid::int AS oid, ic.relname AS name, i.indisunique AS is_unique, i.indisprimary AS is_primary,
       pg_get_indexdef(i.indexrelid) AS definition,
       ARRAY(SELECT a.attname::text FROM unnest(i.indkey) WITH ORDINALITY k(attnum, ord)
             JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum ORDER BY k.ord) AS columns
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = $1
ORDER BY ic.relname`;

const FOREIGN_KEYS_SQL = `
SELECT con.conrelid::int AS oid, con.conname AS name, rn.nspname AS ref_schema, rc.relname AS ref_table,
       ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
             JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord) AS columns,
       ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
             JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.ord) AS ref_columns,
       con.confdeltype AS on_delete, con.confupdtype AS on_update
FROM pg_constraint con
JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_class rc ON rc.oid = con.confrelid JOIN pg_namespace rn ON rn.oid = rc.relnamespace
WHERE con.contype = 'f' AND n.nspname = $1
ORDER BY con.conname`;

const ACTIONS: Record<string, string> = { a: 'NO ACTION', r: 'RESTRICT', c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT' };

/** Reads the catalog of one schema in four queries: tables/views, columns, indexes, foreign keys. */
export async function introspect(db: LensDatabase, schema = 'public', signal?: AbortSignal): Promise<SchemaModel> {
  const opts = { signal };
  const [tables, columns, indexes, fks] = await Promise.all([
    db.query<{ oid: number; name: string; kind: 'table' | 'view'; row_estimate: number | null; view_definition: string | null }>(
      TABLES_SQL,
      [schema],
      opts,
    ),
    db.query<{ oid: number; name: string; type: string; not_null: boolean; default_expr: string | null; position: number }>(
      COLUMNS_SQL,
      [schema],
      opts,
    ),
    db.query<{ oid: number; name: string; is_unique: boolean; is_primary: boolean; definition: string; columns: string[] }>(
      INDEXES_SQL,
      [schema],
      opts,
    ),
    db.query<{
      oid: number;
      name: string;
      ref_schema: string;
      ref_table: string;
      columns: string[];
      ref_columns: string[];
      on_delete: string;
      on_update: string;
    }>(FOREIGN_KEYS_SQL, [schema], opts),
  ]);
  const byOid = new Map<number, TableInfo>();
  for (const t of tables.rows) {
    const info: TableInfo = {
      schema,
      name: t.name,
      kind: t.kind,
      columns: [],
      primaryKey: [],
      indexes: [],
      foreignKeys: [],
      rowEstimate: t.row_estimate,
    };
    if (t.view_definition) info.viewDefinition = t.view_definition;
    byOid.set(t.oid, info);
  }
  for (const c of columns.rows) {
    const col: ColumnInfo = { name: c.name, type: c.type, notNull: c.not_null, default: c.default_expr, position: c.position };
    byOid.get(c.oid)?.columns.push(col);
  }
  for (const i of indexes.rows) {
    const table = byOid.get(i.oid);
    if (!table) continue;
    const idx: IndexInfo = { name: i.name, unique: i.is_unique, primary: i.is_primary, definition: i.definition, columns: i.columns };
    table.indexes.push(idx);
    if (i.is_primary) table.primaryKey = i.columns;
  }
  for (const f of fks.rows) {
    const fk: ForeignKeyInfo = {
      name: f.name,
      columns: f.columns,
      refSchema: f.ref_schema,
      refTable: f.ref_table,
      refColumns: f.ref_columns,
      onDelete: ACTIONS[f.on_delete] ?? f.on_delete,
      onUpdate: ACTIONS[f.on_update] ?? f.on_update,
    };
    byOid.get(f.oid)?.foreignKeys.push(fk);
  }
  return {
    schema,
    serverVersion: db.server.version,
    serverVersionNum: db.server.versionNum,
    tables: [...byOid.values()],
  };
}
