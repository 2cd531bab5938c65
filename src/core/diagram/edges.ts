import type { ForeignKeyInfo, LogicalRelation, SchemaModel, TableInfo } from '../schema/model';

/**
 * One line of the ER diagram. `fromTable` holds the referencing value (the FK's table, the relation's
 * `fromTable`); `toTable` is the referenced one.
 */
export type SchemaEdge =
  | { kind: 'fk'; fromTable: string; toTable: string; fk: ForeignKeyInfo }
  | { kind: 'logical'; fromTable: string; toTable: string; relation: LogicalRelation };

/**
 * The declared FKs and the logical relations that this database can actually show: both tables and both
 * columns must exist (schemas differ by LiteLLM version), and a logical relation that a declared FK already
 * covers is dropped so the same join is not drawn twice.
 */
export function schemaEdges(model: SchemaModel, relations: readonly LogicalRelation[]): SchemaEdge[] {
  const tables = new Map(model.tables.map((t) => [t.name, t]));
  const edges: SchemaEdge[] = [];
  const declared = new Set<string>();
  for (const table of model.tables) {
    for (const fk of table.foreignKeys) {
      if (fk.refSchema !== table.schema || !tables.has(fk.refTable)) continue;
      edges.push({ kind: 'fk', fromTable: table.name, toTable: fk.refTable, fk });
      fk.columns.forEach((c, i) => declared.add(joinKey(table.name, c, fk.refTable, fk.refColumns[i])));
    }
  }
  for (const relation of relations) {
    const from = tables.get(relation.fromTable);
    const to = tables.get(relation.toTable);
    if (!from || !to || !hasColumn(from, relation.fromColumn) || !hasColumn(to, relation.toColumn)) continue;
    if (declared.has(joinKey(relation.fromTable, relation.fromColumn, relation.toTable, relation.toColumn))) continue;
    edges.push({ kind: 'logical', fromTable: relation.fromTable, toTable: relation.toTable, relation });
  }
  return edges;
}

/** The edges that touch `table` (either end), e.g. to offer join snippets when it is clicked. */
export function edgesOf(edges: readonly SchemaEdge[], table: string): SchemaEdge[] {
  return edges.filter((e) => e.fromTable === table || e.toTable === table);
}

/** Column pairs joined by an edge, from side first. */
export function edgeColumns(edge: SchemaEdge): [string, string][] {
  if (edge.kind === 'logical') return [[edge.relation.fromColumn, edge.relation.toColumn]];
  return edge.fk.columns.map((c, i) => [c, edge.fk.refColumns[i]]);
}

function hasColumn(table: TableInfo, column: string): boolean {
  return table.columns.some((c) => c.name === column);
}

function joinKey(fromTable: string, fromColumn: string, toTable: string, toColumn: string): string {
  return JSON.stringify([fromTable, fromColumn, toTable, toColumn]);
}
