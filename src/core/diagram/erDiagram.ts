import { LensError } from '../errors';
import { TABLE_GROUPS, type LogicalRelation, type SchemaModel, type TableGroup, type TableInfo } from '../schema/model';
import { edgeColumns, schemaEdges, type SchemaEdge } from './edges';
import { assignIds, attributeName, attributeType, quoted } from './escape';

/** What the ER diagram shows. */
export interface ErDiagramOptions {
  /** Only these tables (names not in the schema are ignored). */
  tables?: readonly string[];
  /** Only tables of these groups. */
  groups?: readonly TableGroup[];
  /** This table plus its direct neighbours (within the `tables`/`groups` selection). */
  focus?: string;
  /** Group of a table; also drives the per-group CSS class (`groupClass`). */
  groupOf: (table: string) => TableGroup;
  /** `none` keeps 64 tables legible; `keys` shows PK/FK/relation columns; `all` every column. */
  columns: 'none' | 'keys' | 'all';
  /**
   * Leave tables without any relation in the selection out of the diagram and return them in `isolated`
   * (the focused table is always drawn): dagre puts every unconnected node in one rank, a row of ~35 boxes
   * that makes "fit" unreadable.
   */
  listIsolated?: boolean;
}

export interface ErDiagram {
  /** Mermaid `erDiagram` source. */
  source: string;
  /** Names of the tables and views drawn, in diagram order. */
  tables: string[];
  /** Selected tables left out because nothing in the selection relates to them (`listIsolated`), by name. */
  isolated: string[];
  /** Number of relationship lines (declared FKs plus logical relations). */
  relationCount: number;
  /** Table name → mermaid entity id (the rendered SVG group is `<svgId>-entity-<id>-<n>`). */
  idMap: Map<string, string>;
}

/** CSS class given to the entities of a group, e.g. `g_teams_orgs`; views also get the class `view`. */
export function groupClass(group: TableGroup): string {
  return `g_${group.replace(/[^a-z]+/g, '_')}`;
}

/**
 * Mermaid ER diagram of a schema: declared FKs as identifying (solid) lines with cardinality from nullability
 * and uniqueness, logical relations as non-identifying (dashed) lines labelled with how they join.
 */
export function buildErDiagram(model: SchemaModel, relations: readonly LogicalRelation[], opts: ErDiagramOptions): ErDiagram {
  const allEdges = schemaEdges(model, relations);
  const selected = selectTables(model, allEdges, opts);
  const groupIndex = (t: TableInfo) => TABLE_GROUPS.indexOf(opts.groupOf(t.name));
  const shown = allEdges.filter((e) => selected.has(e.fromTable) && selected.has(e.toTable));
  const related = new Set(shown.flatMap((e) => [e.fromTable, e.toTable]));
  const isolated = opts.listIsolated ? [...selected].filter((n) => !related.has(n) && n !== opts.focus).sort(compare) : [];
  for (const name of isolated) selected.delete(name);
  const tables = model.tables.filter((t) => selected.has(t.name)).sort((a, b) => groupIndex(a) - groupIndex(b) || compare(a.name, b.name));
  // FKs in a fixed order (catalog order varies); logical relations in the order the caller lists them.
  const edges = [
    ...shown
      .flatMap((e) => (e.kind === 'fk' ? [e] : []))
      .sort((a, b) => compare(a.fromTable, b.fromTable) || compare(a.fk.name, b.fk.name)),
    ...shown.filter((e) => e.kind === 'logical'),
  ];
  const idMap = assignIds(tables.map((t) => t.name));
  const id = (name: string) => idMap.get(name) as string;

  const lines = ['erDiagram'];
  for (const table of tables) lines.push(...entityLines(table, id(table.name), shownColumns(table, edges, opts.columns)));
  for (const edge of edges) {
    lines.push(`  ${id(edge.toTable)} ${cardinality(edge, model)} ${id(edge.fromTable)} : ${quoted(edgeLabel(edge))}`);
  }
  for (const group of TABLE_GROUPS) {
    const members = tables.filter((t) => opts.groupOf(t.name) === group).map((t) => id(t.name));
    if (members.length > 0) lines.push(`  class ${members.join(',')} ${groupClass(group)}`);
  }
  const views = tables.filter((t) => t.kind === 'view').map((t) => id(t.name));
  if (views.length > 0) lines.push(`  class ${views.join(',')} view`);

  return { source: `${lines.join('\n')}\n`, tables: tables.map((t) => t.name), isolated, relationCount: edges.length, idMap };
}

