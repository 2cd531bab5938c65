import { jsonReplacer, valueText } from './valueText';

/** A database value in a JSON row: JSON columns stay structured; NULL/absent is null; bytea and bigint are text. */
export function toJsonValue(value: unknown): unknown {
  if (value === undefined) return null;
  if (Buffer.isBuffer(value) || typeof value === 'bigint') return valueText(value);
  return value;
}

/** One row as a JSON object with exactly `columns` as keys, in that order (the one JSON row encoding). */
export function jsonRecord(row: Readonly<Record<string, unknown>>, columns: readonly string[]): string {
  return JSON.stringify(Object.fromEntries(columns.map((k) => [k, toJsonValue(row[k])])), jsonReplacer);
}

/**
 * A JSON array of row objects written in pieces, one row per line: `[`, then each batch, then the end. Every
 * JSON export (saved analyses, the results grid) has this shape.
 */
export const JSON_ARRAY = {
  start: '[',
  /** `records` after `written` earlier rows. */
  rows: (records: readonly string[], written: number): string => records.map((r, i) => `${written + i === 0 ? '\n' : ',\n'}${r}`).join(''),
  end: (written: number): string => (written === 0 ? ']\n' : '\n]\n'),
} as const;
