/**
 * A tolerant PostgreSQL tokenizer for editing: unlike the real parser's scanner (libpg-query `scanSync`, which
 * throws on an unterminated string), it never fails, so completion and hover work on half-typed SQL. It knows
 * the lexical rules that matter for offsets: `--` and nested block comments, '…' / E'…' strings, "…" identifiers
 * (with "" escapes), $tag$…$tag$ bodies, `$n` placeholders and `::` casts.
 */
export type TokenKind = 'word' | 'quoted' | 'string' | 'number' | 'param' | 'op' | 'punct' | 'comment';

export interface Token {
  kind: TokenKind;
  /** Offsets into the text (UTF-16), end exclusive. */
  start: number;
  end: number;
  /** Raw source text. */
  text: string;
  /** `word`: the text as written; `quoted`: the identifier with quotes removed and "" unescaped. */
  value: string;
  /** A string, quoted identifier or comment that runs to the end of the text. */
  unterminated?: boolean;
}

const OP_CHARS = '+-*/<>=~!@#%^&|`?:';

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isWordStart = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c >= 0x80;
const isWordPart = (c: number): boolean => isWordStart(c) || isDigit(c) || c === 36;
const isSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0xfeff;

function scanQuoted(sql: string, i: number, quote: string, backslashEscapes: boolean): { end: number; closed: boolean } {
  let j = i + 1;
  while (j < sql.length) {
    if (backslashEscapes && sql[j] === '\\') {
      j += 2;
      continue;
    }
    if (sql[j] === quote) {
      if (sql[j + 1] === quote) {
        j += 2;
        continue;
      }
      return { end: j + 1, closed: true };
    }
    j++;
  }
  return { end: sql.length, closed: false };
}

/** The end of the block comment opening at `start`: PostgreSQL nests them, so each inner `/*` needs its own close. */
export function blockCommentEnd(sql: string, start: number): { end: number; closed: boolean } {
  let depth = 1;
  let j = start + 2;
  while (j < sql.length && depth > 0) {
    if (sql[j] === '/' && sql[j + 1] === '*') {
      depth++;
      j += 2;
    } else if (sql[j] === '*' && sql[j + 1] === '/') {
      depth--;
      j += 2;
    } else j++;
  }
  return { end: j, closed: depth === 0 };
}

export function tokenize(sql: string): Token[] {
  const out: Token[] = [];
  const n = sql.length;
  let i = 0;
  const push = (kind: TokenKind, start: number, end: number, value?: string, unterminated?: boolean): void => {
    const text = sql.slice(start, end);
    out.push({ kind, start, end, text, value: value ?? text, ...(unterminated ? { unterminated } : {}) });
  };
  while (i < n) {
    const c = sql[i];
    const next = sql[i + 1];
    const code = sql.charCodeAt(i);
    if (isSpace(code)) {
      i++;
    } else if (c === '-' && next === '-') {
      const nl = sql.indexOf('\n', i);
      const end = nl < 0 ? n : nl;
      push('comment', i, end);
      i = end;
    } else if (c === '/' && next === '*') {
      const { end, closed } = blockCommentEnd(sql, i);
      push('comment', i, end, undefined, !closed);
      i = end;
    } else if (c === "'" || ((c === 'E' || c === 'e') && next === "'")) {
      const q = c === "'" ? i : i + 1;
      const { end, closed } = scanQuoted(sql, q, "'", q !== i);
      push('string', i, end, undefined, !closed);
      i = end;
    } else if (c === '"') {
      const { end, closed } = scanQuoted(sql, i, '"', false);
      const inner = sql.slice(i + 1, closed ? end - 1 : end).replace(/""/g, '"');
      push('quoted', i, end, inner, !closed);
      i = end;
    } else if (c === '$' && isDigit(sql.charCodeAt(i + 1))) {
      let j = i + 1;
      while (j < n && isDigit(sql.charCodeAt(j))) j++;
      push('param', i, j);
      i = j;
    } else if (c === '$') {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i, i + 64));
      if (tag) {
        const close = sql.indexOf(tag[0], i + tag[0].length);
        const end = close < 0 ? n : close + tag[0].length;
        push('string', i, end, undefined, close < 0);
        i = end;
      } else {
        push('op', i, i + 1);
        i++;
      }
    } else if (isDigit(code) || (c === '.' && isDigit(sql.charCodeAt(i + 1)))) {
      const number = /(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/y;
      number.lastIndex = i;
      const m = number.exec(sql);
      const len = m ? m[0].length : 1;
      push('number', i, i + len);
      i += len;
    } else if (isWordStart(code)) {
      let j = i + 1;
      while (j < n && isWordPart(sql.charCodeAt(j))) j++;
      push('word', i, j);
      i = j;
    } else if ('(),;.[]'.includes(c)) {
      push('punct', i, i + 1);
      i++;
    } else if (OP_CHARS.includes(c)) {
      let j = i + 1;
      while (j < n && OP_CHARS.includes(sql[j]) && !(sql[j] === '-' && sql[j + 1] === '-') && !(sql[j] === '/' && sql[j + 1] === '*')) j++;
      push('op', i, j);
      i = j;
    } else {
      push('op', i, i + 1);
      i++;
    }
  }
  return out;
}

/** Tokens without comments. */
export function codeTokens(sql: string): Token[] {
  return tokenize(sql).filter((t) => t.kind !== 'comment');
}

/** `word` tokens compared case-insensitively, as PostgreSQL folds unquoted names. */
export function isWord(t: Token | undefined, ...words: string[]): boolean {
  return t?.kind === 'word' && words.includes(t.text.toLowerCase());
}

/** The identifier a word or quoted token names, as PostgreSQL resolves it (unquoted words fold to lower case). */
export function identName(t: Token): string {
  return t.kind === 'quoted' ? t.value : t.text.toLowerCase();
}

export interface StatementSpan {
  start: number;
  end: number;
}

/**
 * Statement spans split at top-level `;` (the tolerant split used while typing and when the parser rejects the
 * text). Each span runs from its first code token to its last one; empty statements are dropped.
 */
export function splitStatements(tokens: readonly Token[]): StatementSpan[] {
  const spans: StatementSpan[] = [];
  let first: Token | undefined;
  let last: Token | undefined;
  for (const t of tokens) {
    if (t.kind === 'comment') continue;
    if (t.kind === 'punct' && t.text === ';') {
      if (first && last) spans.push({ start: first.start, end: last.end });
      first = last = undefined;
      continue;
    }
    first ??= t;
    last = t;
  }
  if (first && last) spans.push({ start: first.start, end: last.end });
  return spans;
}

/** Tokens of the statement around `offset` (between the enclosing top-level `;`s). */
export function statementAt(tokens: readonly Token[], offset: number): Token[] {
  let from = 0;
  let to = tokens.length;
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i].text !== ';' || tokens[i].kind !== 'punct') continue;
    if (tokens[i].end <= offset) from = i + 1;
    else {
      to = i;
      break;
    }
  }
  return tokens.slice(from, to);
}
