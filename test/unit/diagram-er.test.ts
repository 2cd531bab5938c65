import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildErDiagram, groupClass, type ErDiagramOptions } from '../../src/core/diagram/erDiagram';
import { LensError } from '../../src/core/errors';
import type { LogicalRelation, SchemaModel, TableGroup } from '../../src/core/schema/model';
import { hostileModel, litellmModel, table, valueRelation } from '../support/diagramFixtures';

/** A few docs/reference/litellm-schema.md §5.2 relations of each kind, so these tests do not depend on the lead's LiteLLM knowledge module. */
const RELATIONS: LogicalRelation[] = [
  valueRelation('LiteLLM_SpendLogs', 'api_key', 'LiteLLM_VerificationToken', 'token'),
  valueRelation('LiteLLM_VerificationToken', 'user_id', 'LiteLLM_UserTable', 'user_id'),
  valueRelation('LiteLLM_VerificationToken', 'team_id', 'LiteLLM_TeamTable', 'team_id'),
  { ...valueRelation('LiteLLM_UserTable', 'teams', 'LiteLLM_TeamTable', 'team_id'), via: 'array', label: 'teams[] ∋ team_id' },
  {
    ...valueRelation('LiteLLM_TeamTable', 'members_with_roles', 'LiteLLM_UserTable', 'user_id'),
    via: 'json',
    label: 'members_with_roles[*].user_id',
  },
  valueRelation('LiteLLM_DailyUserSpend', 'user_id', 'LiteLLM_UserTable', 'user_id'),
];

const SPEND = /^(MonthlyGlobalSpend|Last30d|DailyTagSpend|LiteLLM_(SpendLogs|Daily|SpendLog))/;
const TEAMS = /^LiteLLM_(Team|Organization|Budget|Project)/;
const groupOf = (t: string): TableGroup =>
  SPEND.test(t) ? 'spend' : TEAMS.test(t) ? 'teams & orgs' : /User|Token/.test(t) ? 'users' : 'config';

const build = (opts: Partial<ErDiagramOptions> = {}, model: SchemaModel = litellmModel(), relations = RELATIONS) =>
  buildErDiagram(model, relations, { groupOf, columns: 'none', ...opts });

const relationLines = (source: string) => source.split('\n').filter((l) => / : "/.test(l));

/**
 * Every line the generator may write, per the mermaid 11 erDiagram grammar: ids are plain words, quoted text
 * holds no quote, attributes are `type name [keys] ["comment"]`.
 */
const ID = '[A-Za-z_][A-Za-z0-9_]*';
const Q = '"[^"\\n%\\\\]+"';
const LINE_SHAPES = [
  /^erDiagram$/,
  new RegExp(`^  ${ID}(\\[${Q}\\])?( \\{)?$`),
  new RegExp(`^    ${ID} ${ID}( (PK|FK|UK)(, (FK|UK))*)?( ${Q})?$`),
  /^ {2}\}$/,
  new RegExp(`^  ${ID} (\\|\\||\\|o|\\}o)(--|\\.\\.)(o\\||o\\{) ${ID} : "[^"\\n]*"$`),
  new RegExp(`^  class ${ID}(,${ID})* ${ID}$`),
];
function assertWellFormed(source: string): void {
  const lines = source.split('\n');
  assert.equal(lines.pop(), '', 'ends with a newline');
  for (const line of lines) {
    assert.ok(
      LINE_SHAPES.some((re) => re.test(line)),
      `unexpected line: ${JSON.stringify(line)}`,
    );
  }
}

