import { parseAnalysis } from '../analyses/parseAnalysis';
import { groupOf } from '../schema/litellmTables';
import { LOGICAL_RELATIONS } from '../schema/logicalRelations';
import type { SqlCatalog } from './catalog';
import { sqlIdent } from './identifiers';
import { relationFor, relationsIn, type RelationRef } from './scope';
import { identName, isWord, statementAt, tokenize, type Token } from './tokens';

export type CompletionKind = 'table' | 'view' | 'column' | 'join' | 'keyword' | 'header' | 'param';

/** A completion item in editor-neutral terms: `start`/`end` is the text range the insert text replaces. */
export interface SqlCompletion {
  label: string;
  insertText: string;
  kind: CompletionKind;
  detail: string;
  start: number;
  end: number;
  /** What the editor matches the typed text against (the typed text may start with `"`). */
  filterText: string;
  sortText: string;
}

export interface CompleteOptions {
  /** A saved-analysis file: offers the `-- name:`/`param:`… header keys and its `$n` placeholders. */
  analysisFile?: boolean;
}

const HEADER_KEYS: [string, string][] = [
  ['name', 'Title shown in the Analyses view'],
  ['description', 'Free text; repeatable, lines are joined'],
  ['param', '<name> <date|text|int|number> [default] — the Nth param is $N'],
  ['requires', 'Table, Table.column or Table(col, col) checked before running'],
];

const AFTER_FROM_ITEM = ['WHERE', 'JOIN', 'LEFT JOIN', 'GROUP BY', 'ORDER BY', 'LIMIT'];

/** Completion at `offset` in `text` (any SQL, complete or not). */
export function completeAt(text: string, offset: number, catalog: SqlCatalog, options: CompleteOptions = {}): SqlCompletion[] {
  const tokens = tokenize(text);
  const at = tokens.find((t) => t.start < offset && offset <= t.end);
  if (at?.kind === 'comment') return options.analysisFile ? headerItems(text, at, offset) : [];
  if (at?.kind === 'string' || at?.kind === 'number') return [];
  if (at?.kind === 'param' || (at?.kind === 'op' && at.text === '$' && at.end === offset)) {
    return options.analysisFile ? paramItems(text, at.start, offset) : [];
  }
  const prefix = at && (at.kind === 'word' || at.kind === 'quoted') ? at : undefined;
  const start = prefix?.start ?? offset;
  const end = prefix?.kind === 'quoted' && !prefix.unterminated ? prefix.end : offset;
  const quoted = prefix?.kind === 'quoted';
  const statement = statementAt(tokens, offset);
  const before = statement.filter((t) => t.kind !== 'comment' && t.end <= start);
  const relations = relationsIn(
    statement.filter((t) => t.kind !== 'comment' && t !== prefix),
    catalog,
  );
  const last = before[before.length - 1];
  const range = { start, end, quoted };

  if (last?.text === '.' && (before[before.length - 2]?.kind === 'word' || before[before.length - 2]?.kind === 'quoted')) {
    const qualifier = identName(before[before.length - 2]);
    const rel = relationFor(relations, qualifier);
    if (rel?.table) return columnItems(catalog, [rel], range, false);
    return qualifier === 'public' ? tableItems(catalog, range) : [];
  }
  const clause = clauseOf(before);
  if (isWord(last, 'from', 'join', 'update', 'into') || (last?.text === ',' && clause === 'from')) {
    const items = tableItems(catalog, range);
    return isWord(last, 'join') ? [...joinItems(catalog, relations, range, false), ...items] : items;
  }
  if (clause === 'from' && last && (last.kind === 'word' || last.kind === 'quoted') && !isWord(last, 'on', 'and', 'or', 'as', 'lateral')) {
    return [...joinItems(catalog, relations, range, true), ...keywordItems(AFTER_FROM_ITEM, range)];
  }
  const inScope = relations.filter((r) => r.table);
  return inScope.length > 0 ? columnItems(catalog, inScope, range, inScope.length > 1) : tableItems(catalog, range);
}

/** The clause the cursor is in: the last clause keyword at the cursor's parenthesis depth. */
function clauseOf(before: readonly Token[]): 'from' | 'other' {
  let depth = 0;
  for (let i = before.length - 1; i >= 0; i--) {
    const t = before[i];
    if (t.text === ')') depth++;
    else if (t.text === '(') {
      if (depth === 0) return 'other';
      depth--;
    } else if (depth === 0 && isWord(t, 'from', 'join')) return 'from';
    else if (depth === 0 && isWord(t, 'select', 'where', 'group', 'order', 'having', 'on', 'set', 'returning', 'limit')) return 'other';
  }
  return 'other';
}

interface Range {
  start: number;
  end: number;
  quoted: boolean;
}

function item(label: string, insertText: string, kind: CompletionKind, detail: string, range: Range, sortText: string): SqlCompletion {
  return { label, insertText, kind, detail, start: range.start, end: range.end, filterText: range.quoted ? `"${label}` : label, sortText };
}

function tableItems(catalog: SqlCatalog, range: Range): SqlCompletion[] {
  return [...catalog.tables.values()].map((t) => {
    const rows = t.rowEstimate != null && t.rowEstimate >= 0 ? `, ~${Math.round(t.rowEstimate)} rows` : '';
    return item(
      t.name,
      range.quoted ? `"${t.name.replace(/"/g, '""')}"` : sqlIdent(t.name),
      t.kind === 'view' ? 'view' : 'table',
      `${t.kind} · ${groupOf(t.name)} · ${t.columns.length} columns${rows}`,
      range,
      `2${t.name}`,
    );
  });
}

