import { groupOf } from '../../core/schema/litellmTables';
import { LOGICAL_RELATIONS } from '../../core/schema/logicalRelations';
import { TABLE_GROUPS, type SchemaModel, type TableGroup, type TableInfo } from '../../core/schema/model';

/** How a column takes part in relationships; decides its icon (the strongest role wins). */
export type ColumnRole = 'primary' | 'foreign' | 'logical' | 'plain';

export interface ColumnOutline {
  name: string;
  type: string;
  notNull: boolean;
  role: ColumnRole;
  /** One line per relationship, e.g. `FK → LiteLLM_TeamTable.team_id`, for the tooltip. */
  relations: string[];
}

export interface TableOutline {
  schema: string;
  name: string;
  /** What the tree shows: the name without `LiteLLM_`, unless another relation is called that (the view `DailyTagSpend`). */
  label: string;
  kind: 'table' | 'view';
  group: TableGroup;
  rowEstimate: string;
  columns: ColumnOutline[];
}

export interface GroupOutline {
  group: TableGroup;
  tables: TableOutline[];
}

/** The schema tree's content: non-empty groups in the fixed LiteLLM order, tables by name inside each. */
export function outlineSchema(model: SchemaModel): GroupOutline[] {
  const byGroup = new Map<TableGroup, TableOutline[]>();
  const names = new Set(model.tables.map((t) => t.name));
  for (const t of model.tables) {
    const group = groupOf(t.name);
    const list = byGroup.get(group) ?? [];
    list.push(outlineTable(t, group, names));
    byGroup.set(group, list);
  }
  return TABLE_GROUPS.filter((g) => byGroup.has(g)).map((group) => ({
    group,
    tables: byGroup.get(group)!.sort((a, b) => a.name.localeCompare(b.name)),
  }));
}

function outlineTable(t: TableInfo, group: TableGroup, names: Set<string>): TableOutline {
  const short = t.name.replace(/^LiteLLM_(?=.)/, '');
  return {
    schema: t.schema,
    name: t.name,
    label: short !== t.name && names.has(short) ? t.name : short,
    kind: t.kind,
    group,
    rowEstimate: formatRowEstimate(t.rowEstimate),
    columns: t.columns.map((c) => {
      const relations: string[] = [];
      for (const fk of t.foreignKeys) {
        const i = fk.columns.indexOf(c.name);
        if (i >= 0) relations.push(`FK → ${fk.refTable}.${fk.refColumns[i]} (on delete ${fk.onDelete.toLowerCase()})`);
      }
      for (const r of LOGICAL_RELATIONS) {
        if (r.fromTable === t.name && r.fromColumn === c.name) {
          relations.push(`logical → ${r.toTable}.${r.toColumn}: ${r.label}${r.note ? ` (${r.note})` : ''}`);
        }
        if (r.toTable === t.name && r.toColumn === c.name) relations.push(`logical ← ${r.fromTable}.${r.fromColumn}: ${r.label}`);
      }
      const isPk = t.primaryKey.includes(c.name);
      const role: ColumnRole = isPk
        ? 'primary'
        : relations.some((r) => r.startsWith('FK'))
          ? 'foreign'
          : relations.length > 0
            ? 'logical'
            : 'plain';
      return { name: c.name, type: c.type, notNull: c.notNull, role, relations };
    }),
  };
}

/** `pg_class.reltuples` as a short label: views have none, -1 means never analysed. */
export function formatRowEstimate(estimate: number | null): string {
  if (estimate === null) return 'view';
  if (estimate < 0) return 'not analysed';
  if (estimate < 1000) return `~${Math.round(estimate)} rows`;
  if (estimate < 1_000_000) return `~${trim(estimate / 1000)}k rows`;
  return `~${trim(estimate / 1_000_000)}M rows`;
}

function trim(n: number): string {
  return n >= 100 ? String(Math.round(n)) : n.toFixed(1).replace(/\.0$/, '');
}
