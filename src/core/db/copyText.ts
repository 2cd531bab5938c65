/** A field of PostgreSQL's COPY text format: the text, or null for `\N`. */
export type CopyField = string | null;

const ESCAPES: Readonly<Record<string, string>> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

/** Undoes COPY TO's escapes: `\\`, `\b \f \n \r \t \v` (COPY TO never writes octal or hex escapes). */
function unescapeField(field: string): string {
  return field.replace(/\\(.)/gs, (_, c: string) => ESCAPES[c] ?? c);
}

/** The text of a field that is not NULL, `bytes[from, to)`, unescaped. */
export function fieldText(bytes: Buffer, from: number, to: number): string {
  const text = bytes.toString('utf8', from, to);
  return text.includes('\\') ? unescapeField(text) : text;
}

/**
 * Text is decoded in pieces of about this many bytes, cut at row ends. A whole chunk decoded at once can be a
 * string too large for V8's young generation (a 64 KB chunk with one non-ASCII character is 128 KB of UTF-16),
 * which lives in old space until a full collection: a million rows left hundreds of MB of such strings behind.
 */
const PIECE_BYTES = 8 * 1024;

/**
 * Splits the byte stream of `COPY … TO STDOUT` (text format, tab-separated, UTF-8) into rows of fields. In this
 * format a newline byte only ever ends a row (newlines inside values are escaped, and 0x0A is never part of a
 * multi-byte UTF-8 character), so bytes are decoded up to a newline and a row cut by the chunk's end waits for
 * the next chunk.
 */
export class CopyTextParser {
  private rest: Buffer | null = null;

  push(chunk: Buffer): CopyField[][] {
    const rows: CopyField[][] = [];
    let from = 0;
    if (this.rest) {
      // Only the row cut by the previous chunk's end is joined, not the whole chunk.
      const nl = chunk.indexOf(0x0a);
      if (nl < 0) {
        this.rest = Buffer.concat([this.rest, chunk]);
        return rows;
      }
      const joined = Buffer.concat([this.rest, chunk.subarray(0, nl + 1)]);
      this.rest = null;
      splitRows(joined, 0, joined.length - 1, rows);
      from = nl + 1;
    }
    const end = chunk.lastIndexOf(0x0a);
    if (end < from) {
      if (from < chunk.length) this.rest = Buffer.from(chunk.subarray(from));
      return rows;
    }
    while (from < end) {
      let cut = from + PIECE_BYTES < end ? chunk.lastIndexOf(0x0a, from + PIECE_BYTES) : end;
      if (cut < from) cut = chunk.indexOf(0x0a, from + PIECE_BYTES); // one row longer than a piece
      splitRows(chunk, from, cut, rows);
      from = cut + 1;
    }
    if (from === end) rows.push(['']); // an empty last line is a row of one empty field, as before
    this.rest = end + 1 < chunk.length ? Buffer.from(chunk.subarray(end + 1)) : null;
    return rows;
  }

  /** Throws when the stream ended inside a row (it always ends with a newline). */
  end(): void {
    if (this.rest && this.rest.length > 0) throw new Error(`COPY output ended inside a row (${this.rest.length} bytes left over).`);
  }
}

/** Appends the rows of `bytes[from, to)`, which ends right before a newline, to `rows`. */
function splitRows(bytes: Buffer, from: number, to: number, rows: CopyField[][]): void {
  const lines = bytes.toString('utf8', from, to).split('\n');
  for (let r = 0; r < lines.length; r++) {
    const fields: CopyField[] = lines[r].split('\t');
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i] as string;
      if (f.includes('\\')) fields[i] = f === '\\N' ? null : unescapeField(f);
    }
    rows.push(fields);
  }
}

/** Copies made by `detachString`, by value, so equal strings kept past a batch share one copy. */
const copies = new Map<string, string>();
/** Bounds the copies (~100 bytes each): past it the map starts over, which only costs fresh copies. */
const COPIES_LIMIT = 20_000;

/**
 * A copy of `s` that shares no memory with it. The parser's fields are slices of a whole chunk's text, and V8
 * keeps that text alive as long as any slice (or any string concatenated from one) lives: whatever is kept past a
 * batch — a memo entry, a cached identity — must hold copies, or each entry pins a chunk. Equal values share
 * one copy: a team's alias or a key's hash repeats on thousands of cached identities (issue 15: 22,660 of them
 * a day), and one copy each is what keeps that cache small. That holds for short values too: V8 copies a
 * substring under 13 characters (so it pins nothing), but as a new string per row, and a logs export's ~100,000
 * identities kept ~7 of them each (10 MB).
 */
export function detachString(s: string): string {
  let copy = copies.get(s);
  if (copy === undefined) {
    if (copies.size >= COPIES_LIMIT) copies.clear();
    copy = s.length < 13 ? s : Buffer.from(s, 'utf8').toString('utf8');
    copies.set(copy, copy);
  }
  return copy;
}
