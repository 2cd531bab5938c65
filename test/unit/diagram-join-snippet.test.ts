import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { edgesOf, schemaEdges, type SchemaEdge } from '../../src/core/diagram/edges';
import { joinSnippet } from '../../src/core/diagram/joinSnippet';
import { quoteIdent } from '../../src/core/sql/identifiers';
import type { LogicalRelation } from '../../src/core/schema/model';
import { litellmModel, valueRelation } from '../support/diagramFixtures';

const model = litellmModel();
const apiKey = valueRelation('LiteLLM_SpendLogs', 'api_key', 'LiteLLM_VerificationToken', 'token', "'' possible");
const members: LogicalRelation = {
  ...valueRelation('LiteLLM_TeamTable', 'members_with_roles', 'LiteLLM_UserTable', 'user_id'),
  via: 'json',
  label: 'members_with_roles[*].user_id',
  joinSql: `jsonb_typeof(a.members_with_roles) = 'array' AND b.user_id IN (SELECT m->>'user_id' FROM jsonb_array_elements(a.members_with_roles) m)`,
};
const edges = schemaEdges(model, [apiKey, members]);
const fkEdge = (from: string, column: string) =>
  edges.find((e) => e.kind === 'fk' && e.fromTable === from && e.fk.columns[0] === column) as SchemaEdge;

describe('joinSnippet', () => {
  test('declared FK, clicked on the referencing table', () => {
    assert.equal(
      joinSnippet('LiteLLM_InvitationLink', fkEdge('LiteLLM_InvitationLink', 'created_by')),
      [
        '-- LiteLLM_InvitationLink.created_by → LiteLLM_UserTable.user_id (foreign key LiteLLM_InvitationLink_created_by_fkey)',
        'SELECT a.*, b.*',
        'FROM "LiteLLM_InvitationLink" AS a',
        'LEFT JOIN "LiteLLM_UserTable" AS b ON a."created_by" = b."user_id"',
        'LIMIT 100;',
        '',
      ].join('\n'),
    );
  });

  test('declared FK, clicked on the referenced table: that table comes first, aliases keep their sides', () => {
    const sql = joinSnippet('LiteLLM_BudgetTable', fkEdge('LiteLLM_OrganizationTable', 'budget_id'), { limit: 5 });
    assert.match(
      sql,
      /^SELECT b\.\*, a\.\*\nFROM "LiteLLM_BudgetTable" AS b\nLEFT JOIN "LiteLLM_OrganizationTable" AS a ON a\."budget_id" = b\."budget_id"\nLIMIT 5;\n$/m,
    );
  });

  test('logical relation, given directly or as an edge, uses its join condition and says it has no FK', () => {
    const direct = joinSnippet('LiteLLM_SpendLogs', apiKey);
    const viaEdge = joinSnippet('LiteLLM_SpendLogs', edges.find((e) => e.kind === 'logical' && e.relation === apiKey) as SchemaEdge);
    assert.equal(direct, viaEdge);
    assert.equal(
      direct.split('\n')[0],
      "-- LiteLLM_SpendLogs.api_key → LiteLLM_VerificationToken.token (logical relation, no FK: '' possible)",
    );
    assert.ok(direct.includes('LEFT JOIN "LiteLLM_VerificationToken" AS b ON a."api_key" = b."token"'));
    const reverse = joinSnippet('LiteLLM_UserTable', members);
    assert.ok(reverse.includes(`FROM "LiteLLM_UserTable" AS b\nLEFT JOIN "LiteLLM_TeamTable" AS a ON ${members.joinSql}\n`));
  });

  test('identifiers are quoted with embedded quotes doubled; a schema other than public qualifies names', () => {
    assert.equal(quoteIdent('we"ird'), '"we""ird"');
    const rel = valueRelation('my "t"', 'c"1', 'other', 'id');
    const sql = joinSnippet('my "t"', rel, { schema: 'lite"llm' });
    assert.ok(sql.includes('FROM "lite""llm"."my ""t""" AS a\nLEFT JOIN "lite""llm"."other" AS b ON a."c""1" = b."id"'));
    assert.ok(joinSnippet('my "t"', rel, { schema: 'public' }).includes('FROM "my ""t""" AS a'));
  });

  test('line breaks in names or notes cannot end the comment and inject SQL', () => {
    const rel = valueRelation('t\nDROP TABLE x; --', 'c', 'u', 'id', 'note\r\nDELETE FROM y;\u2028z');
    const lines = joinSnippet('u', rel).split('\n');
    assert.ok(lines[0].startsWith('-- ') && lines[0].includes('DROP TABLE') && lines[0].includes('DELETE FROM'));
    assert.equal(lines[1], 'SELECT b.*, a.*', 'the comment is one line');
    // Inside the quoted identifier the line break is just part of the name.
    assert.equal(lines.slice(3, 5).join('\n'), 'LEFT JOIN "t\nDROP TABLE x; --" AS a ON a."c" = b."id"');
  });

  test('a table that is not an end of the relation is refused', () => {
    assert.throws(() => joinSnippet('LiteLLM_TeamTable', apiKey), /not an end/);
  });
});

describe('edgesOf', () => {
  test('lists the FKs and logical relations touching a table, either side', () => {
    const touching = edgesOf(edges, 'LiteLLM_VerificationToken');
    const describe = (e: SchemaEdge) => `${e.kind}:${e.fromTable}>${e.toTable}`;
    assert.deepEqual(touching.map(describe).sort(), [
      'fk:LiteLLM_JWTKeyMapping>LiteLLM_VerificationToken',
      'fk:LiteLLM_VerificationToken>LiteLLM_BudgetTable',
      'fk:LiteLLM_VerificationToken>LiteLLM_ObjectPermissionTable',
      'fk:LiteLLM_VerificationToken>LiteLLM_OrganizationTable',
      'fk:LiteLLM_VerificationToken>LiteLLM_ProjectTable',
      'logical:LiteLLM_SpendLogs>LiteLLM_VerificationToken',
    ]);
    for (const e of touching) assert.match(joinSnippet('LiteLLM_VerificationToken', e), /^FROM "LiteLLM_VerificationToken" AS [ab]$/m);
  });
});