describe('buildErDiagram on the LiteLLM catalog', () => {
  test('draws all 64 tables and 8 views, every declared FK and the logical relations', () => {
    const d = build();
    assert.equal(d.tables.length, 72);
    assert.equal(d.relationCount, 28 + RELATIONS.length);
    assert.equal(relationLines(d.source).length, d.relationCount);
    assert.equal(relationLines(d.source).filter((l) => l.includes('--')).length, 28, 'FKs are solid (identifying)');
    assert.equal(relationLines(d.source).filter((l) => l.includes('..')).length, RELATIONS.length, 'logical relations are dashed');
    assert.deepEqual([...d.idMap.keys()].sort(), [...d.tables].sort());
    for (const [name, id] of d.idMap) assert.equal(id, name, 'LiteLLM names are safe ids as they are');
    assertWellFormed(d.source);
  });

  test('FK cardinality follows nullability and uniqueness of the FK columns', () => {
    const lines = relationLines(build().source);
    // budget_id is NOT NULL on the organization: exactly one budget.
    assert.ok(lines.includes('  LiteLLM_BudgetTable ||--o{ LiteLLM_OrganizationTable : "budget_id"'));
    // nullable FK: zero or one parent.
    assert.ok(lines.includes('  LiteLLM_OrganizationTable |o--o{ LiteLLM_TeamTable : "organization_id"'));
    // LiteLLM_TeamTable.model_id is unique: at most one team per model row.
    assert.ok(lines.includes('  LiteLLM_ModelTable |o--o| LiteLLM_TeamTable : "model_id = id"'));
    // Three FKs between the same pair stay three lines, each saying its column.
    for (const col of ['user_id', 'created_by = user_id', 'updated_by = user_id']) {
      assert.ok(lines.includes(`  LiteLLM_UserTable ||--o{ LiteLLM_InvitationLink : "${col}"`), col);
    }
  });

  test('logical relations are dashed, labelled with how they join, many-to-many for arrays and JSON', () => {
    const lines = relationLines(build().source);
    assert.ok(lines.includes('  LiteLLM_VerificationToken |o..o{ LiteLLM_SpendLogs : "api_key = token"'));
    assert.ok(lines.includes('  LiteLLM_TeamTable }o..o{ LiteLLM_UserTable : "teams[] ∋ team_id"'));
    assert.ok(lines.includes('  LiteLLM_UserTable }o..o{ LiteLLM_TeamTable : "members_with_roles[#42;].user_id"'));
  });

  test('views are entities marked "(view)" and classed; every table gets its group class', () => {
    const d = build();
    assert.match(d.source, /^ {2}MonthlyGlobalSpend\["MonthlyGlobalSpend \(view\)"\]$/m);
    const viewClass = d.source.split('\n').find((l) => l.endsWith(' view')) ?? '';
    assert.equal(viewClass.split(' ')[3].split(',').length, 8);
    assert.match(d.source, new RegExp(`^  class [^ ]*LiteLLM_TeamTable[^ ]* ${groupClass('teams & orgs')}$`, 'm'));
    assert.equal(groupClass('teams & orgs'), 'g_teams_orgs');
  });

  test("columns 'none' declares bare entities, 'keys' only key and relation columns, 'all' every column", () => {
    const none = build({ columns: 'none' }).source;
    assert.ok(!none.includes('{\n'));
    const keys = build({ columns: 'keys' }).source;
    const team = (src: string) => src.slice(src.indexOf('  LiteLLM_TeamTable {'), src.indexOf('  }', src.indexOf('  LiteLLM_TeamTable {')));
    assert.match(team(keys), /text team_id PK\n/);
    assert.match(team(keys), /text organization_id FK\n/);
    assert.match(team(keys), /integer model_id FK, UK\n/);
    assert.match(team(keys), /jsonb members_with_roles\n/, 'a logical-relation column is a key here');
    assert.ok(!team(keys).includes(' spend'), 'plain columns are left out');
    const all = build({ columns: 'all' }).source;
    const teamColumns = litellmModel().tables.find((t) => t.name === 'LiteLLM_TeamTable')?.columns.length ?? 0;
    assert.equal(team(all).split('\n').length - 2, teamColumns, 'header line + one line per column');
    assert.match(team(all), /timestamp3 created_at "timestamp\(3\) without time zone"\n/);
    assert.match(team(all), /text_array models "text\[\]"\n/);
    assertWellFormed(keys);
    assertWellFormed(all);
  });

  test('output does not depend on the order the catalog lists tables in', () => {
    const model = litellmModel();
    const reversed = { ...model, tables: [...model.tables].reverse() };
    assert.equal(build({ columns: 'keys' }, reversed).source, build({ columns: 'keys' }, model).source);
  });
});

