import { groupOf } from '../schema/litellmTables';
import type { TableInfo } from '../schema/model';
import { addedIn, type SqlCatalog } from './catalog';
import { columnDoc, tableDoc } from './docs';
import { relationFor, relationsIn } from './scope';
import { identName, statementAt, tokenize } from './tokens';

/** What a hover shows: the hovered name's range, the table (and column) it resolves to, and markdown lines. */
export interface SqlHover {
  start: number;
  end: number;
  table: string;
  column?: string;
  markdown: string;
}

/** Resolves a name the way the editor shows it: exact first, then (for hovering on unquoted text) case-insensitively. */
function findTable(catalog: SqlCatalog, name: string): TableInfo | undefined {
  const lower = catalog.tablesByLower.get(name.toLowerCase()) ?? [];
  return catalog.tables.get(name) ?? (lower.length === 1 ? catalog.tables.get(lower[0]) : undefined);
}

function rows(t: TableInfo): string {
  if (t.kind === 'view') return 'view';
  return t.rowEstimate != null && t.rowEstimate >= 0
    ? `~${Math.round(t.rowEstimate).toLocaleString('en-US')} rows (estimate)`
    : 'row estimate unknown (not analysed / no connection)';
}

function tableMarkdown(t: TableInfo, catalog: SqlCatalog): string {
  const since = addedIn(t.name);
  const pk = t.primaryKey.length > 0 ? `primary key (${t.primaryKey.join(', ')})` : 'no primary key';
  return [
    `**${t.name}** — ${t.kind}, ${groupOf(t.name)}`,
    tableDoc(t.name) ?? '',
    `${t.columns.length} columns · ${pk} · ${rows(t)}${since ? ` · since LiteLLM ${since}` : ''}`,
    `_${catalog.versionLabel}_`,
  ]
    .filter(Boolean)
    .join('\n\n');
}

function columnMarkdown(t: TableInfo, column: string, catalog: SqlCatalog): string | undefined {
  const c = t.columns.find((x) => x.name === column);
  if (!c) return undefined;
  const keys: string[] = [];
  if (t.primaryKey.includes(c.name)) keys.push('primary key');
  for (const fk of t.foreignKeys) {
    if (fk.columns.includes(c.name)) keys.push(`FK → ${fk.refTable}.${fk.refColumns[fk.columns.indexOf(c.name)]}`);
  }
  if (t.indexes.some((ix) => ix.columns[0] === c.name)) keys.push('indexed');
  const since = addedIn(t.name, c.name);
  return [
    `**${t.name}.${c.name}** — \`${c.type}\` ${c.notNull ? 'NOT NULL' : 'nullable'}${c.default ? ` default \`${c.default}\`` : ''}`,
    columnDoc(t.name, c.name) ?? '',
    [keys.join(', '), rows(t), since ? `since LiteLLM ${since}` : ''].filter(Boolean).join(' · '),
    `_${catalog.versionLabel}_`,
  ]
    .filter(Boolean)
    .join('\n\n');
}

/** The hover for the table or column name at `offset`, if it names one of the catalog. */
export function hoverAt(text: string, offset: number, catalog: SqlCatalog): SqlHover | undefined {
  const tokens = tokenize(text);
  const statement = statementAt(tokens, offset).filter((t) => t.kind !== 'comment');
  const i = statement.findIndex((t) => t.start <= offset && offset <= t.end && (t.kind === 'word' || t.kind === 'quoted'));
  if (i < 0) return undefined;
  const tok = statement[i];
  const name = tok.kind === 'quoted' ? tok.value : tok.text;
  const relations = relationsIn(statement, catalog);
  const at = { start: tok.start, end: tok.end };
  if (statement[i - 1]?.text === '.' && statement[i - 2]) {
    const rel = relationFor(relations, identName(statement[i - 2]));
    const t = rel?.table ? catalog.tables.get(rel.table) : findTable(catalog, rel?.name ?? identName(statement[i - 2]));
    const col = t?.columns.find((c) => c.name === name) ?? t?.columns.find((c) => c.name.toLowerCase() === name.toLowerCase());
    const md = t && col ? columnMarkdown(t, col.name, catalog) : undefined;
    return t && col && md ? { ...at, table: t.name, column: col.name, markdown: md } : undefined;
  }
  const table = statement[i + 1]?.text === '.' && !relations.some((r) => r.alias === identName(tok)) ? findTable(catalog, name) : undefined;
  const asTable = table ?? (relations.some((r) => r.start === tok.start) ? findTable(catalog, name) : undefined);
  if (asTable) return { ...at, table: asTable.name, markdown: tableMarkdown(asTable, catalog) };
  if (statement[i + 1]?.text === '.') return undefined;
  for (const rel of relations) {
    const t = rel.table ? catalog.tables.get(rel.table) : undefined;
    const col = t?.columns.find((c) => c.name === (tok.kind === 'quoted' ? name : name.toLowerCase()));
    if (t && col) return { ...at, table: t.name, column: col.name, markdown: columnMarkdown(t, col.name, catalog)! };
  }
  return undefined;
}
