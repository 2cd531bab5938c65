import { formatUsd } from '../../shared/format';
import { edgesOf, schemaEdges, type SchemaEdge } from '../../core/diagram/edges';
import { buildEntityGraph, type EntityEdge, type EntityKind, type EntityNode } from '../../core/diagram/entityGraph';
import { buildErDiagram } from '../../core/diagram/erDiagram';
import { joinSnippet } from '../../core/diagram/joinSnippet';
import { groupOf } from '../../core/schema/litellmTables';
import { TABLE_GROUPS, type LogicalRelation, type SchemaModel, type TableGroup } from '../../core/schema/model';
import type {
  EntityNodeInfo,
  EntityRequest,
  EntityView,
  ErRequest,
  ErView,
  GraphTableSummary,
  TableDetails,
} from '../../shared/graphProtocol';
import type { NodeLevel } from '../../shared/attributionTerms';
import type { SpendTreeNode } from '../../shared/spendProtocol';

/** Tables and views of the schema with their group, for the webview's filter and focus lists. */
export function tableSummaries(model: SchemaModel): GraphTableSummary[] {
  return model.tables.map((t) => ({ name: t.name, group: groupOf(t.name), kind: t.kind })).sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** The groups that hold at least one table, in the schema tree's order. */
export function presentGroups(model: SchemaModel): TableGroup[] {
  const present = new Set(model.tables.map((t) => groupOf(t.name)));
  return TABLE_GROUPS.filter((g) => present.has(g));
}

/**
 * The ER diagram for a request from the webview (unknown groups are ignored; an unknown focus is an error). A
 * focused table shows all its neighbours, whatever groups are chosen.
 */
export function erView(model: SchemaModel, relations: readonly LogicalRelation[], request: ErRequest, requestId: number): ErView {
  const groups =
    request.focus !== undefined
      ? undefined
      : request.groups?.filter((g): g is TableGroup => (TABLE_GROUPS as readonly string[]).includes(g));
  const diagram = buildErDiagram(model, relations, { groupOf, columns: request.columns, focus: request.focus, groups, listIsolated: true });
  const drawn = new Set(diagram.tables);
  const edges = schemaEdges(model, relations).filter((e) => drawn.has(e.fromTable) && drawn.has(e.toTable));
  const fkCount = edges.filter((e) => e.kind === 'fk').length;
  const degree = new Map<string, number>();
  for (const e of edges) for (const t of [e.fromTable, e.toTable]) degree.set(t, (degree.get(t) ?? 0) + 1);
  const hub = request.focus ?? [...degree].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
  return {
    requestId,
    request,
    source: diagram.source,
    tables: diagram.tables,
    isolated: diagram.isolated,
    fkCount,
    logicalCount: edges.length - fkCount,
    ids: [...diagram.idMap],
    ...(hub ? { hub } : {}),
  };
}

/** Columns and every relation of one table, each with a join snippet, for "click a table". */
export function tableDetails(model: SchemaModel, relations: readonly LogicalRelation[], name: string): TableDetails | undefined {
  const table = model.tables.find((t) => t.name === name);
  if (!table) return undefined;
  const fkColumns = new Set(table.foreignKeys.flatMap((fk) => fk.columns));
  const unique = new Set(table.indexes.filter((i) => i.unique && !i.primary && i.columns.length === 1).map((i) => i.columns[0]));
  return {
    name,
    kind: table.kind,
    group: groupOf(name),
    rowEstimate: table.rowEstimate,
    columns: [...table.columns]
      .sort((a, b) => a.position - b.position)
      .map((c) => ({
        name: c.name,
        type: c.type,
        notNull: c.notNull,
        keys: [table.primaryKey.includes(c.name) && 'PK', fkColumns.has(c.name) && 'FK', unique.has(c.name) && 'UK']
          .filter(Boolean)
          .join(', '),
      })),
    relations: edgesOf(schemaEdges(model, relations), name).map((edge) => relationDetail(edge, name, model.schema)),
  };
}

function relationDetail(edge: SchemaEdge, name: string, schema: string): TableDetails['relations'][number] {
  const out = edge.fromTable === name;
  const other = out ? edge.toTable : edge.fromTable;
  const sql = joinSnippet(name, edge, { schema });
  if (edge.kind === 'fk') {
    const pairs = edge.fk.columns.map((c, i) => (c === edge.fk.refColumns[i] ? c : `${c} = ${edge.fk.refColumns[i]}`)).join(', ');
    return {
      other,
      kind: 'fk',
      direction: out ? 'out' : 'in',
      label: pairs,
      note: `foreign key ${edge.fk.name}, ON DELETE ${edge.fk.onDelete}`,
      sql,
    };
  }
  const r = edge.relation;
  const how = r.via === 'value' ? 'value join, no FK' : `${r.via === 'json' ? 'JSON array' : 'array'} membership, no FK`;
  return { other, kind: 'logical', direction: out ? 'out' : 'in', label: r.label, note: r.note ? `${how}; ${r.note}` : how, sql };
}

const KINDS: Partial<Record<NodeLevel, EntityKind>> = { organization: 'org', team: 'team', user: 'user', key: 'key' };

/**
 * The entity graph of an attribution tree: organisation → team → user (→ key) below the focused node, spend on
 * nodes and edges, `topN` children per parent with the rest folded into "others".
 */
export function entityView(root: SpendTreeNode, request: EntityRequest, requestId: number): EntityView {
  const inGraph = (n: SpendTreeNode) => KINDS[n.level] !== undefined && (request.keys || n.level !== 'key');
  const crumbs = pathTo(root, request.focus) ?? [root];
  const focus = crumbs[crumbs.length - 1];
  const nodes: EntityNode[] = [];
  const edges: EntityEdge[] = [];
  const byPath = new Map<string, SpendTreeNode>();
  const visit = (n: SpendTreeNode) => {
    byPath.set(n.path, n);
    nodes.push({ id: n.path, kind: KINDS[n.level] as EntityKind, label: n.name, spend: n.spend });
    for (const c of n.children.filter(inGraph)) {
      edges.push({ from: n.path, to: c.path, spend: c.spend });
      visit(c);
    }
  };
  if (inGraph(focus)) visit(focus);
  else focus.children.filter(inGraph).forEach(visit);
  const graph = buildEntityGraph({ nodes, edges }, { topN: request.topN, formatMoney: formatUsd });
  const info: EntityNodeInfo[] = [...graph.nodeIds].map(([path, nodeId]) => {
    const n = byPath.get(path) as SpendTreeNode;
    return {
      nodeId,
      path,
      level: n.level,
      name: n.name,
      status: n.status,
      spend: n.spend,
      share: n.share,
      apiRequests: n.apiRequests,
      tokens: n.promptTokens + n.completionTokens,
      drillable: n !== focus && n.children.some(inGraph),
    };
  });
  return {
    requestId,
    request: { ...request, focus: focus.path },
    source: graph.source,
    nodes: info,
    crumbs: crumbs.map((n) => ({ path: n.path, name: n.level === 'total' ? 'All organisations' : n.name })),
    spend: focus.spend,
  };
}

/** Nodes from the root down to `path`, or undefined when no node has that path (e.g. after the period changed). */
function pathTo(root: SpendTreeNode, path: string): SpendTreeNode[] | undefined {
  if (root.path === path) return [root];
  for (const c of root.children) {
    if (path !== c.path && !path.startsWith(`${c.path}/`)) continue;
    const rest = pathTo(c, path);
    if (rest) return [root, ...rest];
  }
  return undefined;
}
