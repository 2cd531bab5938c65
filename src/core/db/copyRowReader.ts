const ESCAPES: Readonly<Record<string, string>> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

/**
 * The text of a field that is not NULL, `bytes[from, to)`, with COPY TO's escapes undone: `\\`, `\b \f \n \r
 * \t \v` (COPY TO never writes octal or hex escapes). A new string: nothing kept from it pins the chunk.
 */
function fieldText(bytes: Buffer, from: number, to: number): string {
  const text = bytes.toString('utf8', from, to);
  return text.includes('\\') ? text.replace(/\\(.)/gs, (_, c: string) => ESCAPES[c] ?? c) : text;
}

/** The most fields a row may have (the daily read has 17). */
const MAX_FIELDS = 64;
const TAB = 0x09;
const NEWLINE = 0x0a;
const BACKSLASH = 0x5c;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
/** FNV-1a's offset basis: `hash` of no bytes. */
export const EMPTY_HASH = 0x811c9dc5;
/** 1e0 … 1e22: the powers of ten a double holds exactly. */
const POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/**
 * Reads the byte stream of `COPY … TO STDOUT` (text format, tab-separated, UTF-8) row by row without making a
 * string per field: a row is a set of byte ranges of the chunk it is in, and the caller asks for what it needs —
 * a number, a hash to look the bytes up by, the decoded text. In this format a newline byte only ever ends a row
 * (newlines inside values are escaped, and 0x0A is never part of a multi-byte UTF-8 character), so a row cut by
 * a chunk's end waits for the next chunk. Splitting every field into a string was ~50 million strings for a
 * million-row export of three tables, most of them repeated keys, models and dates (issue 15: making and
 * interning them took ~30 % of the export's CPU, and their collection a good part of the rest).
 *
 * Usage: `push(chunk)`, then `while (reader.next())` read the row's fields; `end()` after the last chunk.
 * Ranges are valid until the next `next()` or `push()`.
 */
export class CopyRowReader {
  /** The bytes the current row's ranges index, and a view of them to read four at a time. */
  bytes: Buffer = Buffer.alloc(0);
  private view = new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
  /** Fields of the current row. */
  count = 0;
  private readonly starts = new Int32Array(MAX_FIELDS + 1);
  private readonly ends = new Int32Array(MAX_FIELDS);
  /** Complete rows still to read: (buffer, from, to) with `to` right after a newline. */
  private readonly queue: { buffer: Buffer; from: number; to: number }[] = [];
  private pos = 0;
  private stop = 0;
  /** The start of a row the last chunk cut, copied. */
  private rest: Buffer | null = null;

  push(chunk: Buffer): void {
    let from = 0;
    if (this.rest) {
      // Only the row cut by the previous chunk's end is joined, not the whole chunk.
      const nl = chunk.indexOf(NEWLINE);
      if (nl < 0) {
        this.rest = Buffer.concat([this.rest, chunk]);
        return;
      }
      const joined = Buffer.concat([this.rest, chunk.subarray(0, nl + 1)]);
      this.rest = null;
      this.queue.push({ buffer: joined, from: 0, to: joined.length });
      from = nl + 1;
    }
    const last = chunk.lastIndexOf(NEWLINE);
    if (last >= from) this.queue.push({ buffer: chunk, from, to: last + 1 });
    const tail = Math.max(from, last + 1);
    if (tail < chunk.length) this.rest = Buffer.from(chunk.subarray(tail));
  }

  /** Moves to the next complete row; false when the pushed bytes hold none. */
  next(): boolean {
    while (this.pos >= this.stop) {
      const segment = this.queue.shift();
      if (!segment) return false;
      this.bytes = segment.buffer;
      this.view = new DataView(segment.buffer.buffer, segment.buffer.byteOffset, segment.buffer.byteLength);
      this.pos = segment.from;
      this.stop = segment.to;
    }
    const b = this.bytes;
    const starts = this.starts;
    const ends = this.ends;
    let i = this.pos;
    let n = 0;
    starts[0] = i;
    for (;;) {
      const c = b[i];
      if (c === TAB || c === NEWLINE) {
        if (n === MAX_FIELDS) throw new Error(`A COPY row has more than ${MAX_FIELDS} fields.`);
        ends[n++] = i;
        starts[n] = ++i;
        if (c === NEWLINE) break;
      } else i++;
    }
    this.count = n;
    this.pos = i;
    return true;
  }