describe('buildErDiagram selection', () => {
  test('tables filter keeps only the named tables and the relations among them', () => {
    const d = build({ tables: ['LiteLLM_TeamTable', 'LiteLLM_UserTable', 'LiteLLM_OrganizationTable', 'nope'] });
    assert.deepEqual(d.tables, ['LiteLLM_UserTable', 'LiteLLM_OrganizationTable', 'LiteLLM_TeamTable'], 'group order, then name');
    assert.deepEqual(
      relationLines(d.source)
        .map((l) => l.trim())
        .sort(),
      [
        'LiteLLM_OrganizationTable |o--o{ LiteLLM_TeamTable : "organization_id"',
        'LiteLLM_OrganizationTable |o--o{ LiteLLM_UserTable : "organization_id"',
        'LiteLLM_TeamTable }o..o{ LiteLLM_UserTable : "teams[] ∋ team_id"',
        'LiteLLM_UserTable }o..o{ LiteLLM_TeamTable : "members_with_roles[#42;].user_id"',
      ],
    );
    assert.equal(d.relationCount, 4);
  });

  test('groups filter keeps the tables of those groups, sorted by group (TABLE_GROUPS order) then name', () => {
    const d = build({ groups: ['teams & orgs', 'users'] });
    const expected = litellmModel()
      .tables.map((t) => t.name)
      .filter((t) => ['teams & orgs', 'users'].includes(groupOf(t)));
    assert.equal(d.tables.length, expected.length);
    const users = expected.filter((t) => groupOf(t) === 'users').sort();
    const teams = expected.filter((t) => groupOf(t) === 'teams & orgs').sort();
    assert.deepEqual(d.tables, [...users, ...teams]);
  });

  test('focus shows the table and its direct neighbours through FKs and logical relations', () => {
    const d = build({ focus: 'LiteLLM_VerificationToken' });
    assert.deepEqual(d.tables.sort(), [
      'LiteLLM_BudgetTable',
      'LiteLLM_JWTKeyMapping',
      'LiteLLM_ObjectPermissionTable',
      'LiteLLM_OrganizationTable',
      'LiteLLM_ProjectTable',
      'LiteLLM_SpendLogs',
      'LiteLLM_TeamTable',
      'LiteLLM_UserTable',
      'LiteLLM_VerificationToken',
    ]);
    // Neighbours' relations among themselves are drawn too (e.g. team → organization).
    assert.ok(d.source.includes('LiteLLM_OrganizationTable |o--o{ LiteLLM_TeamTable'));
  });

  test('focus applies within the group filter but always keeps the focused table', () => {
    const d = build({ focus: 'LiteLLM_VerificationToken', groups: ['spend'] });
    assert.deepEqual(d.tables, ['LiteLLM_VerificationToken', 'LiteLLM_SpendLogs']);
    assert.equal(d.relationCount, 1);
  });

  test('listIsolated: tables related to nothing in the selection are listed, not drawn; a focused table is always drawn', () => {
    const all = build();
    const listed = build({ listIsolated: true });
    assert.deepEqual([...listed.tables, ...listed.isolated].sort(), [...all.tables].sort(), 'every table drawn or listed');
    assert.ok(listed.isolated.length > 0 && listed.tables.length < all.tables.length);
    assert.deepEqual(listed.isolated, [...listed.isolated].sort(), 'listed by name');
    assert.equal(listed.relationCount, all.relationCount, 'no relation lost');
    const ids = new Set(listed.idMap.keys());
    for (const name of listed.isolated) {
      assert.ok(!ids.has(name) && !listed.source.includes(`"${name}"`), `${name} is not in the mermaid source`);
      assert.ok(!relationLines(all.source).some((l) => l.includes(all.idMap.get(name)!)), `${name} really has no relation`);
    }
    const lone = listed.isolated[0];
    const focused = build({ listIsolated: true, focus: lone });
    assert.deepEqual(focused.tables, [lone]);
    assert.deepEqual(focused.isolated, []);
  });

  test('focus on an unknown table is a usage error', () => {
    assert.throws(
      () => build({ focus: 'LiteLLM_Nope' }),
      (err: unknown) => err instanceof LensError && err.kind === 'usage',
    );
  });

  test('relations whose table or column this version lacks are not drawn; FK-covered ones not twice', () => {
    const model: SchemaModel = {
      schema: 'public',
      serverVersion: '15',
      serverVersionNum: 150000,
      tables: [
        table('parent', [['id', 'text', true]], { primaryKey: ['id'] }),
        table(
          'child',
          [
            ['parent_id', 'text', true],
            ['other', 'text'],
          ],
          {
            foreignKeys: [
              {
                name: 'child_parent_id_fkey',
                columns: ['parent_id'],
                refSchema: 'public',
                refTable: 'parent',
                refColumns: ['id'],
                onDelete: 'RESTRICT',
                onUpdate: 'CASCADE',
              },
              {
                name: 'elsewhere',
                columns: ['other'],
                refSchema: 'audit',
                refTable: 'parent',
                refColumns: ['id'],
                onDelete: 'RESTRICT',
                onUpdate: 'CASCADE',
              },
            ],
          },
        ),
      ],
    };
    const d = buildErDiagram(
      model,
      [
        valueRelation('child', 'parent_id', 'parent', 'id'), // already a declared FK
        valueRelation('child', 'missing_col', 'parent', 'id'),
        valueRelation('child', 'other', 'missing_table', 'id'),
        valueRelation('child', 'other', 'parent', 'id'),
      ],
      { groupOf: () => 'other', columns: 'none' },
    );
    assert.deepEqual(
      relationLines(d.source),
      ['  parent ||--o{ child : "parent_id = id"', '  parent |o..o{ child : "other = id"'],
      'the cross-schema FK to audit.parent is not drawn against public.parent',
    );
  });
});

