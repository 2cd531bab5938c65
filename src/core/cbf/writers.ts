import { CsvEncoding } from '../files/csv';
import { BoundedMemo } from './memo';
import { type BuiltRow, type EncodedTail, columnsOfIdentity, type Identity, releaseColumns } from './profiles/profile';
import type { CbfFormat, CbfRow } from './types';

/**
 * Turns batches of built rows into file bytes. Columns are fixed up front (row columns, then identity columns)
 * so every line has the same shape. Everything after the row columns is the identity's and repeats on every row
 * of a resource, so it is encoded once per identity and encoder (kept on the identity) as UTF-8 bytes, ending
 * the line, and copied into each row's line: the identity's text is never rebuilt or re-encoded per row. Once
 * encoded, the identity's columns are released (Identity.columns): the file needs only the bytes. An identity
 * the builder does not keep (Identity.kept) is written as text and nothing of it is kept.
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

  /**
   * An identity's bytes: its head, the shared runs', its end (or its text, when nothing of it is kept). A shared
   * run is a view made once, so it is copied with a plain set; Buffer.copy of a range makes a view per call.
   */
  tail(tail: EncodedTail | string): void {
    if (typeof tail === 'string') {
      this.text(tail);
      return;
    }
    this.piece(tail.chunk, tail.start, tail.mid);
    for (const run of tail.shared) {
      this.room(run.length);
      this.buf.set(run, this.pos);
      this.pos += run.length;
    }
    this.piece(tail.chunk, tail.mid, tail.end);
  }

  private piece(chunk: Buffer, start: number, end: number): void {
    this.room(end - start);
    this.pos += chunk.copy(this.buf, this.pos, start, end);
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
 * The shared runs (ProfileSpec.sharedRuns: the owner's ids, aliases and key hash, up to ~600 bytes; the model's
 * columns) are stored once per distinct text and shared by every identity with that text.
 */
class TailStore {
  private chunk = Buffer.allocUnsafeSlow(ARENA_CHUNK);
  private used = 0;
  private readonly runs = new BoundedMemo<string, Buffer>(10_000);

  constructor(private readonly by: object) {}

  /**
   * The identity's bytes for its line: those this store holds, else its `parts` stored now; for an identity its
   * builder does not keep (Identity.kept), its text, written once and not stored.
   */
  tailOf(identity: Identity, parts: (identity: Identity) => IdentityParts): EncodedTail | string {
    if (identity.encoded?.by === this.by) return identity.encoded;
    const [head, runs, end] = parts(identity);
    return identity.kept === false ? head + runs.join('') + end : this.put(identity, head, runs, end);
  }

  /** Stores an identity's bytes (`head`, the shared runs', `end`) and releases its columns. */
  private put(identity: Identity, head: string, shared: readonly string[], end: string): EncodedTail {
    const pieces = shared.map((text) =>
      this.runs.get(text, () => {
        this.room(text.length);
        const start = this.used;
        this.used += this.chunk.write(text, start, 'utf8');
        return this.chunk.subarray(start, this.used);
      }),
    );
    this.room(head.length + end.length);
    const start = this.used;
    const mid = (this.used += this.chunk.write(head, start, 'utf8'));
    this.used += this.chunk.write(end, mid, 'utf8');
    releaseColumns(identity);
    return (identity.encoded = { by: this.by, chunk: this.chunk, start, mid, end: this.used, shared: pieces });
  }

  /** Room for `units` UTF-16 units of text (at most 3 UTF-8 bytes each) in the current chunk. */
  private room(units: number): void {
    if (this.used + units * 3 <= this.chunk.length) return;
    this.chunk = Buffer.allocUnsafeSlow(Math.max(ARENA_CHUNK, units * 3));
    this.used = 0;
  }
}

/** An identity's text around its shared runs: before them, each run's, after them (with the line end). */
type IdentityParts = [head: string, runs: string[], end: string];

/** The identity columns before the shared runs, the runs, and after. */
interface Runs<T> {
  before: T[];
  shared: T[][];
  after: T[];
}

/** Splits the identity columns around the shared runs, which must follow one another in column order. */
function runsOf<T>(identity: readonly T[], runs: readonly (readonly string[])[], name: (c: T) => string): Runs<T> {
  const names = runs.flat();
  const at = identity.findIndex((c) => name(c) === names[0]);
  const span = identity.slice(at, at + names.length);
  const empty = runs.length === 0 || runs.some((r) => r.length === 0);
  if (empty || at < 0 || span.length !== names.length || span.some((c, i) => name(c) !== names[i])) {
    throw new Error(`The shared runs ${runs.map((r) => r.join(', ')).join(' | ')} do not follow one another in the identity columns.`);
  }
  let next = at;
  const shared = runs.map((run) => identity.slice(next, (next += run.length)));
  return { before: identity.slice(0, at), shared, after: identity.slice(next) };
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
  private readonly store = new TailStore(this);
  private readonly csv: CsvEncoding;
  private readonly runs: Runs<string>;
  /** The identity cells follow the row cells after a comma (none when there are no row columns). */
  private readonly lead: string;

  constructor(
    private readonly rowColumns: readonly string[],
    private readonly identityColumns: readonly string[],
    sharedRuns: readonly (readonly string[])[],
    escapeFormulas = false,
  ) {
    this.csv = new CsvEncoding({ recordDelimiter: '\r\n', escapeFormulas });
    this.runs = runsOf(identityColumns, sharedRuns, (c) => c);
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
      out.tail(this.store.tailOf(identity, this.parts));
    }
    return this.sizer.end(out, rows.length);
  }

  /** The identity's cells and the line end: before the shared runs, each run's, after them. */
  private readonly parts = (identity: Identity): IdentityParts => {
    const columns = columnsOfIdentity(identity);
    const cells = (run: string[]) => this.csv.record(run.map((c) => columns[c]));
    const { before, shared, after } = this.runs;
    const head = `${this.lead}${before.length > 0 ? `${cells(before)},` : ''}`;
    // A comma before every run but the first (the head ends with the one after `before`).
    const runs = shared.map((run, i) => `${i > 0 ? ',' : ''}${cells(run)}`);
    return [head, runs, `${after.length > 0 ? `,${cells(after)}` : ''}\r\n`];
  };
}

