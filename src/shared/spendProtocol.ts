/**
 * Messages between the spend attribution webview (`webview/spend`) and its host panel
 * (`src/extension/panels/spendPanel.ts`), plus the filters the relationship graph's entity tab shares with it.
 * Types, and the one money format both sides print, so a figure reads the same in a table and in a diagram.
 */

import type { Basis, NodeLevel, NodeStatus } from './attributionTerms';

/** The period and basis both the attribution view and the entity graph show; dates `YYYY-MM-DD` UTC, inclusive. */
export interface SpendFilters {
  from: string;
  to: string;
  basis: Basis;
  /** Length of the top users / keys / models lists. */
  topN: number;
}

/** First and last day with spend (core/schema/dataRange.ts readDataRange; null when there is none). */
export interface DataRange {
  first: string;
  last: string;
}

/** One row of the attribution tree (organisation → team → user → key → model). */
export interface SpendTreeNode {
  /** Unique path of ids from the root; `''` is the root. */
  path: string;
  level: NodeLevel;
  /** The stored id (`''` unassigned, null for the root and the no-team-row branch). */
  id: string | null;
  /** Alias or readable fallback; database text, shown only through textContent. */
  name: string;
  status: NodeStatus;
  /** Spend / parent spend. */
  share: number;
  spend: number;
  apiRequests: number;
  promptTokens: number;
  completionTokens: number;
  /** Part of the figures was apportioned between users sharing a key, model and day. */
  apportioned: boolean;
  children: SpendTreeNode[];
  /** The node has children the view has not received yet (a summary stops at the teams). */
  more?: true;
}

export interface TrendLine {
  name: string;
  status: NodeStatus;
  spend: number[];
}

export interface SpendTrend {
  days: string[];
  total: number[];
  byTeam: TrendLine[];
  byModel: TrendLine[];
}

/**
 * How a column prints: money and percentages are formatted; long `id`s are shortened on screen (never in an
 * export); `flags` and `causes` hold `\n`-separated items.
 */
export type SpendColumnKind = 'text' | 'id' | 'money' | 'percent' | 'count' | 'date' | 'flags' | 'causes';

export interface SpendColumn {
  key: string;
  label: string;
  kind: SpendColumnKind;
  /** `below`: shown on its own full-width line under the row (long text), so the columns after it stay in view. */
  placement?: 'below';
}

export type SpendCell = string | number | null;

export type SpendTableId = 'tree' | 'top-users' | 'top-keys' | 'top-models' | 'budgets' | 'reconciliation' | 'sources' | 'tags';

/** A flat table as shown and as exported (CSV/JSON write exactly these columns and rows). */
export interface SpendTable {
  id: SpendTableId;
  title: string;
  /** One line under the title saying what the table is and how to read it. */
  caption: string;
  columns: SpendColumn[];
  rows: SpendCell[][];
  /** Rows whose `column` holds `value` are folded away on screen behind a "Show <label> (N)" toggle. */
  fold?: { column: string; value: string; label: string };
}

export interface SpendTotals {
  spend: number;
  apiRequests: number;
  promptTokens: number;
  completionTokens: number;
}

/**
 * Everything the attribution view shows for one set of filters. The `summary` comes first: totals, notes, the tree
 * down to the teams and the trend, no tables; the `full` view then replaces it.
 */
export interface SpendView {
  stage: 'summary' | 'full';
  filters: SpendFilters;
  days: number;
  totals: SpendTotals;
  /** Retention, schema-level and basis caveats, in plain words. */
  notes: string[];
  tree: SpendTreeNode;
  trend: SpendTrend;
  /** Flat tables (the tree's flat form, id `tree`, is built for export only and not sent). */
  tables: SpendTable[];
}

export type SpendExportFormat = 'csv' | 'json';

/** Host → webview. */
export type HostToSpend =
  | { type: 'init'; connection: string; dataRange: DataRange | null; filters: SpendFilters }
  | { type: 'computing'; filters: SpendFilters }
  /** The first figures (`view.stage` 'summary'), then the whole result (`full`). */
  | { type: 'result'; view: SpendView }
  | { type: 'failed'; filters: SpendFilters; message: string }
  /** Expand the tree down to `path` and scroll to it (from the entity graph's "Show in Spend Attribution"). */
  | { type: 'reveal'; path: string };

/** What the webview reports after drawing a result (tests and the log read it). */
export interface SpendRendered {
  stage: SpendView['stage'];
  total: number;
  treeRows: number;
  tables: SpendTableId[];
  chartDays: number;
  renderMs: number;
  errors: string[];
}

/** Webview → host. `ready` first; the host posts nothing before it. */
export type SpendToHost =
  | { type: 'ready' }
  /** `refresh`: compute again from the database rather than from the results already computed. */
  | { type: 'compute'; filters: SpendFilters; refresh?: boolean }
  | { type: 'export'; table: SpendTableId; format: SpendExportFormat }
  | { type: 'rendered'; state: SpendRendered };

/** Persisted with setState and handed to the serializer after a restart. */
export interface SpendState {
  filters?: SpendFilters;
  expanded?: string[];
  trendBy?: 'team' | 'model';
}
