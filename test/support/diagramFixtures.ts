/**
 * Schema models for the diagram tests: the real LiteLLM catalog (64 tables @ 029f645f plus the 8 runtime
 * views) turned into a SchemaModel as introspection would return it, and hostile-name fixtures.
 */
import catalog from '../../src/core/demo/schema/litellm-029f645f.json';
import type { ColumnInfo, ForeignKeyInfo, IndexInfo, LogicalRelation, SchemaModel, TableInfo } from '../../src/core/schema/model';

const unquote = (s: string) => s.trim().replace(/^"(.*)"$/, '$1');
const list = (s: string) => s.split(',').map((c) => unquote(c.replace(/\s+(ASC|DESC)$/i, '')));

function column(name: string, type: string, notNull: boolean, position: number): ColumnInfo {
  return { name, type, notNull, default: null, position };
}

/** A table as introspection reports it; `pk` also yields the `_pkey` index. */
export function table(name: string, columns: [string, string, boolean?][], extra: Partial<TableInfo> = {}): TableInfo {
  const primaryKey = extra.primaryKey ?? [];
  const pkIndex: IndexInfo[] = primaryKey.length
    ? [{ name: `${name}_pkey`, unique: true, primary: true, definition: '', columns: primaryKey }]
    : [];
  return {
    schema: 'public',
    name,
    kind: 'table',
    columns: columns.map(([n, t, nn], i) => column(n, t, nn ?? false, i + 1)),
    primaryKey,
    indexes: [...pkIndex, ...(extra.indexes ?? [])],
    foreignKeys: [],
    rowEstimate: 0,
    ...extra,
  };
}

/** A view with the given columns. */
export function view(name: string, columns: [string, string][]): TableInfo {
  return { ...table(name, columns), kind: 'view', rowEstimate: null, viewDefinition: 'SELECT 1' };
}

/** The 64 tables of the reference catalog with their PKs, FKs and indexes, plus LiteLLM's 8 views. */
export function litellmModel(): SchemaModel {
  const tables: TableInfo[] = catalog.tables.map((t) => {
    let primaryKey: string[] = [];
    const foreignKeys: ForeignKeyInfo[] = [];
    for (const c of t.constraints) {
      const pk = /^PRIMARY KEY \((.+)\)$/.exec(c.definition);
      if (pk) primaryKey = list(pk[1]);
      const fk = /^FOREIGN KEY \((.+?)\) REFERENCES (".+?"|\w+)\((.+?)\) ON UPDATE (.+?) ON DELETE (.+)$/.exec(c.definition);
      if (fk) {
        foreignKeys.push({
          name: c.name,
          columns: list(fk[1]),
          refSchema: 'public',
          refTable: unquote(fk[2]),
          refColumns: list(fk[3]),
          onUpdate: fk[4],
          onDelete: fk[5],
        });
      }
    }
    const indexes: IndexInfo[] = t.indexes.map((i) => ({
      name: i.name,
      unique: i.unique,
      primary: false,
      definition: '',
      columns: list(i.columns),
    }));
    return table(
      t.name,
      t.columns.map((c) => [c.name, c.type, c.notNull]),
      { primaryKey, foreignKeys, indexes },
    );
  });
  const spendByDay: [string, string][] = [
    ['date', 'date'],
    ['spend', 'double precision'],
  ];
  const views = [
    view('LiteLLM_VerificationTokenView', [
      ['token', 'text'],
      ['key_alias', 'text'],
      ['team_id', 'text'],
      ['user_id', 'text'],
      ['team_spend', 'double precision'],
      ['project_alias', 'text'],
    ]),
    view('MonthlyGlobalSpend', spendByDay),
    view('Last30dKeysBySpend', [
      ['api_key', 'text'],
      ['key_alias', 'text'],
      ['key_name', 'text'],
      ['total_spend', 'double precision'],
    ]),
    view('Last30dModelsBySpend', [
      ['model', 'text'],
      ['total_spend', 'double precision'],
    ]),
    view('MonthlyGlobalSpendPerKey', [...spendByDay, ['api_key', 'text']]),
    view('MonthlyGlobalSpendPerUserPerKey', [...spendByDay, ['api_key', 'text'], ['user', 'text']]),
    view('DailyTagSpend', [
      ['individual_request_tag', 'text'],
      ['spend_date', 'date'],
      ['log_count', 'bigint'],
      ['total_spend', 'double precision'],
    ]),
    view('Last30dTopEndUsersSpend', [
      ['end_user', 'text'],
      ['total_events', 'bigint'],
      ['total_spend', 'double precision'],
    ]),
  ];
  return { schema: 'public', serverVersion: '15.8', serverVersionNum: 150008, tables: [...tables, ...views] };
}

