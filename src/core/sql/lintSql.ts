import { selectVariant } from '../analyses/optionalParts';
import { parseAnalysis } from '../analyses/parseAnalysis';
import { addedIn, bundledCatalog, type SqlCatalog } from './catalog';
import { isDailySpendTable, isSpendTable, MEMBERSHIP_TABLES } from './docs';
import { finding, type SqlFinding } from './findings';
import { isMixedCase } from './identifiers';
import { asNode, list, names, nodeType, parseStatements, walk, type ParsedStatement, type PgNode, type PgValue } from './pgParser';
import { fromRelations, lookupQualifier, readsMembers, type FromRelation, type SelectScope } from './selectScope';
import { tokenize, type Token } from './tokens';

export interface LintOptions {
  /** A saved-analysis file: its header defects (`$n` without a param, bad `-- param:` …) are reported too. */
  analysisFile?: boolean;
}

/** Statement types a read-only session runs (COPY only in its `TO` direction). */
const READ_ONLY_STATEMENTS = new Set(['SelectStmt', 'ExplainStmt', 'VariableShowStmt', 'VariableSetStmt', 'TransactionStmt']);
const COMPARISONS = new Set(['=', '<>', '!=', '<', '<=', '>', '>=']);
const AGGREGATES = new Set(['sum', 'avg', 'count']);
const TEMPORAL_TYPES = new Set(['date', 'timestamp', 'timestamptz']);
const TEMPORAL_FUNCTIONS = new Set([
  'now',
  'date_trunc',
  'to_timestamp',
  'to_date',
  'make_date',
  'make_timestamp',
  'statement_timestamp',
  'clock_timestamp',
  'transaction_timestamp',
]);

/** Every finding of a SQL text against a catalog (the connected database's, or the bundled newest). */
export function lintSql(source: string, catalog: SqlCatalog, options: LintOptions = {}): SqlFinding[] {
  const analysis = options.analysisFile ? parseAnalysis(source, { id: 'file', origin: 'workspace' }) : undefined;
  // An analysis file is linted as it runs with all its `-- optional:` parts (same offsets, other variant blanked).
  const text = analysis ? selectVariant(analysis, new Set()).sql : source;
  const tokens = tokenize(text);
  const out: SqlFinding[] = [];
  for (const st of parseStatements(text)) {
    if (st.error) {
      const tok = tokens.find((t) => t.start <= st.error!.offset && st.error!.offset < t.end);
      out.push(
        finding('syntax-error', st.error.message, tok?.start ?? st.error.offset, tok?.end ?? Math.min(text.length, st.error.offset + 1)),
      );
      continue;
    }
    if (st.stmt) new StatementLinter(text, tokens, catalog, st, out).run(st.stmt);
  }
  if (analysis) {
    for (const problem of analysis.problems) {
      if (!/statement/.test(problem)) out.push(finding('syntax-error', `Analysis header: ${problem}`, 0, Math.max(0, text.indexOf('\n'))));
    }
  }
  return out.sort((a, b) => a.start - b.start || a.code.localeCompare(b.code));
}

class StatementLinter {
  constructor(
    private readonly text: string,
    private readonly tokens: readonly Token[],
    private readonly catalog: SqlCatalog,
    private readonly st: ParsedStatement,
    private readonly out: SqlFinding[],
  ) {}

  run(stmt: PgNode): void {
    this.checkStatement(stmt, undefined);
  }

  private checkStatement(stmt: PgValue, outer: SelectScope | undefined): void {
    const type = nodeType(stmt);
    if (!type) return;
    const fields = asNode(stmt, type)!;
    if (type === 'SelectStmt') return this.checkSelect(fields, outer, new Set());
    if (type === 'ExplainStmt') {
      // Plain EXPLAIN only plans; EXPLAIN ANALYZE executes, so it writes what its statement writes.
      const analyze = list(fields.options).some((o) => asNode(o, 'DefElem')?.defname === 'analyze');
      if (analyze || nodeType(fields.query) === 'SelectStmt') this.checkStatement(fields.query, outer);
      return;
    }
    if (type === 'CopyStmt' && fields.is_from !== true) return fields.query ? this.checkStatement(fields.query, outer) : undefined;
    if (!READ_ONLY_STATEMENTS.has(type)) this.writeFinding(type, this.st.start);
  }

