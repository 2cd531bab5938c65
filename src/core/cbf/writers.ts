import { stringify } from 'csv-stringify/sync';
import type { BuiltRow, Identity } from './profiles/profile';
import type { CbfFormat, CbfRow } from './types';

/**
 * Turns batches of built rows into file text. Columns are fixed up front (row columns, then identity columns)
 * so every line has the same shape; the identity part is encoded once per identity and encoder (cached on the
 * identity), since it repeats on every row of a resource.
 */
export interface CbfEncoder {
  /** Text before the first row (the CSV header). */
  header(): string;
  encode(rows: readonly BuiltRow[]): string;
}

const CSV_OPTIONS = { record_delimiter: 'windows', quoted_match: /[\r\n]/ } as const;
/** A cell csv-stringify (with the options above) would quote; any other cell it writes unchanged. */
const NEEDS_QUOTING = /[",\r\n]/;

/** One CSV record without its CRLF. */
function csvRecord(cells: (string | undefined)[]): string {
  return stringify([cells], CSV_OPTIONS).slice(0, -2);
}

/** A cell as csv-stringify writes it: only cells that need quoting pay for a csv-stringify call. */
function csvCell(value: string | undefined): string {
  if (value === undefined) return '';
  return NEEDS_QUOTING.test(value) ? csvRecord([value]) : value;
}

/**
 * RFC 4180 CSV through csv-stringify: CRLF record ends; fields with a comma, quote, CR or LF are quoted and
 * quotes doubled (csv-stringify quotes a lone CR or LF only when told to). Absent columns are empty cells.
 * Rows go in as arrays so column names are never read as object paths. Every cell that needs quoting is
 * encoded by csv-stringify; per-row cells that do not (timestamps, decimals) are copied as csv-stringify
 * would copy them, which keeps a million rows from paying a library call per cell.
 */
export class CsvEncoder implements CbfEncoder {
  constructor(
    private readonly rowColumns: readonly string[],
    private readonly identityColumns: readonly string[],
  ) {}

  header(): string {
    return `${csvRecord([...this.rowColumns, ...this.identityColumns])}\r\n`;
  }

  encode(rows: readonly BuiltRow[]): string {
    const lines: string[] = new Array(rows.length);
    const cells: string[] = new Array(this.rowColumns.length + 1);
    for (let r = 0; r < rows.length; r++) {
      const { identity, values } = rows[r];
      for (let i = 0; i < this.rowColumns.length; i++) cells[i] = csvCell(values[this.rowColumns[i]]);
      cells[this.rowColumns.length] = this.fragment(identity);
      lines[r] = `${cells.join(',')}\r\n`;
    }
    // One join per batch builds a flat string; appending row by row builds a rope that must be flattened to write.
    return lines.join('');
  }

  private fragment(identity: Identity): string {
    if (identity.encoded?.by !== this) identity.encoded = { by: this, text: csvRecord(this.identityColumns.map((c) => identity.columns[c])) };
    return identity.encoded.text;
  }
}

/** `"key":value` pairs of the present columns, comma-separated. */
function jsonMembers(row: CbfRow, keys: readonly (readonly [string, string])[]): string {
  let out = '';
  for (const [column, quoted] of keys) {
    const value = row[column];
    if (value !== undefined) out += `${out ? ',' : ''}${quoted}:${JSON.stringify(value)}`;
  }
  return out;
}

/** One JSON object per line, keys in column order, absent columns omitted. */
export class JsonlEncoder implements CbfEncoder {
  private readonly rowKeys: (readonly [string, string])[];
  private readonly identityKeys: (readonly [string, string])[];

  constructor(rowColumns: readonly string[], identityColumns: readonly string[]) {
    this.rowKeys = rowColumns.map((c) => [c, JSON.stringify(c)] as const);
    this.identityKeys = identityColumns.map((c) => [c, JSON.stringify(c)] as const);
  }

  header(): string {
    return '';
  }

  encode(rows: readonly BuiltRow[]): string {
    const lines: string[] = new Array(rows.length);
    for (let r = 0; r < rows.length; r++) {
      const { identity, values } = rows[r];
      const own = jsonMembers(values, this.rowKeys);
      if (identity.encoded?.by !== this) identity.encoded = { by: this, text: jsonMembers(identity.columns, this.identityKeys) };
      const shared = identity.encoded.text;
      lines[r] = `{${own}${own && shared ? ',' : ''}${shared}}\n`;
    }
    return lines.join('');
  }
}

export function encoderFor(format: CbfFormat, rowColumns: readonly string[], identityColumns: readonly string[]): CbfEncoder {
  return format === 'csv' ? new CsvEncoder(rowColumns, identityColumns) : new JsonlEncoder(rowColumns, identityColumns);
}