type JsonKey = readonly [column: string, quoted: string];

/** Printable ASCII but `"` and `\`: the characters JSON.stringify writes as they are. */
const PLAIN_JSON = /^[ !#-[\]-~]*$/;

/**
 * `"key":value` pairs of the present columns, comma-separated. A plain value (every row's time, decimals and
 * description) is quoted directly: the same text as JSON.stringify's at half the cost, on four values a row.
 */
function jsonMembers(row: CbfRow, keys: readonly JsonKey[]): string {
  let out = '';
  for (const [column, quoted] of keys) {
    const value = row[column];
    if (value !== undefined) out += `${out ? ',' : ''}${quoted}:${PLAIN_JSON.test(value) ? `"${value}"` : JSON.stringify(value)}`;
  }
  return out;
}

/** One JSON object per line, keys in column order, absent columns omitted. */
export class JsonlEncoder implements CbfEncoder {
  private readonly sizer = new BatchSizer();
  private readonly store = new TailStore(this);
  private readonly rowKeys: JsonKey[];
  private readonly identityKeys: Runs<JsonKey>;

  constructor(rowColumns: readonly string[], identityColumns: readonly string[], sharedRuns: readonly (readonly string[])[]) {
    const key = (c: string): JsonKey => [c, JSON.stringify(c)];
    this.rowKeys = rowColumns.map(key);
    this.identityKeys = runsOf(identityColumns.map(key), sharedRuns, ([c]) => c);
  }

  header(): string {
    return '';
  }

  encode(rows: readonly BuiltRow[]): Buffer {
    const out = this.sizer.start(rows.length);
    for (let r = 0; r < rows.length; r++) {
      const { identity, values } = rows[r];
      const own = jsonMembers(values, this.rowKeys);
      const tail = this.store.tailOf(identity, this.parts);
      // The comma between the two parts only when both have members (the identity's part ends with `}\n`).
      let size: number;
      if (typeof tail === 'string') size = tail.length;
      else {
        size = tail.end - tail.start;
        for (const run of tail.shared) size += run.length;
      }
      out.text(own && size > 2 ? `{${own},` : `{${own}`);
      out.tail(tail);
    }
    return this.sizer.end(out, rows.length);
  }

  /** The identity's members and the closing brace: before the shared runs, each run's, after them. */
  private readonly parts = (identity: Identity): IdentityParts => {
    const columns = columnsOfIdentity(identity);
    const { before, shared, after } = this.identityKeys;
    // Commas only between parts that have members: each part after the first non-empty one starts with one.
    let seen = false;
    const part = (keys: readonly JsonKey[]) => {
      const members = jsonMembers(columns, keys);
      const text = seen && members ? `,${members}` : members;
      seen ||= members !== '';
      return text;
    };
    const head = part(before);
    const runs = shared.map(part);
    return [head, runs, `${part(after)}}\n`];
  };
}

/** The columns of a profile and source (ProfileSpec). */
export interface EncoderColumns {
  row: readonly string[];
  identity: readonly string[];
  shared: readonly (readonly string[])[];
}

export function encoderFor(format: CbfFormat, columns: EncoderColumns, escapeFormulas = false): CbfEncoder {
  return format === 'csv'
    ? new CsvEncoder(columns.row, columns.identity, columns.shared, escapeFormulas)
    : new JsonlEncoder(columns.row, columns.identity, columns.shared);
}
