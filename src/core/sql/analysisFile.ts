import type { SqlCatalog } from './catalog';
import { relationFor, relationsIn } from './scope';
import { codeTokens, identName } from './tokens';

/** A file name for a saved analysis: lower-case words joined by `-`. */
export function analysisSlug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'analysis'
  );
}

/**
 * The text of a saved-analysis file for one statement (header syntax: src/core/analyses/parseAnalysis.ts):
 * `-- name:`, one `-- param: pN text` per `$N` used (edit the types), and `-- requires:` listing the catalog
 * tables the statement reads with the columns it names through their aliases.
 */
export function buildAnalysisFile(name: string, sql: string, catalog: SqlCatalog): string {
  const tokens = codeTokens(sql);
  const placeholders = [...new Set(tokens.filter((t) => t.kind === 'param').map((t) => Number(t.text.slice(1))))];
  const count = placeholders.length > 0 ? Math.max(...placeholders) : 0;
  const relations = relationsIn(tokens, catalog);
  const requires = new Map<string, Set<string>>();
  for (const r of relations) if (r.table) requires.set(r.table, requires.get(r.table) ?? new Set());
  for (let i = 2; i < tokens.length; i++) {
    if (tokens[i - 1].text !== '.' || (tokens[i].kind !== 'word' && tokens[i].kind !== 'quoted')) continue;
    const table = relationFor(relations, identName(tokens[i - 2]))?.table;
    const column = identName(tokens[i]);
    if (table && catalog.tables.get(table)?.columns.some((c) => c.name === column)) requires.get(table)?.add(column);
  }
  const header = [`-- name: ${name.replace(/\s+/g, ' ').trim()}`, '-- description: '];
  for (let n = 1; n <= count; n++) header.push(`-- param: p${n} text`);
  for (const [table, cols] of requires) header.push(`-- requires: ${table}${cols.size > 0 ? `(${[...cols].join(', ')})` : ''}`);
  return `${header.join('\n')}\n${sql.trim().replace(/;\s*$/, '')}\n`;
}