function columnItems(catalog: SqlCatalog, relations: readonly RelationRef[], range: Range, qualify: boolean): SqlCompletion[] {
  const out: SqlCompletion[] = [];
  for (const rel of relations) {
    const table = rel.table ? catalog.tables.get(rel.table) : undefined;
    if (!table) continue;
    const qualifier = rel.alias ?? rel.name;
    for (const c of table.columns) {
      const ident = range.quoted ? `"${c.name.replace(/"/g, '""')}"` : sqlIdent(c.name);
      out.push(
        item(
          c.name,
          qualify && !range.quoted ? `${sqlIdent(qualifier)}.${ident}` : ident,
          'column',
          `${qualifier === table.name ? '' : `${qualifier} · `}${table.name} · ${c.type}${c.notNull ? ' not null' : ''}`,
          range,
          `1${String(c.position).padStart(3, '0')}`,
        ),
      );
    }
  }
  return out;
}

function keywordItems(words: readonly string[], range: Range): SqlCompletion[] {
  return range.quoted ? [] : words.map((w, i) => item(w, w, 'keyword', 'keyword', range, `3${i}`));
}

/** Initials of the name after `LiteLLM_`: SpendLogs → sl, VerificationToken → vt, DailyUserSpend → dus. */
function aliasFor(table: string, taken: Set<string>): string {
  const base = (table.replace(/^LiteLLM_/, '').match(/[A-Z]/g) ?? [table[0]]).join('').toLowerCase() || 't';
  let alias = base;
  for (let i = 2; taken.has(alias) || !/^[a-z_]/.test(alias); i++) alias = `${base}${i}`;
  return alias;
}

interface JoinEdge {
  from: string;
  fromColumn: string;
  to: string;
  toColumn: string;
  /** Condition template with `a` (from) and `b` (to) aliases, for non-value joins. */
  template?: string;
  note: string;
}

/** LiteLLM's logical relations plus the declared foreign keys of the catalog. */
function joinEdges(catalog: SqlCatalog): JoinEdge[] {
  const edges: JoinEdge[] = LOGICAL_RELATIONS.map((r) => ({
    from: r.fromTable,
    fromColumn: r.fromColumn,
    to: r.toTable,
    toColumn: r.toColumn,
    ...(r.via === 'value' ? {} : { template: r.joinSql }),
    note: r.note ?? r.label,
  }));
  for (const t of catalog.tables.values()) {
    for (const fk of t.foreignKeys) {
      if (fk.columns.length === 1) {
        edges.push({
          from: t.name,
          fromColumn: fk.columns[0],
          to: fk.refTable,
          toColumn: fk.refColumns[0],
          note: `foreign key ${fk.name}`,
        });
      }
    }
  }
  return edges.filter((e) => catalog.tables.has(e.from) && catalog.tables.has(e.to));
}

/** Whole join clauses from each relation in scope to the tables LiteLLM relates it to. */
function joinItems(catalog: SqlCatalog, relations: readonly RelationRef[], range: Range, withKeyword: boolean): SqlCompletion[] {
  if (range.quoted) return [];
  const taken = new Set(relations.map((r) => r.alias ?? r.name));
  const out: SqlCompletion[] = [];
  const seen = new Set<string>();
  const edges = joinEdges(catalog);
  for (const rel of relations) {
    if (!rel.table) continue;
    const mine = rel.alias ?? rel.name;
    for (const e of edges) {
      if (e.from !== rel.table && e.to !== rel.table) continue;
      const outward = e.from === rel.table;
      const other = outward ? e.to : e.from;
      const alias = aliasFor(other, taken);
      const [a, b] = outward ? [mine, alias] : [alias, mine];
      const condition = e.template
        ? e.template.replace(/\ba\./g, `${sqlIdent(a)}.`).replace(/\bb\./g, `${sqlIdent(b)}.`)
        : `${sqlIdent(alias)}.${sqlIdent(outward ? e.toColumn : e.fromColumn)} = ${sqlIdent(mine)}.${sqlIdent(outward ? e.fromColumn : e.toColumn)}`;
      const clause = `${sqlIdent(other)} ${alias} ON ${condition}`;
      if (seen.has(clause)) continue;
      seen.add(clause);
      const label = `JOIN ${clause}`;
      // Right after JOIN the user types the table's name, so that is what the item is matched against.
      out.push({
        ...item(label, withKeyword ? label : clause, 'join', `LiteLLM join: ${e.note}`, range, `0${other}`),
        ...(withKeyword ? {} : { filterText: `${other} ${clause}` }),
      });
    }
  }
  return out;
}

function headerItems(text: string, comment: Token, offset: number): SqlCompletion[] {
  const m = /^--\s*(\w*)$/.exec(text.slice(comment.start, offset));
  if (!m) return [];
  const range = { start: offset - m[1].length, end: offset, quoted: false };
  return HEADER_KEYS.map(([key, detail], i) => item(`${key}:`, `${key}: `, 'header', detail, range, `0${i}`));
}

function paramItems(text: string, start: number, offset: number): SqlCompletion[] {
  const params = parseAnalysis(text, { id: 'editing', origin: 'workspace' }).params;
  const range = { start, end: offset, quoted: false };
  return params.map((p) =>
    item(`$${p.index}`, `$${p.index}`, 'param', `${p.name} (${p.type}${p.default ? `, default ${p.default}` : ''})`, range, `0${p.index}`),
  );
}
