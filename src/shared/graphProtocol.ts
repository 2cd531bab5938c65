/**
 * Messages between the relationship graph webview (`webview/graph`) and its host panel
 * (`src/extension/panels/graphPanel.ts`). The host generates every mermaid text (src/core/diagram); the webview
 * renders it with the bundled mermaid, handles pan/zoom and clicks, and asks the host for details. Types only.
 */
import type { NodeLevel, NodeStatus } from './attributionTerms';
import type { DataRange, SpendFilters } from './spendProtocol';

export type GraphTab = 'schema' | 'entities';
export type ColumnsMode = 'none' | 'keys' | 'all';

/** The groups a new relationship graph opens on: the LiteLLM core of users, keys, teams & orgs and spend. */
export const CORE_GROUPS: readonly string[] = ['users', 'teams & orgs', 'spend'];

/** What the ER diagram shows. `groups` undefined = every group; `focus` = a table and its neighbours. */
export interface ErRequest {
  groups?: string[];
  focus?: string;
  columns: ColumnsMode;
}

export interface GraphTableSummary {
  name: string;
  group: string;
  kind: 'table' | 'view';
}

/** A generated ER diagram. */
export interface ErView {
  requestId: number;
  request: ErRequest;
  source: string;
  /** Tables and views drawn, in diagram order. */
  tables: string[];
  /** Tables and views of the selection that relate to none of the others: listed beside the diagram, not drawn. */
  isolated: string[];
  fkCount: number;
  logicalCount: number;
  /** [table name, mermaid entity id]: the SVG group of a table is `<svgId>-entity-<id>-<n>`. */
  ids: [string, string][];
  /** Where the first view centres: the focused table, else the one with the most relations. */
  hub?: string;
}

export interface ColumnDetail {
  name: string;
  type: string;
  notNull: boolean;
  /** `PK`, `FK`, `UK` markers, comma-separated ('' for none). */
  keys: string;
}

export interface RelationDetail {
  /** The table at the other end. */
  other: string;
  kind: 'fk' | 'logical';
  /** `out`: this table holds the referencing value; `in`: the other one does. */
  direction: 'out' | 'in';
  /** How the tables join, e.g. `api_key = token`. */
  label: string;
  /** Caveat, e.g. "may be ''"; FK name and ON DELETE for declared keys. */
  note: string;
  /** A runnable SELECT joining the clicked table to the other one. */
  sql: string;
}

export interface TableDetails {
  name: string;
  kind: 'table' | 'view';
  group: string;
  rowEstimate: number | null;
  columns: ColumnDetail[];
  relations: RelationDetail[];
}

/** A node drawn in the entity graph, keyed by its mermaid node id. */
export interface EntityNodeInfo {
  nodeId: string;
  path: string;
  level: NodeLevel;
  name: string;
  status: NodeStatus;
  spend: number;
  share: number;
  apiRequests: number;
  tokens: number;
  /** Has children in the graph's levels, so a click can drill into it. */
  drillable: boolean;
}

export interface EntityRequest {
  filters: SpendFilters;
  /** Path of the node drilled into; '' = all organisations. */
  focus: string;
  /** Draw keys under users. */
  keys: boolean;
  /** Children kept per parent before the rest fold into "others". */
  topN: number;
}

export interface EntityView {
  requestId: number;
  request: EntityRequest;
  source: string;
  nodes: EntityNodeInfo[];
  /** From the root to the focused node, for the breadcrumb. */
  crumbs: { path: string; name: string }[];
  /** Spend of the focused node (the total when nothing is focused). */
  spend: number;
}

/** What the webview drew last; posted to the host after every render (tests and the log read it). */
export interface GraphRendered {
  tab: GraphTab;
  /** Entities drawn: tables and views, or organisations/teams/users/keys (including "others"). */
  nodes: number;
  /** Tables named in the diagram (schema tab). */
  tables: string[];
  /** Tables listed as unrelated below the diagram (schema tab). */
  isolated: string[];
  /** The focused table's name when its node is drawn and marked (schema tab). */
  focused?: string;
  relations: number;
  solid: number;
  dashed: number;
  renderMs: number;
  errors: string[];
}

/** Host → webview. */
export type HostToGraph =
  | { type: 'init'; connection: string; tables: GraphTableSummary[]; groups: string[]; dataRange: DataRange | null; filters: SpendFilters }
  | { type: 'er'; view: ErView }
  /** Show the Schema tab focused on one table and its neighbours, with its details open (schema tree command). */
  | { type: 'focus'; table: string }
  | { type: 'table'; details: TableDetails }
  | { type: 'entities'; view: EntityView }
  | { type: 'computing'; requestId: number }
  | { type: 'failed'; requestId: number; message: string }
  /** The shared period or basis changed in the attribution view. */
  | { type: 'filters'; filters: SpendFilters };

/** Webview → host. `ready` first; the host posts nothing before it. */
export type GraphToHost =
  | { type: 'ready' }
  | { type: 'er'; requestId: number; request: ErRequest }
  | { type: 'table'; name: string }
  | { type: 'entities'; requestId: number; request: EntityRequest }
  | { type: 'copy'; text: string; what: string }
  | { type: 'openSql'; sql: string }
  | { type: 'exportSvg'; svg: string; name: string }
  | { type: 'showInSpend'; path: string }
  | { type: 'rendered'; state: GraphRendered };

/** Persisted with setState and handed to the serializer after a restart. */
export interface GraphState {
  tab?: GraphTab;
  er?: ErRequest;
  entity?: Omit<EntityRequest, 'filters'>;
  selectedTable?: string;
}
