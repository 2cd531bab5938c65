/** A field of PostgreSQL's COPY text format: the text, or null for `\N`. */
export type CopyField = string | null;

const ESCAPES: Readonly<Record<string, string>> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

/** Undoes COPY TO's escapes: `\\`, `\b \f \n \r \t \v` (COPY TO never writes octal or hex escapes). */
function unescapeField(field: string): string {
  return field.replace(/\\(.)/gs, (_, c: string) => ESCAPES[c] ?? c);
}

/**
 * Splits the byte stream of `COPY … TO STDOUT` (text format, tab-separated, UTF-8) into rows of fields. In this
 * format a newline byte only ever ends a row (newlines inside values are escaped, and 0x0A is never part of a
 * multi-byte UTF-8 character), so each chunk is decoded up to its last newline and the remainder waits for the next.
 */
export class CopyTextParser {
  private rest: Buffer | null = null;

  push(chunk: Buffer): CopyField[][] {
    const data = this.rest ? Buffer.concat([this.rest, chunk]) : chunk;
    const end = data.lastIndexOf(0x0a);
    if (end < 0) {
      this.rest = data;
      return [];
    }
    this.rest = end + 1 < data.length ? Buffer.from(data.subarray(end + 1)) : null;
    const lines = data.toString('utf8', 0, end).split('\n');
    const rows: CopyField[][] = new Array(lines.length);
    for (let r = 0; r < lines.length; r++) {
      const fields: CopyField[] = lines[r].split('\t');
      for (let i = 0; i < fields.length; i++) {
        const f = fields[i] as string;
        if (f.includes('\\')) fields[i] = f === '\\N' ? null : unescapeField(f);
      }
      rows[r] = fields;
    }
    return rows;
  }

  /** Throws when the stream ended inside a row (it always ends with a newline). */
  end(): void {
    if (this.rest && this.rest.length > 0) throw new Error(`COPY output ended inside a row (${this.rest.length} bytes left over).`);
  }
}

/**
 * A copy of `s` that shares no memory with it. The parser's fields are slices of a whole chunk's text, and V8
 * keeps that text alive as long as any slice (or any string concatenated from one) lives: whatever is kept past a
 * batch — a memo entry, a cached identity — must hold copies, or each entry pins a chunk.
 */
export function detachString(s: string): string {
  return s.length < 13 ? s : Buffer.from(s, 'utf8').toString('utf8');
}
