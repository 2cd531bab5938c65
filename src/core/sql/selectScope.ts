import type { SqlCatalog } from './catalog';
import { asNode, list, names, walk, type PgNode, type PgValue } from './pgParser';

/** A FROM item of one SELECT as the parser sees it. */
export interface FromRelation {
  /** relname after folding/quoting (what PostgreSQL looks up). */
  relname: string;
  schemaname?: string;
  alias?: string;
  /** The catalog table it names exactly, or case-insensitively (then `folded` is true). */
  table?: string;
  folded: boolean;
  cte: boolean;
  /** Byte location of the name in the statement. */
  location: number;
}

/** The relations one SELECT level can see: its own FROM items, then the enclosing levels'. */
export interface SelectScope {
  relations: FromRelation[];
  /** FROM-clause function calls and their arguments (jsonb_array_elements(members_with_roles) …). */
  fromFunctions: PgValue[];
  outer?: SelectScope;
  ctes: ReadonlySet<string>;
}

export function resolveName(catalog: SqlCatalog, relname: string): { table?: string; folded: boolean } {
  if (catalog.tables.has(relname)) return { table: relname, folded: false };
  const candidates = catalog.tablesByLower.get(relname.toLowerCase()) ?? [];
  return candidates.length === 1 && relname === relname.toLowerCase() ? { table: candidates[0], folded: true } : { folded: false };
}

/** Collects the RangeVars of a FROM clause through joins (sub-selects are scopes of their own). */
export function fromRelations(
  fromClause: PgValue | undefined,
  catalog: SqlCatalog,
  ctes: ReadonlySet<string>,
): { relations: FromRelation[]; functions: PgValue[]; subselects: PgNode[]; quals: PgValue[] } {
  const relations: FromRelation[] = [];
  const functions: PgValue[] = [];
  const subselects: PgNode[] = [];
  const quals: PgValue[] = [];
  const visit = (item: PgValue): void => {
    const rv = asNode(item, 'RangeVar');
    if (rv) {
      const relname = String(rv.relname);
      const schemaname = typeof rv.schemaname === 'string' ? rv.schemaname : undefined;
      const cte = !schemaname && ctes.has(relname);
      const { table, folded } = cte ? { table: undefined, folded: false } : resolveName(catalog, relname);
      const aliasname = asNode(rv.alias ?? null, 'Alias') ?? (rv.alias as PgNode | undefined);
      const alias = aliasname && typeof aliasname.aliasname === 'string' ? aliasname.aliasname : undefined;
      relations.push({
        relname,
        ...(schemaname ? { schemaname } : {}),
        ...(alias ? { alias } : {}),
        ...(table ? { table } : {}),
        folded,
        cte,
        location: Number(rv.location ?? 0),
      });
      return;
    }
    const join = asNode(item, 'JoinExpr');
    if (join) {
      visit(join.larg);
      visit(join.rarg);
      if (join.quals) quals.push(join.quals);
      return;
    }
    const sub = asNode(item, 'RangeSubselect');
    if (sub) {
      subselects.push(sub);
      return;
    }
    const fn = asNode(item, 'RangeFunction');
    if (fn) functions.push(fn.functions ?? null);
  };
  for (const item of list(fromClause)) visit(item);
  return { relations, functions, subselects, quals };
}

/** The relation a qualifier (alias or table name) refers to, searching outward. */
export function lookupQualifier(scope: SelectScope | undefined, qualifier: string): FromRelation | undefined {
  for (let s = scope; s; s = s.outer) {
    const hit = s.relations.find((r) => r.alias === qualifier) ?? s.relations.find((r) => !r.alias && r.relname === qualifier);
    if (hit) return hit;
  }
  return undefined;
}

/** Whether a FROM-clause function reads `members_with_roles` (the JSON list of a team's members). */
export function readsMembers(value: PgValue): boolean {
  let found = false;
  walk(value, (type, fields) => {
    if (type === 'ColumnRef' && names(fields.fields).at(-1) === 'members_with_roles') found = true;
  });
  return found;
}