  /** Throws when the stream ended inside a row (it always ends with a newline). */
  end(): void {
    if (this.rest && this.rest.length > 0) throw new Error(`COPY output ended inside a row (${this.rest.length} bytes left over).`);
  }

  start(field: number): number {
    return this.starts[field];
  }

  length(field: number): number {
    return this.ends[field] - this.starts[field];
  }

  /** `\N`: NULL. (A stored backslash is written `\\`, so these two bytes are only ever NULL.) */
  isNull(field: number): boolean {
    const s = this.starts[field];
    return this.ends[field] - s === 2 && this.bytes[s] === BACKSLASH && this.bytes[s + 1] === 0x4e;
  }

  /** The field's text, unescaped; null for NULL. */
  text(field: number): string | null {
    return this.isNull(field) ? null : fieldText(this.bytes, this.starts[field], this.ends[field]);
  }

  /**
   * The field as `Number(text)` reads it (NULL as `Number(null)`, 0). A decimal of up to 15 significant digits
   * with a power of ten within ±22 — every counter and nearly every float8 PostgreSQL prints — is read from the
   * bytes: its digits and that power are exact doubles, so one multiplication or division rounds once, to the
   * double nearest the decimal, which is what `Number` returns (Clinger's fast path). Anything else goes
   * through the text.
   */
  number(field: number): number {
    const b = this.bytes;
    const end = this.ends[field];
    let i = this.starts[field];
    const negative = b[i] === MINUS;
    if (negative) i++;
    let mantissa = 0;
    let digits = 0;
    let scale = 0;
    for (; i < end && b[i] >= 0x30 && b[i] <= 0x39; i++, digits++) mantissa = mantissa * 10 + b[i] - 0x30;
    if (i < end && b[i] === DOT) {
      const from = ++i;
      for (; i < end && b[i] >= 0x30 && b[i] <= 0x39; i++, digits++) mantissa = mantissa * 10 + b[i] - 0x30;
      scale = i - from;
    }
    let exponent = 0;
    if (digits > 0 && i < end && (b[i] === 0x65 || b[i] === 0x45)) {
      const sign = b[i + 1] === MINUS ? -1 : 1;
      i += b[i + 1] === MINUS || b[i + 1] === PLUS ? 2 : 1;
      const from = i;
      for (; i < end && b[i] >= 0x30 && b[i] <= 0x39 && i - from < 3; i++) exponent = exponent * 10 + b[i] - 0x30;
      exponent = i > from ? sign * exponent : NaN;
    }
    const power = exponent - scale;
    if (i === end && digits > 0 && digits <= 15 && power >= -22 && power <= 22) {
      const value = power < 0 ? mantissa / POWERS_OF_TEN[-power] : mantissa * POWERS_OF_TEN[power];
      return negative ? -value : value;
    }
    return this.isNull(field) ? 0 : Number(this.ascii(field) ?? this.text(field));
  }

  /** The field's text when it is plain ASCII (decoded without UTF-8's checks), else null. */
  private ascii(field: number): string | null {
    const b = this.bytes;
    const start = this.starts[field];
    const end = this.ends[field];
    for (let i = start; i < end; i++) if (b[i] >= 0x80 || b[i] === BACKSLASH) return null;
    return b.toString('latin1', start, end);
  }

  /** A 32-bit hash of the field's bytes (FNV-1a over 32-bit words, then the last bytes), to look the bytes up by. */
  hash(field: number): number {
    const b = this.bytes;
    const v = this.view;
    let h = EMPTY_HASH;
    let i = this.starts[field];
    const end = this.ends[field];
    for (; i + 4 <= end; i += 4) h = Math.imul(h ^ v.getInt32(i, true), 0x01000193);
    for (; i < end; i++) h = Math.imul(h ^ b[i], 0x01000193);
    return h >>> 0;
  }

  /** Whether the field's bytes are `other[from, from + length)`. */
  equals(field: number, other: DataView, from: number, length: number): boolean {
    const s = this.starts[field];
    if (this.ends[field] - s !== length) return false;
    const v = this.view;
    let i = 0;
    for (; i + 4 <= length; i += 4) if (v.getInt32(s + i, true) !== other.getInt32(from + i, true)) return false;
    for (; i < length; i++) if (v.getUint8(s + i) !== other.getUint8(from + i)) return false;
    return true;
  }
}
