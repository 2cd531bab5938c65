/**
 * Escaping for mermaid text built from database strings (table, column, type, alias names).
 *
 * Mermaid replaces `#name;` / `#123;` with HTML entities before lexing and decodes them in the rendered SVG,
 * so every character that means something to a mermaid lexer, to its markdown/KaTeX/icon label processing or to
 * HTML is written as such a code. Identifiers are never escaped: they are replaced by safe ids.
 */

/** Characters written as entity codes inside labels, and why. */
const LABEL_CODES: Record<string, string> = {
  '"': '#quot;', // ends a quoted label
  '#': '#35;', // would start a user-written entity code
  '%': '#37;', // `%%` comments and `%%{init}%%` directives; forbidden in erDiagram entity aliases
  '&': '#amp;', // keep user text from forming HTML entities
  '<': '#lt;', // HTML in labels (`<img onerror>`, `<br>`)
  '>': '#gt;',
  '\\': '#92;', // forbidden in erDiagram entity aliases; markdown escapes
  '`': '#96;', // markdown strings in flowchart labels, backtick names in erDiagram attributes
  '|': '#124;', // edge-label delimiter in flowcharts
  '{': '#123;', // block and shape delimiters
  '}': '#125;',
  ';': '#59;', // statement separator
  ':': '#58;', // `fa:fa-icon` substitution; the `style…:…#…;` rewrite mermaid applies before parsing
  '*': '#42;', // markdown emphasis (erDiagram labels are markdown)
  '\uFB02': '#64258;', // U+FB02 and U+00B6 are the markers mermaid uses for its own entity placeholders
  '\u00B6': '#182;',
};

const LABEL_SPECIALS = new RegExp(
  `[${Object.keys(LABEL_CODES)
    .map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .join('')}]`,
  'g',
);
/** Line breaks, other C0/C1 controls and line/paragraph separators: they end statements or labels. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/g;
/** Bidirectional overrides and isolates could make a label read differently from what it is. */
const BIDI = /[\u202A-\u202E\u2066-\u2069]/g;
/** Both lexers match `.*direction\s+LR` anywhere on a line, even inside a quoted label. */
const DIRECTION = /(direction)\s+(?=TB|BT|RL|LR|TD)/gi;
/** `$$…$$` switches a label to KaTeX; a single `$` (money) is left readable. */
const DOUBLE_DOLLAR = /\$(?=\$)|(?<=\$)\$/g;
/** `_` emphasises unless it sits inside a word (`LiteLLM_UserTable` stays as it is). */
const EMPHASIS_UNDERSCORE = /(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu;

/**
 * Text that is safe between the double quotes of any mermaid label, alias, comment or edge text:
 * single line, no quote, no lexer or markup meaning. Display is unchanged apart from control characters
 * (shown as spaces) and bidi controls (dropped).
 */
export function escapeLabel(text: string): string {
  return text
    .replace(CONTROL, ' ')
    .replace(BIDI, '')
    .replace(LABEL_SPECIALS, (c) => LABEL_CODES[c])
    .replace(DOUBLE_DOLLAR, '#36;')
    .replace(EMPHASIS_UNDERSCORE, '#95;')
    .replace(DIRECTION, '$1#32;');
}

/** `escapeLabel` wrapped in double quotes. */
export function quoted(text: string): string {
  return `"${escapeLabel(text)}"`;
}

const SAFE_ID = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Words the erDiagram and flowchart lexers take as keywords (their rules are case-insensitive), so an entity
 * with that exact name would not parse as an identifier.
 */
const RESERVED = new Set([
  'erdiagram',
  'flowchart',
  'graph',
  'subgraph',
  'end',
  'style',
  'classdef',
  'class',
  'linkstyle',
  'click',
  'call',
  'href',
  'direction',
  'acctitle',
  'accdescr',
  'title',
  'default',
  'interpolate',
  'one',
  'only',
  'many',
  'zero',
  'to',
  'optionally',
  'u',
  'o',
  'x',
  'v',
  'pk',
  'fk',
  'uk',
  'lr',
  'rl',
  'tb',
  'bt',
  'td',
  'br',
]);

/** True when `name` can stand as a mermaid entity/node id as it is. */
export function isSafeId(name: string): boolean {
  return SAFE_ID.test(name) && !RESERVED.has(name.toLowerCase());
}

/**
 * Maps every name to a unique mermaid id. Names that are safe keep themselves (so the source stays readable
 * and diffable); others get an ASCII rendering of the name, suffixed until unique. Deterministic for a given
 * list of names.
 */
export function assignIds(names: readonly string[]): Map<string, string> {
  const ids = new Map<string, string>();
  const used = new Set<string>();
  for (const name of names) {
    if (!ids.has(name) && isSafeId(name)) {
      ids.set(name, name);
      used.add(name);
    }
  }
  for (const name of names) {
    if (ids.has(name)) continue;
    let base = name.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '') || 'entity';
    if (!/^[A-Za-z_]/.test(base)) base = `t_${base}`;
    if (!isSafeId(base)) base = `${base}_`;
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}_${n}`;
    ids.set(name, id);
    used.add(id);
  }
  return ids;
}

/**
 * An erDiagram attribute type: the lexer accepts only a word, so `timestamp(3) without time zone` becomes
 * `timestamp3`, `text[]` becomes `text_array`, `"JobStatus"` becomes `JobStatus`. The real type goes in the
 * attribute comment when this differs from it.
 */
export function attributeType(type: string): string {
  let t = type.trim();
  let arraySuffix = '';
  while (t.endsWith('[]')) {
    t = t.slice(0, -2).trimEnd();
    arraySuffix += '_array';
  }
  t = t
    .replace(/\s+without time zone$/i, '')
    .replace(/^(timestamp|time)(\(\d+\))?\s+with time zone$/i, '$1tz$2')
    .replace(/^character varying/i, 'varchar')
    .replace(/[()"]/g, '')
    .replace(/[^A-Za-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return attributeWord((t || 'unknown') + arraySuffix);
}

/** An erDiagram attribute name: a plain word that is not one of the key markers PK/FK/UK. */
export function attributeName(name: string): string {
  return attributeWord(name.replace(/[^A-Za-z0-9_]+/g, '_') || 'column');
}

function attributeWord(word: string): string {
  const w = /^[A-Za-z_]/.test(word) ? word : `_${word}`;
  return /^(pk|fk|uk)$/i.test(w) ? `${w}_` : w;
}
