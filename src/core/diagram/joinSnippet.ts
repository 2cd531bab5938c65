import type { LogicalRelation } from '../schema/model';
import { quoteIdent } from '../sql/identifiers';
import { edgeColumns, type SchemaEdge } from './edges';

export interface JoinSnippetOptions {
  /** Schema to qualify table names with; `public` (the default search path) is left out. */
  schema?: string;
  /** Row limit of the snippet (default 100). */
  limit?: number;
}

/**
 * SQL that joins `fromTable` to the other end of a declared FK or logical relation, for "click a table → join
 * snippet". Alias `a` is always the referencing side and `b` the referenced side, as in `LogicalRelation.joinSql`;
 * the clicked table comes first and the other is LEFT JOINed, since logical values may match nothing
 * (`''`, deleted keys).
 */
export function joinSnippet(fromTable: string, edge: SchemaEdge | LogicalRelation, opts: JoinSnippetOptions = {}): string {
  const e: SchemaEdge = 'kind' in edge ? edge : { kind: 'logical', fromTable: edge.fromTable, toTable: edge.toTable, relation: edge };
  if (fromTable !== e.fromTable && fromTable !== e.toTable) {
    throw new Error(`Table ${JSON.stringify(fromTable)} is not an end of this relation.`);
  }
  const table = (name: string) =>
    opts.schema && opts.schema !== 'public' ? `${quoteIdent(opts.schema)}.${quoteIdent(name)}` : quoteIdent(name);
  const on =
    e.kind === 'logical'
      ? e.relation.joinSql
      : edgeColumns(e)
          .map(([from, to]) => `a.${quoteIdent(from)} = b.${quoteIdent(to)}`)
          .join(' AND ');
  const [first, firstAlias, second, secondAlias] =
    fromTable === e.fromTable ? [e.fromTable, 'a', e.toTable, 'b'] : [e.toTable, 'b', e.fromTable, 'a'];
  const pairs = edgeColumns(e)
    .map(([from, to]) => `${e.fromTable}.${from} → ${e.toTable}.${to}`)
    .join(', ');
  const what = e.kind === 'fk' ? `foreign key ${e.fk.name}` : `logical relation, no FK${e.relation.note ? `: ${e.relation.note}` : ''}`;
  return [
    `-- ${comment(`${pairs} (${what})`)}`,
    `SELECT ${firstAlias}.*, ${secondAlias}.*`,
    `FROM ${table(first)} AS ${firstAlias}`,
    `LEFT JOIN ${table(second)} AS ${secondAlias} ON ${on}`,
    `LIMIT ${Math.max(1, Math.floor(opts.limit ?? 100))};`,
    '',
  ].join('\n');
}

/**
 * A `--` comment ends at CR or LF (and editors also break lines at NEL, LS, PS); names and notes from the
 * database must not end it early.
 */
function comment(text: string): string {
  return text.replace(/[\r\n\u0085\u2028\u2029]+/g, ' ');
}
