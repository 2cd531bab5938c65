/** What catalog introspection returns: the database as it is, with no LiteLLM assumptions. */
export interface ColumnInfo {
  name: string;
  /** Formatted type as `psql \d` prints it, e.g. `timestamp(3) without time zone`, `text[]`. */
  type: string;
  notNull: boolean;
  default: string | null;
  /** 1-based ordinal position (differs between migrate and db-push databases; never rely on it). */
  position: number;
}

export interface IndexInfo {
  name: string;
  unique: boolean;
  primary: boolean;
  /** Full definition from pg_get_indexdef. */
  definition: string;
  /** Plain column names; expressions are omitted. */
  columns: string[];
}

export interface ForeignKeyInfo {
  name: string;
  columns: string[];
  refSchema: string;
  refTable: string;
  refColumns: string[];
  onDelete: string;
  onUpdate: string;
}

export interface TableInfo {
  schema: string;
  name: string;
  kind: 'table' | 'view';
  columns: ColumnInfo[];
  primaryKey: string[];
  indexes: IndexInfo[];
  foreignKeys: ForeignKeyInfo[];
  /** pg_class.reltuples; -1 when never analysed (PG 14+), null for views. */
  rowEstimate: number | null;
  /** View definition (pg_get_viewdef) for views. */
  viewDefinition?: string;
}

export interface SchemaModel {
  schema: string;
  serverVersion: string;
  serverVersionNum: number;
  tables: TableInfo[];
}

/** LiteLLM table groups shown in the schema tree and used to filter the ER diagram. */
export const TABLE_GROUPS = ['users', 'teams & orgs', 'spend', 'config', 'audit', 'other'] as const;
export type TableGroup = (typeof TABLE_GROUPS)[number];

/**
 * A relationship LiteLLM relies on that is not a declared FK (docs/reference/litellm-schema.md §5.2):
 * plain value joins, array membership, JSON array elements.
 */
export interface LogicalRelation {
  fromTable: string;
  fromColumn: string;
  toTable: string;
  toColumn: string;
  via: 'value' | 'array' | 'json';
  /** Short label for diagrams, e.g. `api_key = token`. */
  label: string;
  /** Caveat shown next to the relation, e.g. "may be '' (no user)". */
  note?: string;
  /** SQL join condition using aliases `a` (from) and `b` (to). */
  joinSql: string;
}