/** A value relation as the lead's LiteLLM knowledge declares them (aliases a = from, b = to). */
export function valueRelation(fromTable: string, fromColumn: string, toTable: string, toColumn: string, note?: string): LogicalRelation {
  return {
    fromTable,
    fromColumn,
    toTable,
    toColumn,
    via: 'value',
    label: `${fromColumn} = ${toColumn}`,
    note,
    joinSql: `a."${fromColumn.replace(/"/g, '""')}" = b."${toColumn.replace(/"/g, '""')}"`,
  };
}

/** Names that break naive mermaid generation: keywords, quotes, pipes, braces, markup, newlines, unicode. */
export const HOSTILE_NAMES = [
  'end',
  'class',
  'Weird "Quoted" Table',
  'A | B',
  'braces {x}; semi',
  '%%{init: {"theme":"dark"}}%%',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  'line\nbreak',
  'Ünïcödé テーブル',
  'hash #quot; amp &lt;',
  'direction LR',
  '`md` **bold** $$x^2$$ fa:fa-bomb',
  'back\\slash',
  'mail@x.io --> b .. c ||--o{ d',
  'weird_name',
  'weird name',
] as const;

/**
 * A schema whose every identifier is hostile: tables named from HOSTILE_NAMES, each with hostile columns and
 * types, an FK chain between consecutive tables, a self-reference, a view, and logical relations whose labels
 * are hostile too.
 */
export function hostileModel(): { model: SchemaModel; relations: LogicalRelation[] } {
  const tables = HOSTILE_NAMES.map((name, i) =>
    table(
      name,
      [
        ['id', 'text', true],
        ['pk', 'integer', true],
        [`ref "${i}" | {x}`, 'timestamp(3) without time zone'],
        ['tags', 'text[]'],
        ['état', '"My Enum"'],
        ['end', 'numeric(10,2)'],
      ],
      { primaryKey: ['id'], indexes: [{ name: `${name}_pk_key`, unique: true, primary: false, definition: '', columns: ['pk'] }] },
    ),
  );
  tables.forEach((t, i) => {
    if (i === 0) return;
    t.foreignKeys.push({
      name: `fk ${i} "x"`,
      columns: [`ref "${i}" | {x}`],
      refSchema: 'public',
      refTable: tables[i - 1].name,
      refColumns: ['id'],
      onDelete: 'SET NULL',
      onUpdate: 'CASCADE',
    });
  });
  tables[0].foreignKeys.push({
    name: 'self',
    columns: ['pk'],
    refSchema: 'public',
    refTable: tables[0].name,
    refColumns: ['pk'],
    onDelete: 'RESTRICT',
    onUpdate: 'CASCADE',
  });
  tables.push(
    view('view "v" <b>', [
      ['id', 'text'],
      ['x|y', 'text'],
    ]),
  );
  const relations: LogicalRelation[] = HOSTILE_NAMES.slice(1).map((name, i) => ({
    ...valueRelation(name, 'tags', HOSTILE_NAMES[i], 'id'),
    via: i % 2 ? 'array' : 'json',
    label: `${name}[*] ∋ "id" | end {x}; <b>`,
  }));
  relations.push(valueRelation('view "v" <b>', 'x|y', 'end', 'id'));
  return { model: { schema: 'public', serverVersion: '15.8', serverVersionNum: 150008, tables }, relations };
}
