/**
 * The real PostgreSQL parser: `libpg-query` (PostgreSQL's own `gram.y`/`scan.l` compiled to WebAssembly, no native
 * build, no download at install: the .wasm ships inside the npm package). Chosen over hand-written or
 * JS-grammar parsers because diagnostics must agree with what the server accepts; version 18 parses every
 * statement PostgreSQL 13–17 accepts. It loads once, asynchronously; after that `parseStatements` is synchronous,
 * so the editor can call it per keystroke. esbuild keeps the package external (it finds its .wasm next to its own
 * module) and `.vscodeignore` ships `node_modules/libpg-query/wasm`. It is imported when first asked for, not at
 * start: its WebAssembly instance costs ~11 MB of resident memory, which an export or a transmit never needs.
 */
import { codeTokens, splitStatements } from './tokens';

/** A parse-tree node as libpg-query returns it: `{ NodeType: { …fields } }` objects, arrays and scalars. */
export type PgNode = { [key: string]: PgValue };
export type PgValue = PgNode | PgValue[] | string | number | boolean | null;

export interface ParsedStatement {
  /** UTF-16 offsets of the statement text (first to last code token). */
  start: number;
  end: number;
  /** `{ SelectStmt: … }`, `{ InsertStmt: … }`…; undefined when this statement does not parse. */
  stmt?: PgNode;
  /** The parser's message and UTF-16 offset when it does not parse. */
  error?: { message: string; offset: number };
  /** Maps a `location` of this statement's tree (UTF-8 bytes) to a UTF-16 offset in the whole text. */
  toOffset: (location: number) => number;
}

let loaded: Promise<void> | undefined;
let parser: typeof import('libpg-query') | undefined;

/** Loads the parser's WebAssembly module (once). */
export function loadSqlParser(): Promise<void> {
  loaded ??= import('libpg-query').then(async (module) => {
    await module.loadModule();
    parser = module;
  });
  return loaded;
}

function loadedParser(): (text: string) => { stmts?: RawStmt[] } {
  if (!parser) throw new Error('The SQL parser is not loaded: await loadSqlParser() first.');
  const { parseSync } = parser;
  return (text) => parseSync(text) as unknown as { stmts?: RawStmt[] };
}

/** Maps the parser's UTF-8 byte offsets to UTF-16 string offsets. */
export class OffsetMap {
  private readonly utf16: Uint32Array;

  constructor(text: string) {
    const bytes = Buffer.byteLength(text);
    this.utf16 = new Uint32Array(bytes + 1);
    let b = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.codePointAt(i) ?? 0;
      const len = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
      for (let k = 0; k < len; k++) this.utf16[b + k] = i;
      b += len;
      if (code >= 0x10000) i++;
    }
    this.utf16[bytes] = text.length;
  }

  toOffset(byte: number): number {
    return this.utf16[Math.max(0, Math.min(byte, this.utf16.length - 1))];
  }
}

interface RawStmt {
  stmt: PgNode;
  stmt_location?: number;
  stmt_len?: number;
}

function errorOf(err: unknown, base: number, map: OffsetMap): { message: string; offset: number } {
  const details = (err as { sqlDetails?: { cursorPosition?: number } }).sqlDetails;
  const message = err instanceof Error ? err.message : String(err);
  return { message, offset: details?.cursorPosition !== undefined ? map.toOffset(details.cursorPosition) + base : base };
}

/** Trims a [start, end) range to its first and last code token. */
function trimmed(text: string, start: number, end: number): { start: number; end: number } | undefined {
  const tokens = codeTokens(text.slice(start, end)).filter((t) => t.text !== ';');
  if (tokens.length === 0) return undefined;
  return { start: start + tokens[0].start, end: start + tokens[tokens.length - 1].end };
}

/**
 * The statements of a SQL text, split by the parser. When the text does not parse, it is split at top-level `;`
 * by the tolerant tokenizer and each statement is parsed on its own, so one broken statement does not hide the
 * findings of the others. Requires `loadSqlParser()` to have resolved.
 */
export function parseStatements(text: string): ParsedStatement[] {
  const parse = loadedParser();
  const map = new OffsetMap(text);
  try {
    const stmts = parse(text).stmts ?? [];
    const out: ParsedStatement[] = [];
    for (const s of stmts) {
      const from = map.toOffset(s.stmt_location ?? 0);
      const to = s.stmt_len ? map.toOffset((s.stmt_location ?? 0) + s.stmt_len) : text.length;
      const span = trimmed(text, from, to);
      if (span) out.push({ ...span, stmt: s.stmt, toOffset: (b) => map.toOffset(b) });
    }
    return out;
  } catch {
    return splitStatements(codeTokens(text)).map((span) => {
      const piece = text.slice(span.start, span.end);
      const pieceMap = new OffsetMap(piece);
      const toOffset = (b: number): number => span.start + pieceMap.toOffset(b);
      try {
        const stmt = parse(piece).stmts?.[0]?.stmt;
        return stmt ? { ...span, stmt, toOffset } : { ...span, toOffset };
      } catch (err) {
        return { ...span, toOffset, error: errorOf(err, span.start, pieceMap) };
      }
    });
  }
}

/** The single key of a node object (`SelectStmt`, `ColumnRef`, …). */
export function nodeType(node: PgValue | undefined): string | undefined {
  if (!node || typeof node !== 'object' || Array.isArray(node)) return undefined;
  const keys = Object.keys(node);
  return keys.length === 1 ? keys[0] : undefined;
}

/** The fields of a `{ Type: fields }` node when it is of `type`. */
export function asNode(node: PgValue | undefined, type: string): PgNode | undefined {
  if (!node || typeof node !== 'object' || Array.isArray(node)) return undefined;
  const inner = node[type];
  return inner && typeof inner === 'object' && !Array.isArray(inner) ? inner : undefined;
}

export function list(value: PgValue | undefined): PgValue[] {
  return Array.isArray(value) ? value : [];
}

/** `String` node values of a name list (`funcname`, `fields`, `names`). */
export function names(value: PgValue | undefined): string[] {
  return list(value)
    .map((n) => asNode(n, 'String')?.sval)
    .filter((s): s is string => typeof s === 'string');
}

/** Visits every node object under `value` (depth first); `visit` returns false to skip a subtree. */
export function walk(value: PgValue | undefined, visit: (type: string, fields: PgNode) => boolean | void): void {
  if (Array.isArray(value)) {
    for (const v of value) walk(v, visit);
    return;
  }
  if (!value || typeof value !== 'object') return;
  const type = nodeType(value);
  const fields = type ? asNode(value, type) : undefined;
  if (type && fields) {
    if (visit(type, fields) === false) return;
    for (const v of Object.values(fields)) walk(v, visit);
    return;
  }
  for (const v of Object.values(value)) walk(v, visit);
}
