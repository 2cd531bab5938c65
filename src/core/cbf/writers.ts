import { CsvEncoding } from '../files/csv';
import { type BuiltRow, type EncodedTail, type Identity, identityColumns, releaseColumns } from './profiles/profile';
import type { CbfFormat, CbfRow } from './types';

/**
 * Turns batches of built rows into file bytes. Columns are fixed up front (row columns, then identity columns)
 * so every line has the same shape. Everything after the row columns is the identity's and repeats on every row
 * of a resource, so it is encoded once per identity and encoder (kept on the identity) as UTF-8 bytes, ending
 * the line, and copied into each row's line: the identity's text is never rebuilt or re-encoded per row. Once
 * encoded, the identity's columns are released (Identity.columns): the file needs only the bytes.
 */
export interface CbfEncoder {
  /** Text before the first row (the CSV header). */
  header(): string;
  encode(rows: readonly BuiltRow[]): Buffer;
}

/**
 * A batch's bytes, written in place and grown by doubling. Its first size follows the previous batch's, so a
 * batch usually takes one allocation.
 */
class BatchBytes {
  private buf: Buffer;
  private pos = 0;

  constructor(size: number) {
    this.buf = Buffer.allocUnsafe(Math.max(size, 256));
  }

  /** UTF-8 of `text` (at most 3 bytes per UTF-16 unit). */
  text(text: string): void {
    this.room(text.length * 3);
    this.pos += this.buf.write(text, this.pos, 'utf8');
  }

  tail(tail: EncodedTail): void {
    const n = tail.end - tail.start;
    this.room(n);
    tail.chunk.copy(this.buf, this.pos, tail.start, tail.end);
    this.pos += n;
  }

  done(): Buffer {
    return this.buf.subarray(0, this.pos);
  }

  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }
}

/** Sizes the next batch's buffer from the last one's bytes per row (plus slack), so it rarely grows. */
class BatchSizer {
  private perRow = 256;

  start(rows: number): BatchBytes {
    return new BatchBytes(Math.ceil(rows * this.perRow * 1.1));
  }

  end(out: BatchBytes, rows: number): Buffer {
    const bytes = out.done();
    if (rows > 0) this.perRow = Math.ceil(bytes.length / rows);
    return bytes;
  }
}

const ARENA_CHUNK = 256 * 1024;

/**
 * Identities' bytes, written one after another into shared chunks. A Buffer per identity would cost an object
 * and a slice of Node's 8 KB pool, whose slabs the short-lived buffers of every batch share and then cannot free
 * (issue 15: ~40 MB of slabs at 60,000 identities). A chunk is freed once no identity with bytes in it is alive.
 */
class TailArena {
  private chunk = Buffer.allocUnsafeSlow(ARENA_CHUNK);
  private used = 0;

  constructor(private readonly by: object) {}

  /** Stores `text` (UTF-8: at most 3 bytes per UTF-16 unit) as the identity's bytes and releases its columns. */
  put(identity: Identity, text: string): EncodedTail {
    const most = text.length * 3;
    if (this.used + most > this.chunk.length) {
      this.chunk = Buffer.allocUnsafeSlow(Math.max(ARENA_CHUNK, most));
      this.used = 0;
    }
    const start = this.used;
    this.used += this.chunk.write(text, start, 'utf8');
    releaseColumns(identity);
    return (identity.encoded = { by: this.by, chunk: this.chunk, start, end: this.used });
  }
}

/**
 * RFC 4180 CSV through the product's one CSV encoder (src/core/files/csv.ts): CRLF record ends; fields with a
 * comma, quote, CR or LF are quoted and quotes doubled. Absent columns are empty cells. Per-row cells that need
 * no quoting (timestamps, decimals) are copied as they are, which keeps a million rows from paying a library
 * call per cell. Formula escaping is off unless asked for: CloudZero stores tag values verbatim, so a `'`
 * prefix would change the data (src/core/cbf/README.md).
 */
export class CsvEncoder implements CbfEncoder {
  private readonly sizer = new BatchSizer();
  private readonly arena = new TailArena(this);
  private readonly csv: CsvEncoding;
  /** The identity part follows the row cells after a comma (none when there are no row columns). */
  private readonly lead: string;

  constructor(
    private readonly rowColumns: readonly string[],
    private readonly identityColumns: readonly string[],
    escapeFormulas = false,
  ) {
    this.csv = new CsvEncoding({ recordDelimiter: '\r\n', escapeFormulas });
    this.lead = rowColumns.length > 0 ? ',' : '';
  }

  header(): string {
    return `${this.csv.record([...this.rowColumns, ...this.identityColumns])}\r\n`;
  }

  encode(rows: readonly BuiltRow[]): Buffer {
    const out = this.sizer.start(rows.length);
    const columns = this.rowColumns;
    for (let r = 0; r < rows.length; r++) {
      const { identity, values } = rows[r];
      let line = this.csv.cell(values[columns[0]]);
      for (let i = 1; i < columns.length; i++) line += `,${this.csv.cell(values[columns[i]])}`;
      out.text(line);
      out.tail(identity.encoded?.by === this ? identity.encoded : this.tail(identity));
    }
    return this.sizer.end(out, rows.length);
  }

  /** The identity's cells and the line end, as bytes, kept on the identity for its next rows. */
  private tail(identity: Identity): EncodedTail {
    const columns = identityColumns(identity);
    return this.arena.put(identity, `${this.lead}${this.csv.record(this.identityColumns.map((c) => columns[c]))}\r\n`);
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
  private readonly sizer = new BatchSizer();
  private readonly arena = new TailArena(this);
  private readonly rowKeys: (readonly [string, string])[];
  private readonly identityKeys: (readonly [string, string])[];

  constructor(rowColumns: readonly string[], identityColumns: readonly string[]) {
    this.rowKeys = rowColumns.map((c) => [c, JSON.stringify(c)] as const);
    this.identityKeys = identityColumns.map((c) => [c, JSON.stringify(c)] as const);
  }

  header(): string {
    return '';
  }

  encode(rows: readonly BuiltRow[]): Buffer {
    const out = this.sizer.start(rows.length);
    for (let r = 0; r < rows.length; r++) {
      const { identity, values } = rows[r];
      const own = jsonMembers(values, this.rowKeys);
      const shared = identity.encoded?.by === this ? identity.encoded : this.tail(identity);
      // The comma between the two parts only when both have members (`shared` ends with `}\n`).
      out.text(own && shared.end - shared.start > 2 ? `{${own},` : `{${own}`);
      out.tail(shared);
    }
    return this.sizer.end(out, rows.length);
  }

  /** The identity's members and the closing brace, as bytes, kept on the identity for its next rows. */
  private tail(identity: Identity): EncodedTail {
    return this.arena.put(identity, `${jsonMembers(identityColumns(identity), this.identityKeys)}}\n`);
  }
}

export function encoderFor(
  format: CbfFormat,
  rowColumns: readonly string[],
  identityColumns: readonly string[],
  escapeFormulas = false,
): CbfEncoder {
  return format === 'csv' ? new CsvEncoder(rowColumns, identityColumns, escapeFormulas) : new JsonlEncoder(rowColumns, identityColumns);
}