function selectTables(model: SchemaModel, edges: readonly SchemaEdge[], opts: ErDiagramOptions): Set<string> {
  const wanted = opts.tables && new Set(opts.tables);
  const groups = opts.groups && new Set(opts.groups);
  const names = model.tables.map((t) => t.name).filter((n) => (!wanted || wanted.has(n)) && (!groups || groups.has(opts.groupOf(n))));
  const focus = opts.focus;
  if (focus === undefined) return new Set(names);
  if (!model.tables.some((t) => t.name === focus)) {
    throw new LensError('usage', `Table "${focus}" is not in the schema.`, 'Pick one of the tables the Schema view lists.');
  }
  const universe = new Set(names);
  const result = new Set([focus]);
  for (const e of edges) {
    if (e.fromTable === focus && universe.has(e.toTable)) result.add(e.toTable);
    if (e.toTable === focus && universe.has(e.fromTable)) result.add(e.fromTable);
  }
  return result;
}

function shownColumns(table: TableInfo, edges: readonly SchemaEdge[], mode: ErDiagramOptions['columns']): TableInfo['columns'] {
  if (mode === 'none') return [];
  const columns = [...table.columns].sort((a, b) => a.position - b.position);
  if (mode === 'all') return columns;
  const keys = new Set([...table.primaryKey, ...table.foreignKeys.flatMap((fk) => fk.columns)]);
  for (const edge of edges) {
    for (const [from, to] of edgeColumns(edge)) {
      if (edge.fromTable === table.name) keys.add(from);
      if (edge.toTable === table.name) keys.add(to);
    }
  }
  return columns.filter((c) => keys.has(c.name));
}

function entityLines(table: TableInfo, id: string, columns: TableInfo['columns']): string[] {
  const label = table.kind === 'view' ? `${table.name} (view)` : table.name;
  const head = label === id ? id : `${id}[${quoted(label)}]`;
  if (columns.length === 0) return [`  ${head}`];
  const fkColumns = new Set(table.foreignKeys.flatMap((fk) => fk.columns));
  const uniqueColumns = new Set(table.indexes.filter((i) => i.unique && !i.primary && i.columns.length === 1).map((i) => i.columns[0]));
  const attributes = columns.map((c) => {
    const type = attributeType(c.type);
    const name = attributeName(c.name);
    const keys = [table.primaryKey.includes(c.name) && 'PK', fkColumns.has(c.name) && 'FK', uniqueColumns.has(c.name) && 'UK'].filter(
      Boolean,
    );
    // The real name/type survive in the comment when the lexer forced a rewrite.
    const comment = name !== c.name ? `${c.name} (${c.type})` : type !== c.type ? c.type : '';
    return `    ${type} ${name}${keys.length ? ` ${keys.join(', ')}` : ''}${comment ? ` ${quoted(comment)}` : ''}`;
  });
  return [`  ${head} {`, ...attributes, '  }'];
}

/** Parent (referenced) side first, as mermaid reads `Parent ||--o{ Child`. */
function cardinality(edge: SchemaEdge, model: SchemaModel): string {
  if (edge.kind === 'logical') return edge.relation.via === 'value' ? '|o..o{' : '}o..o{';
  const child = model.tables.find((t) => t.name === edge.fromTable) as TableInfo;
  const fkColumns = edge.fk.columns;
  const required = fkColumns.every((name) => child.columns.find((c) => c.name === name)?.notNull);
  const sameSet = (cols: readonly string[]) => cols.length === fkColumns.length && fkColumns.every((c) => cols.includes(c));
  const unique = sameSet(child.primaryKey) || child.indexes.some((i) => i.unique && sameSet(i.columns));
  return `${required ? '||' : '|o'}--${unique ? 'o|' : 'o{'}`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function edgeLabel(edge: SchemaEdge): string {
  if (edge.kind === 'logical') return edge.relation.label || `${edge.relation.fromColumn} = ${edge.relation.toColumn}`;
  return edgeColumns(edge)
    .map(([from, to]) => (from === to ? from : `${from} = ${to}`))
    .join(', ');
}
