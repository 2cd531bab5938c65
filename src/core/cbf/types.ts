/**
 * A CloudZero Common Bill Format row as written to a file or sent to the AnyCost Stream API: CBF column
 * name -> string value (the API requires every value to be a string). Column order is the writer's concern.
 */
export type CbfRow = Record<string, string>;

/** Spend sources the exporter reads (docs/design.md §4). */
export const CBF_SOURCES = ['user', 'team', 'tag', 'org', 'enduser', 'logs'] as const;
export type CbfSource = (typeof CBF_SOURCES)[number];

export const CBF_PROFILES = ['lens', 'll2cz'] as const;
export type CbfProfile = (typeof CBF_PROFILES)[number];

export const CBF_FORMATS = ['csv', 'jsonl'] as const;
export type CbfFormat = (typeof CBF_FORMATS)[number];

/** A row that failed validation, with where it came from so the user can find it in the database. */
export interface InvalidRow {
  /** Identifies the source row(s), e.g. `LiteLLM_DailyUserSpend date=2026-10-01 user_id=u1 api_key=ab12… model=gpt-4o`. */
  sourceKey: string;
  reasons: string[];
  row: CbfRow;
}

/** What to export: a source over an inclusive UTC date range (`YYYY-MM-DD`), mapped by a profile. */
export interface CbfSelection {
  source: CbfSource;
  from: string;
  to: string;
  profile: CbfProfile;
}

/** One item of a CBF stream: a validated row, or a row that failed validation (never both). */
export type CbfItem = { row: CbfRow; invalid?: undefined } | { invalid: InvalidRow; row?: undefined };

/** Progress of a running stream or export. */
export interface CbfProgress {
  rows: number;
  invalid: number;
  elapsedMs: number;
}

/** What an export did (`--json` prints it). Money is a decimal string summed exactly. */
export interface CbfExportSummary {
  rows: number;
  totalCost: string;
  from: string;
  to: string;
  source: CbfSource;
  profile: CbfProfile;
  format: CbfFormat;
  /** Absolute path of the written file. */
  out: string;
  /** Rows that failed validation (at most MAX_REPORTED_INVALID; `invalidCount` has the total). */
  invalid: InvalidRow[];
  invalidCount: number;
}
