/**
 * A CloudZero Common Bill Format row as written to a file or sent to the AnyCost Stream API: CBF column
 * name -> string value (the API requires every value to be a string). Column order is the writer's concern.
 */
export type CbfRow = Record<string, string>;

/** Spend sources the exporter reads (design.md §4). */
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
