import { blockCommentEnd } from '../sql/tokens';

/** What a lexical pass over one SQL text found outside comments, strings and quoted identifiers. */
export interface SqlScan {
  /** Every `$n` placeholder number used, ascending, without duplicates. */
  placeholders: number[];
  /** Number of statements (text after the last `;` counts only if it holds more than whitespace/comments). */
  statements: number;
  /** The text up to the end of its last code token: trailing `;`, whitespace and comments removed. */
  body: string;
}

/**
 * A PostgreSQL-aware scan: skips `--` and nested `/* *\/` comments, '…' and E'…' strings, "…" identifiers and
 * $tag$…$tag$ bodies, so a `$1` or `;` inside any of them is not mistaken for a placeholder or a statement end.
 */
export function scanSql(sql: string): SqlScan {
  const placeholders = new Set<number>();
  let statements = 0;
  let pendingCode = false; // code seen since the last `;`
  let lastCodeEnd = 0; // end offset of the last code character before any trailing `;`/comments
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i];
    const next = sql[i + 1];
    if (c === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? n : end + 1;
      continue;
    }
    if (c === '/' && next === '*') {
      i = blockCommentEnd(sql, i).end;
      continue;
    }
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === ';') {
      if (pendingCode) statements++;
      pendingCode = false;
      i++;
      continue;
    }
    pendingCode = true;
    if (c === "'") {
      const escapes = i > 0 && /[eE]/.test(sql[i - 1]) && (i < 2 || !/[\w$]/.test(sql[i - 2]));
      i = skipQuoted(sql, i, "'", escapes);
    } else if (c === '"') {
      i = skipQuoted(sql, i, '"', false);
    } else if (c === '$' && i > 0 && /[\w$]/.test(sql[i - 1])) {
      i++; // `$` inside an identifier such as x$1
    } else if (c === '$' && /\d/.test(next ?? '')) {
      let j = i + 1;
      while (j < n && /\d/.test(sql[j])) j++;
      placeholders.add(Number(sql.slice(i + 1, j)));
      i = j;
    } else if (c === '$') {
      const tag = /^\$([A-Za-z_][\w]*)?\$/.exec(sql.slice(i));
      if (tag) {
        const close = sql.indexOf(tag[0], i + tag[0].length);
        i = close < 0 ? n : close + tag[0].length;
      } else {
        i++;
      }
    } else {
      i++;
    }
    lastCodeEnd = i;
  }
  if (pendingCode) statements++;
  return { placeholders: [...placeholders].sort((a, b) => a - b), statements, body: sql.slice(0, lastCodeEnd) };
}

/** Index just past a quoted run starting at `start`; a doubled quote is an escaped quote. */
function skipQuoted(sql: string, start: number, quote: string, backslashEscapes: boolean): number {
  let i = start + 1;
  while (i < sql.length) {
    const c = sql[i];
    if (backslashEscapes && c === '\\') {
      i += 2;
      continue;
    }
    if (c === quote) {
      if (sql[i + 1] === quote) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i++;
  }
  return sql.length;
}
