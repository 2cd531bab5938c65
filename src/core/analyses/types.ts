import type { Row } from '../db/database';
import type { Requirement } from '../schema/features';

/** How a parameter value is validated and bound. All values are bound as `$n`, never spliced into SQL. */
export type ParamType = 'date' | 'text' | 'int' | 'number';

export const PARAM_TYPES: readonly ParamType[] = ['date', 'text', 'int', 'number'];

/** One `-- param: <name> <type> [default]` header line; its position is its `$n`. */
export interface AnalysisParam {
  name: string;
  type: ParamType;
  /** Raw default text (dates may be relative: `30 days ago`, `today`); absent = the value is required. */
  default?: string;
  /** 1-based placeholder number: the first param is `$1`. */
  index: number;
}

/**
 * An `-- optional: <Table | Table.column | Table(col, …)> -- <what is missing without it>` header line. The SQL
 * picks its lines with `-- if: <key>` / `-- if-missing: <key>` tags (see optionalParts.ts).
 */
export interface OptionalPart {
  /** What line tags name: `Table.column` when written that way, else the table name. */
  key: string;
  requirement: Requirement;
  /** Which figures are missing (or how they are computed) when the database lacks it. */
  note: string;
}

/** Where an analysis came from; a later origin with the same id replaces an earlier one (see loadAnalyses). */
export type AnalysisOrigin = 'library' | 'workspace' | 'settings';

/** A saved SQL analysis: header metadata plus the statement, as loaded from a `.sql` file or a setting. */
export interface Analysis {
  /** File name without `.sql` (or the setting's id); unique after loading. */
  id: string;
  name: string;
  description: string;
  params: AnalysisParam[];
  /** Tables and columns the SQL reads, checked against the connected schema before running. */
  requires: Requirement[];
  /** Tables and columns the SQL can do without (`-- optional:`); never a reason to refuse. */
  optional: OptionalPart[];
  /** Set on an analysis prepared for one database: one line per absent optional part, naming its figures. */
  notes?: string[];
  /** The whole text, header comments included, so server error positions match the file. */
  sql: string;
  origin: AnalysisOrigin;
  path?: string;
  /** Defects found while loading (bad header line, `$n` without a param, …); such an analysis cannot run. */
  problems: string[];
  /** The analysis of the same id that this one replaced. */
  overrides?: { origin: AnalysisOrigin; path?: string };
}

/** A result column: name plus the PostgreSQL type name (`float8`, `text`, `timestamp`, …, or `unknown`). */
export interface ResultColumn {
  name: string;
  type: string;
}

/** A capped preview of an analysis result. */
export interface AnalysisResult {
  columns: ResultColumn[];
  rows: Row[];
  /** More rows existed than `maxRows`. */
  truncated: boolean;
  elapsedMs: number;
  /** The values actually bound, by parameter name (relative dates resolved). */
  params: Record<string, string | number>;
  /** What this database lacked and which figures are therefore missing (`-- optional:` notes). */
  notes: string[];
}
