/**
 * Messages between the results grid webview (`webview/results`) and its host panel
 * (`src/extension/panels/resultsPanel.ts`). Types only: imported by both sides.
 */

/** One grid cell as sent to the webview: objects, arrays, dates and bytes arrive already formatted as text. */
export type Cell = string | number | boolean | null;

/** How a column sorts and aligns: numbers numerically (numeric arrives as a string), the rest as text. */
export type ColumnKind = 'number' | 'boolean' | 'time' | 'json' | 'text';

export interface ResultColumn {
  name: string;
  /** PostgreSQL type as `format_type` prints it, e.g. `numeric`, `timestamp without time zone`. */
  type: string;
  kind: ColumnKind;
}

/** What the results are of; shown above the grid. */
export interface ResultsHeader {
  title: string;
  /** Password-free connection URL. */
  connection: string;
  /** The SQL that produced the rows (for the tooltip, "Run Again" and exports). */
  sql: string;
  /** Its bind parameters ($1, $2, …). */
  params: (string | number | boolean | null)[];
  /** The parameters by name as the user gave them resolved (saved analyses), shown above the grid. */
  named?: [name: string, value: string | number][];
  /** Figures missing from this result because the database lacks an optional table/column (saved analyses). */
  notes?: string[];
}

export interface ResultsSummary {
  /** Rows the server returned; when `truncated`, reading stopped at the first row past the cap (shown + 1). */
  rowCount: number;
  /** Rows sent to the grid (the grid is capped by `litellmLens.results.maxRows`; exports are not). */
  shown: number;
  truncated: boolean;
  elapsedMs: number;
}

export type ExportFormat = 'csv' | 'json';

/** Host → webview. Rows arrive in chunks after `begin` so the first screen paints before the rest is sent. */
export type HostToResults =
  | { type: 'running'; header: ResultsHeader }
  | { type: 'begin'; header: ResultsHeader; columns: ResultColumn[] }
  | { type: 'rows'; rows: Cell[][] }
  | { type: 'end'; summary: ResultsSummary }
  | { type: 'failed'; header: ResultsHeader; message: string };

/** Webview → host. `ready` is sent once the script has loaded; the host posts nothing before it. */
export type ResultsToHost =
  | { type: 'ready' }
  /** `rows`: tab-separated rows (the selection, maybe under a line of column names). */
  | { type: 'copy'; text: string; what: 'cell' | 'rows' }
  | { type: 'export'; format: ExportFormat }
  | { type: 'rerun' }
  /** Cancel the running query (the panel's own Cancel button). */
  | { type: 'cancel' };

/** Persisted with `setState` and handed to the panel serializer after a restart. */
export interface ResultsState {
  header?: ResultsHeader;
  columns?: ResultColumn[];
  /** Kept only for small results; larger ones show "Run Again" after a restart. */
  rows?: Cell[][];
  summary?: ResultsSummary;
  failed?: string;
  sort?: { column: number; descending: boolean };
  /** The filter box's text. */
  filter?: string;
}