  private writeFinding(type: string, at: number): void {
    const verb = type
      .replace(/Stmt$/, '')
      .replace(/([a-z])([A-Z])/g, '$1 $2')
      .toUpperCase();
    const tok = this.tokenAt(at);
    this.out.push(
      finding(
        'write-statement',
        `${verb} writes to the database, but the session is read-only: PostgreSQL will refuse it (cannot execute ${verb} in a read-only transaction).`,
        tok?.start ?? at,
        tok?.end ?? at + 1,
      ),
    );
  }

  /** Index of the first token that ends after `offset` (binary search: tokens are in text order). */
  private indexAt(offset: number): number {
    let lo = 0;
    let hi = this.tokens.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.tokens[mid].end <= offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private tokenAt(offset: number): Token | undefined {
    const t = this.tokens[this.indexAt(offset)];
    return t && t.start <= offset ? t : undefined;
  }

  private checkSelect(sel: PgNode, outer: SelectScope | undefined, inherited: ReadonlySet<string>): void {
    const ctes = new Set(inherited);
    const withClause = sel.withClause as PgNode | undefined;
    for (const c of list(withClause?.ctes)) {
      const cte = asNode(c, 'CommonTableExpr');
      if (cte && typeof cte.ctename === 'string') ctes.add(cte.ctename);
    }
    for (const c of list(withClause?.ctes)) {
      const cte = asNode(c, 'CommonTableExpr');
      const query = cte?.ctequery;
      const qtype = nodeType(query);
      if (qtype === 'SelectStmt') this.checkSelect(asNode(query, 'SelectStmt')!, outer, ctes);
      else if (qtype) this.writeFinding(qtype, this.st.toOffset(Number(cte?.location ?? 0)));
    }
    if (sel.op && sel.op !== 'SETOP_NONE') {
      for (const side of [sel.larg, sel.rarg]) if (side) this.checkSelect(side as PgNode, outer, ctes);
      return;
    }
    if (sel.intoClause) this.writeFinding('SelectIntoStmt', this.st.start);
    if (list(sel.lockingClause).length > 0) {
      this.out.push(
        finding(
          'write-statement',
          'SELECT … FOR UPDATE/SHARE locks rows, which a read-only session cannot do.',
          this.st.start,
          this.st.start + 6,
        ),
      );
    }

    const from = fromRelations(sel.fromClause, this.catalog, ctes);
    const scope: SelectScope = { relations: from.relations, fromFunctions: from.functions, ctes, ...(outer ? { outer } : {}) };
    for (const sub of from.subselects) this.checkStatement(sub.subquery, outer);
    for (const rel of from.relations) this.checkRelation(rel);

    const own: PgValue[] = [
      sel.targetList ?? null,
      sel.whereClause ?? null,
      sel.groupClause ?? null,
      sel.havingClause ?? null,
      sel.sortClause ?? null,
      ...from.quals,
      ...from.functions,
    ];
    let aggregates = list(sel.groupClause).length > 0;
    for (const expr of own) {
      walk(expr, (type, fields) => {
        if (type === 'SubLink') {
          this.checkStatement(fields.subselect, scope);
          return false;
        }
        if (type === 'SelectStmt') {
          this.checkSelect(fields, scope, ctes);
          return false;
        }
        if (type === 'ColumnRef') this.checkColumn(fields, scope);
        if (type === 'FuncCall') aggregates = this.checkCall(fields) || aggregates;
        if (type === 'A_Expr') this.checkExpr(fields, scope);
        return true;
      });
    }
    if (aggregates) this.checkAggregation(scope);
  }

  /** Offsets of the name tokens of a qualified reference starting at `offset` (`a`, `.`, `"b"` …). */
  private refTokens(offset: number): Token[] {
    const first = this.indexAt(offset);
    if (this.tokens[first]?.start !== offset) return [];
    const out = [this.tokens[first]];
    for (
      let i = first + 1;
      this.tokens[i]?.text === '.' && (this.tokens[i + 1]?.kind === 'word' || this.tokens[i + 1]?.kind === 'quoted');
      i += 2
    ) {
      out.push(this.tokens[i + 1]);
    }
    return out;
  }

  private versionNote(table: string, column?: string): string {
    const since = addedIn(table, column);
    const newest = column
      ? bundledCatalog()
          .tables.get(table)
          ?.columns.some((c) => c.name === column)
      : bundledCatalog().tables.has(table);
    return newest && since ? ` It was added in LiteLLM ${since}.` : '';
  }

  private checkRelation(rel: FromRelation): void {
    const tok = this.refTokens(this.st.toOffset(rel.location)).at(-1);
    if (!tok) return;
    if (rel.folded && rel.table && tok.kind === 'word') {
      this.out.push(
        finding(
          'unquoted-identifier',
          `${tok.text} is not quoted, so PostgreSQL folds it to ${rel.relname} (relation "${rel.relname}" does not exist). Write "${rel.table}".`,
          tok.start,
          tok.end,
          [{ title: `Quote identifier: "${rel.table}"`, edits: [{ start: tok.start, end: tok.end, newText: `"${rel.table}"` }] }],
        ),
      );
      return;
    }
    if (rel.table || rel.cte || (rel.schemaname && rel.schemaname !== 'public')) return;
    const newest =
      bundledCatalog().tables.has(rel.relname) || (bundledCatalog().tablesByLower.get(rel.relname.toLowerCase()) ?? []).length > 0;
    if (!newest && !/^litellm_/i.test(rel.relname)) return;
    this.out.push(
      finding(
        'unknown-table',
        `Table ${rel.relname} does not exist in ${this.catalog.versionLabel}.${this.versionNote(rel.relname)}`,
        tok.start,
        tok.end,
      ),
    );
  }

  /** The table and column a ColumnRef names, when it resolves to a catalog table. */
  private resolveColumn(fields: PgNode, scope: SelectScope): { rel: FromRelation; column: string; exists: boolean } | undefined {
    const parts = names(fields.fields);
    if (parts.length === 0 || list(fields.fields).some((f) => nodeType(f) === 'A_Star')) return undefined;
    const column = parts[parts.length - 1];
    if (parts.length >= 2) {
      const rel = lookupQualifier(scope, parts[parts.length - 2]);
      if (!rel?.table) return undefined;
      return { rel, column, exists: this.hasColumn(rel.table, column) };
    }
    for (let s: SelectScope | undefined = scope; s; s = s.outer) {
      const tables = s.relations.filter((r) => r.table);
      const exact = tables.find((r) => this.hasColumn(r.table!, column));
      if (exact) return { rel: exact, column, exists: true };
      if (tables.length !== s.relations.length) return undefined; // a CTE or sub-select may provide it
      const folded = tables.find((r) => this.foldedColumn(r.table!, column));
      if (folded) return { rel: folded, column, exists: false };
    }
    return undefined;
  }

  private hasColumn(table: string, column: string): boolean {
    return this.catalog.tables.get(table)?.columns.some((c) => c.name === column) ?? false;
  }

  /** The mixed-case column an unquoted (folded) name was meant to be. */
  private foldedColumn(table: string, column: string): string | undefined {
    if (column !== column.toLowerCase()) return undefined;
    return this.catalog.tables.get(table)?.columns.find((c) => isMixedCase(c.name) && c.name.toLowerCase() === column)?.name;
  }

  private checkColumn(fields: PgNode, scope: SelectScope): void {
    const hit = this.resolveColumn(fields, scope);
    if (!hit || hit.exists) return;
    const tok = this.refTokens(this.st.toOffset(Number(fields.location ?? 0))).at(-1);
    if (!tok) return;
    const table = hit.rel.table!;
    const meant = this.foldedColumn(table, hit.column);
    if (meant && tok.kind === 'word') {
      this.out.push(
        finding(
          'unquoted-identifier',
          `${tok.text} is not quoted, so PostgreSQL folds it to ${hit.column} (column ${hit.column} does not exist). Write "${meant}".`,
          tok.start,
          tok.end,
          [{ title: `Quote identifier: "${meant}"`, edits: [{ start: tok.start, end: tok.end, newText: `"${meant}"` }] }],
        ),
      );
      return;
    }
    if (names(fields.fields).length < 2) return;
    this.out.push(
      finding(
        'unknown-column',
        `Column ${hit.column} does not exist on ${table} in ${this.catalog.versionLabel}.${this.versionNote(table, hit.column)}`,
        tok.start,
        tok.end,
      ),
    );
  }

  /** Reports SUM(DISTINCT spend); returns whether the call is an aggregate (not a window function). */
  private checkCall(fields: PgNode): boolean {
    const name = names(fields.funcname).at(-1) ?? '';
    if (name === 'sum' && fields.agg_distinct === true && this.mentionsMoney(fields.args ?? null)) {
      const at = this.st.toOffset(Number(fields.location ?? 0));
      const from = this.indexAt(at);
      const offsetIdx = this.tokens.slice(from).findIndex((t) => t.kind === 'word' && t.text.toLowerCase() === 'distinct');
      const idx = offsetIdx < 0 ? -1 : from + offsetIdx;
      const distinct = this.tokens[idx];
      const close = this.tokens.slice(idx).find((t) => t.text === ')');
      this.out.push(
        finding(
          'sum-distinct-spend',
          'SUM(DISTINCT …) over spend adds each distinct amount once: two requests that cost the same are counted once, and the duplicated rows it tries to hide come from a join that multiplies rows. Sum the rows once (aggregate before joining).',
          at,
          close?.end ?? at + 3,
          distinct
            ? [
                {
                  title: 'Remove DISTINCT',
                  edits: [{ start: distinct.start, end: this.tokens[idx + 1]?.start ?? distinct.end, newText: '' }],
                },
              ]
            : [],
        ),
      );
    }
    return AGGREGATES.has(name) && !fields.over;
  }

  private mentionsMoney(value: PgValue): boolean {
    let money = false;
    walk(value, (type, fields) => {
      if (type === 'ColumnRef' && /spend|cost/i.test(names(fields.fields).at(-1) ?? '')) money = true;
    });
    return money;
  }

  private checkExpr(fields: PgNode, scope: SelectScope): void {
    const op = names(fields.name).at(-1) ?? '';
    const isCompare =
      (fields.kind === 'AEXPR_OP' && COMPARISONS.has(op)) ||
      String(fields.kind).startsWith('AEXPR_BETWEEN') ||
      String(fields.kind).startsWith('AEXPR_NOT_BETWEEN');
    if (isCompare) {
      const sides: PgValue[] = [fields.lexpr ?? null, ...(Array.isArray(fields.rexpr) ? fields.rexpr : [fields.rexpr ?? null])];
      const dateSide = sides.find((s) => this.isDailyDate(s, scope));
      const temporal = sides.find((s) => s !== dateSide && this.isTemporal(s, scope));
      if (dateSide && temporal) {
        const ref = asNode(dateSide, 'ColumnRef')!;
        const toks = this.refTokens(this.st.toOffset(Number(ref.location ?? 0)));
        const start = toks[0]?.start ?? this.st.start;
        const end = toks.at(-1)?.end ?? start + 4;
        const written = this.text.slice(start, end);
        this.out.push(
          finding(
            'text-date-compare',
            `${written} is text 'YYYY-MM-DD' (UTC day) and is compared with a date/timestamp: PostgreSQL fails with "operator does not exist: text ${op || '>='} date". Compare with text ('2026-10-01', to_char(x, 'YYYY-MM-DD')) or cast the column.`,
            start,
            end,
            [{ title: `Cast the text date: ${written}::date`, edits: [{ start: end, end, newText: '::date' }] }],
          ),
        );
      }
    }
    if (fields.kind === 'AEXPR_OP' && op === '+') {
      const l = this.dailySpendTables(fields.lexpr ?? null, scope);
      const r = this.dailySpendTables(fields.rexpr ?? null, scope);
      const pair = [...l].flatMap((a) => [...r].filter((b) => b !== a).map((b) => [a, b]))[0];
      if (pair) {
        const at = this.st.toOffset(Number(fields.location ?? 0));
        const tok = this.tokenAt(at);
        this.out.push(
          finding(
            'daily-double-count',
            `Adds spend of ${pair[0]} and ${pair[1]}: both tables record the same requests' money (each is one slice of the same total), so the sum counts it twice.`,
            tok?.start ?? at,
            tok?.end ?? at + 1,
          ),
        );
      }
    }
  }

  private isDailyDate(value: PgValue, scope: SelectScope): boolean {
    const ref = asNode(value, 'ColumnRef');
    if (!ref) return false;
    const hit = this.resolveColumn(ref, scope);
    return !!hit && hit.exists && hit.column === 'date' && isDailySpendTable(hit.rel.table!);
  }

  private isTemporal(value: PgValue, scope: SelectScope): boolean {
    const cast = asNode(value, 'TypeCast');
    if (cast) return TEMPORAL_TYPES.has(names((cast.typeName as PgNode | undefined)?.names).at(-1) ?? '');
    const svf = asNode(value, 'SQLValueFunction');
    if (svf) return /DATE|TIME/.test(String(svf.op));
    const call = asNode(value, 'FuncCall');
    if (call) return TEMPORAL_FUNCTIONS.has(names(call.funcname).at(-1) ?? '');
    const expr = asNode(value, 'A_Expr');
    if (expr && ['+', '-'].includes(names(expr.name).at(-1) ?? '')) {
      return this.isTemporal(expr.lexpr ?? null, scope) || this.isTemporal(expr.rexpr ?? null, scope);
    }
    const ref = asNode(value, 'ColumnRef');
    if (ref) {
      const hit = this.resolveColumn(ref, scope);
      const type = hit?.exists ? this.catalog.tables.get(hit.rel.table!)?.columns.find((c) => c.name === hit.column)?.type : undefined;
      return !!type && /^(timestamp|date)/.test(type);
    }
    return false;
  }

  /** The daily tables whose `spend` an expression reads. */
  private dailySpendTables(value: PgValue, scope: SelectScope): Set<string> {
    const out = new Set<string>();
    walk(value, (type, fields) => {
      if (type === 'SubLink') return false;
      if (type !== 'ColumnRef') return true;
      const hit = this.resolveColumn(fields, scope);
      if (hit?.exists && hit.column === 'spend' && isDailySpendTable(hit.rel.table!)) out.add(hit.rel.table!);
      return true;
    });
    return out;
  }

  /** Fan-out and double counting of a SELECT that aggregates over its FROM items. */
  private checkAggregation(scope: SelectScope): void {
    const spend = scope.relations.filter((r) => r.table && isSpendTable(r.table));
    if (spend.length === 0) return;
    const members = scope.relations.filter((r) => r.table && MEMBERSHIP_TABLES.has(r.table));
    const nameTok = (r: FromRelation): Token | undefined => this.refTokens(this.st.toOffset(r.location)).at(-1);
    for (const m of members) {
      const tok = nameTok(m);
      if (tok) {
        this.out.push(
          finding(
            'membership-fanout',
            `${spend[0].table} is joined to ${m.table} before aggregating: each spend row is repeated once per matching member, so its money is multiplied by the member count. Aggregate spend first (CTE or sub-select), then join ${m.table}.`,
            tok.start,
            tok.end,
          ),
        );
      }
    }
    if (scope.fromFunctions.some(readsMembers)) {
      const tok = this.tokens.find(
        (t) => t.start >= this.st.start && t.end <= this.st.end && t.text.toLowerCase() === 'members_with_roles',
      );
      if (tok) {
        this.out.push(
          finding(
            'membership-fanout',
            `${spend[0].table} is joined to the elements of members_with_roles before aggregating: each spend row is repeated once per team member, so its money is multiplied by the member count. Aggregate spend first, then expand the members.`,
            tok.start,
            tok.end,
          ),
        );
      }
    }
    const daily = spend.filter((r) => isDailySpendTable(r.table!));
    const distinct = [...new Set(daily.map((r) => r.table!))];
    if (distinct.length >= 2) {
      const second = daily.find((r) => r.table === distinct[1])!;
      const tok = nameTok(second);
      if (tok) {
        this.out.push(
          finding(
            'daily-double-count',
            `${distinct.join(' and ')} are aggregated in one query: they record the same requests' money (one per dimension), so combining them counts it twice, and the join multiplies each table's sum by the other's matching rows. Aggregate each table on its own.`,
            tok.start,
            tok.end,
          ),
        );
      }
    }
  }
}
