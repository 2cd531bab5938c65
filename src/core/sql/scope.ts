import type { SqlCatalog } from './catalog';
import { identName, isWord, type Token } from './tokens';

/** A relation named in a FROM/JOIN clause, found lexically so it works on half-typed SQL. */
export interface RelationRef {
  /** The catalog table it resolves to (exact name), when it does. */
  table?: string;
  /** The name as PostgreSQL resolves it (unquoted folded). */
  name: string;
  alias?: string;
  /** Name token offsets. */
  start: number;
  end: number;
}

/** Words that end a FROM item, so they are never taken for an alias. */
const CLAUSE_WORDS = new Set([
  'where',
  'group',
  'order',
  'having',
  'limit',
  'offset',
  'join',
  'inner',
  'left',
  'right',
  'full',
  'cross',
  'natural',
  'on',
  'using',
  'union',
  'intersect',
  'except',
  'window',
  'fetch',
  'for',
  'lateral',
  'returning',
  'set',
  'values',
  'select',
  'from',
  'as',
  'and',
  'or',
  'tablesample',
  'with',
]);

const FROM_STARTERS = ['from', 'join', 'update', 'into'];

/**
 * The catalog table a relation name means: the exact (folded or quoted) name, else the one mixed-case table it
 * was meant to be (`FROM LiteLLM_SpendLogs sl` still completes `sl.`; the diagnostics flag the missing quotes).
 */
export function resolveTable(catalog: SqlCatalog, name: string): string | undefined {
  if (catalog.tables.has(name)) return name;
  const meant = catalog.tablesByLower.get(name.toLowerCase()) ?? [];
  return meant.length === 1 ? meant[0] : undefined;
}

/** CTE names (`WITH x AS (`, `, y AS (`) of a statement's tokens. */
export function cteNames(tokens: readonly Token[]): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + 2 < tokens.length; i++) {
    const t = tokens[i];
    if (
      (t.kind === 'word' || t.kind === 'quoted') &&
      isWord(tokens[i + 1], 'as') &&
      tokens[i + 2].text === '(' &&
      (isWord(tokens[i - 1], 'with', 'recursive') || tokens[i - 1]?.text === ',')
    ) {
      out.add(identName(t));
    }
  }
  return out;
}

/** Every relation a statement's FROM/JOIN clauses (at any depth) name, with its alias. */
export function relationsIn(tokens: readonly Token[], catalog: SqlCatalog): RelationRef[] {
  const out: RelationRef[] = [];
  let inFrom = false;
  let depth = 0;
  let fromDepth = -1;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.text === '(') depth++;
    if (t.text === ')') {
      depth--;
      if (depth < fromDepth) inFrom = false;
    }
    if (isWord(t, ...FROM_STARTERS)) {
      inFrom = true;
      fromDepth = depth;
    } else if (
      inFrom &&
      depth === fromDepth &&
      t.kind === 'word' &&
      CLAUSE_WORDS.has(t.text.toLowerCase()) &&
      !isWord(t, 'join', 'as', 'lateral')
    ) {
      if (!isWord(t, 'inner', 'left', 'right', 'full', 'cross', 'natural', 'on', 'using', 'and', 'or')) inFrom = false;
    }
    const prev = tokens[i - 1];
    const startsItem = isWord(prev, ...FROM_STARTERS) || (inFrom && depth === fromDepth && prev?.text === ',');
    if (!startsItem || (t.kind !== 'word' && t.kind !== 'quoted') || (t.kind === 'word' && CLAUSE_WORDS.has(t.text.toLowerCase()))) {
      continue;
    }
    let nameTok = t;
    let j = i + 1;
    if (tokens[j]?.text === '.' && (tokens[j + 1]?.kind === 'word' || tokens[j + 1]?.kind === 'quoted')) {
      nameTok = tokens[j + 1];
      j += 2;
    }
    if (isWord(tokens[j], 'as')) j++;
    const a = tokens[j];
    const alias = a && (a.kind === 'quoted' || (a.kind === 'word' && !CLAUSE_WORDS.has(a.text.toLowerCase()))) ? identName(a) : undefined;
    const name = identName(nameTok);
    const table = resolveTable(catalog, name);
    out.push({ name, start: nameTok.start, end: nameTok.end, ...(table ? { table } : {}), ...(alias ? { alias } : {}) });
  }
  return out;
}

/** The relation an alias or table name refers to in this statement. */
export function relationFor(relations: readonly RelationRef[], qualifier: string): RelationRef | undefined {
  return (
    relations.find((r) => r.alias === qualifier) ??
    relations.find((r) => !r.alias && r.name === qualifier) ??
    relations.find((r) => r.name === qualifier)
  );
}