describe('buildErDiagram with hostile names', () => {
  for (const columns of ['none', 'keys', 'all'] as const) {
    test(`columns '${columns}': every line is well formed and every table has a safe id`, () => {
      const { model, relations } = hostileModel();
      const d = buildErDiagram(model, relations, { groupOf: () => 'other', columns });
      assertWellFormed(d.source);
      assert.equal(d.tables.length, model.tables.length);
      assert.equal(d.relationCount, model.tables.length - 2 + 1 + relations.length, 'FK chain + self FK + logical');
      assert.equal(new Set(d.idMap.values()).size, model.tables.length);
      assert.ok(!/[<>%`\\]/.test(d.source.replace(/#\w+;/g, '')), 'no raw markup, directive, backtick or backslash');
    });
  }

  test('renamed columns and rewritten types keep their real spelling in the comment', () => {
    const { model, relations } = hostileModel();
    const src = buildErDiagram(model, relations, { groupOf: () => 'other', columns: 'all' }).source;
    assert.ok(src.includes('    integer pk_ UK "pk (integer)"'));
    assert.ok(src.includes('    My_Enum _tat "état (#quot;My Enum#quot;)"'));
    assert.ok(src.includes('    numeric10_2 end "numeric(10,2)"'));
    assert.ok(src.includes('    timestamp3 ref_1_x_ FK "ref #quot;1#quot; #124; #123;x#125; (timestamp(3) without time zone)"'));
  });
});
