import { CsvEncoding } from '../files/csv';
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

/**
 * RFC 4180 CSV through the product's one CSV encoder (src/core/files/csv.ts): CRLF record ends; fields with a
 * comma, quote, CR or LF are quoted and quotes doubled. Absent columns are empty cells. Per-row cells that need
 * no quoting (timestamps, decimals) are copied as they are, which keeps a million rows from paying a library
 * call per cell. Formula escaping is off unless asked for: CloudZero stores tag values verbatim, so a `'`
 * prefix would change the data (src/core/cbf/README.md).
 */
export class CsvEncoder implements CbfEncoder {
  private readonly csv: CsvEncoding;

  constructor(
    private readonly rowColumns: readonly string[],
    private readonly identityColumns: readonly string[],
    escapeFormulas = false,
  ) {
    this.csv = new CsvEncoding({ recordDelimiter: '\r\n', escapeFormulas });
  }

  header(): string {
    return `${this.csv.record([...this.rowColumns, ...this.identityColumns])}\r\n`;
  }

  encode(rows: readonly BuiltRow[]): string {
    const lines: string[] = new Array(rows.length);
    const cells: string[] = new Array(this.rowColumns.length + 1);
    for (let r = 0; r < rows.length; r++) {
      const { identity, values } = rows[r];
      for (let i = 0; i < this.rowColumns.length; i++) cells[i] = this.csv.cell(values[this.rowColumns[i]]);
      cells[this.rowColumns.length] = this.fragment(identity);
      lines[r] = `${cells.join(',')}\r\n`;
    }
    // One join per batch builds a flat string; appending row by row builds a rope that must be flattened to write.
    return lines.join('');
  }

  private fragment(identity: Identity): string {
    if (identity.encoded?.by !== this) identity.encoded = { by: this, text: this.csv.record(this.identityColumns.map((c) => identity.columns[c])) };
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

export function encoderFor(format: CbfFormat, rowColumns: readonly string[], identityColumns: readonly string[], escapeFormulas = false): CbfEncoder {
  return format === 'csv' ? new CsvEncoder(rowColumns, identityColumns, escapeFormulas) : new JsonlEncoder(rowColumns, identityColumns);
}
