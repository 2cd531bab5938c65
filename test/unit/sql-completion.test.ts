import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bundledCatalog } from '../../src/core/sql/catalog';
import { completeAt, type SqlCompletion } from '../../src/core/sql/complete';
import { hoverAt } from '../../src/core/sql/hover';

/** Completion at the `|` of `sql`. */
function complete(sql: string, analysisFile = false): { items: SqlCompletion[]; text: string; offset: number } {
  const offset = sql.indexOf('|');
  const text = sql.replace('|', '');
  return { items: completeAt(text, offset, bundledCatalog(), { analysisFile }), text, offset };
}

function find(items: SqlCompletion[], label: string): SqlCompletion {
  const hit = items.find((i) => i.label === label);
  assert.ok(
    hit,
    `no item ${label} in ${items
      .slice(0, 8)
      .map((i) => i.label)
      .join(', ')}…`,
  );
  return hit;
}

/** The text after accepting an item, as the editor applies it. */
const accept = (text: string, i: SqlCompletion): string => text.slice(0, i.start) + i.insertText + text.slice(i.end);

describe('SQL completion', () => {
  test('incomplete "SELECT * FROM Lit": every table, quoted exactly, replacing the typed prefix', () => {
    const { items, text } = complete('SELECT * FROM Lit|');
    assert.equal(items.length, 64);
    const spendLogs = find(items, 'LiteLLM_SpendLogs');
    assert.equal(spendLogs.kind, 'table');
    assert.equal(spendLogs.insertText, '"LiteLLM_SpendLogs"');
    assert.deepEqual([spendLogs.start, spendLogs.end], [14, 17]);
    assert.equal(spendLogs.filterText, 'LiteLLM_SpendLogs');
    assert.equal(accept(text, spendLogs), 'SELECT * FROM "LiteLLM_SpendLogs"');
  });

  test('a typed opening quote is replaced too, and the items filter on the quote', () => {
    const { items, text } = complete('SELECT * FROM "LiteLLM_Da|');
    const daily = find(items, 'LiteLLM_DailyUserSpend');
    assert.equal(daily.filterText, '"LiteLLM_DailyUserSpend');
    assert.equal(accept(text, daily), 'SELECT * FROM "LiteLLM_DailyUserSpend"');
  });

  test("after an alias dot: that table's columns, mixed-case and reserved names quoted", () => {
    const { items, text, offset } = complete('SELECT sl.| FROM "LiteLLM_SpendLogs" sl WHERE sl.spend > 0');
    assert.equal(items.length, 32);
    assert.ok(items.every((i) => i.kind === 'column' && i.start === offset && i.end === offset));
    assert.equal(find(items, 'startTime').insertText, '"startTime"');
    assert.equal(find(items, 'user').insertText, '"user"');
    assert.equal(find(items, 'spend').insertText, 'spend');
    assert.match(find(items, 'startTime').detail, /LiteLLM_SpendLogs · timestamp\(3\) without time zone not null/);
    assert.equal(accept(text, find(items, 'startTime')), 'SELECT sl."startTime" FROM "LiteLLM_SpendLogs" sl WHERE sl.spend > 0');
  });

  test('a partly typed column after the dot is replaced from its start; unquoted tables still resolve for aliases', () => {
    const { items, text } = complete('SELECT d.sp| FROM "LiteLLM_DailyTeamSpend" AS d');
    const spend = find(items, 'spend');
    assert.deepEqual([spend.start, spend.end], [9, 11]);
    assert.equal(accept(text, spend), 'SELECT d.spend FROM "LiteLLM_DailyTeamSpend" AS d');
    assert.equal(complete('SELECT x.| FROM nothing_known x').items.length, 0);
  });

  test('columns of every table in scope, qualified by alias when there are several', () => {
    const { items } = complete('SELECT | FROM "LiteLLM_SpendLogs" sl JOIN "LiteLLM_VerificationToken" vt ON vt.token = sl.api_key');
    const starts = items.filter((i) => i.label === 'startTime');
    assert.deepEqual(
      starts.map((i) => i.insertText),
      ['sl."startTime"'],
    );
    assert.ok(items.some((i) => i.insertText === 'vt.key_alias'));
    // A statement after `;` does not see this one's tables.
    const next = complete('SELECT * FROM "LiteLLM_SpendLogs" sl; SELECT sl.|').items;
    assert.equal(next.length, 0);
  });

  test("after JOIN: LiteLLM's logical joins as whole clauses, then the tables", () => {
    const { items, text } = complete('SELECT * FROM "LiteLLM_SpendLogs" sl JOIN |');
    const vt = find(items, 'JOIN "LiteLLM_VerificationToken" vt ON vt.token = sl.api_key');
    assert.equal(vt.kind, 'join');
    assert.equal(vt.insertText, '"LiteLLM_VerificationToken" vt ON vt.token = sl.api_key');
    assert.equal(
      vt.filterText,
      'LiteLLM_VerificationToken "LiteLLM_VerificationToken" vt ON vt.token = sl.api_key',
      'typing the table name finds the join',
    );
    assert.equal(accept(text, vt), 'SELECT * FROM "LiteLLM_SpendLogs" sl JOIN "LiteLLM_VerificationToken" vt ON vt.token = sl.api_key');
    assert.equal(
      find(items, 'JOIN "LiteLLM_UserTable" ut ON ut.user_id = sl."user"').insertText,
      '"LiteLLM_UserTable" ut ON ut.user_id = sl."user"',
    );
    assert.ok(items.some((i) => i.kind === 'table' && i.label === 'LiteLLM_TeamTable'));
  });

  test('after a FROM item: whole JOIN clauses (declared FKs too) and the next keywords', () => {
    const { items, text } = complete('SELECT * FROM "LiteLLM_DailyUserSpend" dus |\nWHERE dus.date >= \'2026-10-01\'');
    const key = find(items, 'JOIN "LiteLLM_VerificationToken" vt ON vt.token = dus.api_key');
    assert.equal(key.insertText, key.label);
    assert.ok(
      accept(text, key).startsWith(
        'SELECT * FROM "LiteLLM_DailyUserSpend" dus JOIN "LiteLLM_VerificationToken" vt ON vt.token = dus.api_key\nWHERE',
      ),
    );
    find(items, 'JOIN "LiteLLM_UserTable" ut ON ut.user_id = dus.user_id');
    find(items, 'WHERE');
    const vt = complete('SELECT * FROM "LiteLLM_VerificationToken" vt |').items;
    find(vt, 'JOIN "LiteLLM_BudgetTable" bt ON bt.budget_id = vt.budget_id');
  });

  test('nothing inside strings or comments; analysis files get header keys and their $n', () => {
    assert.equal(complete("SELECT 'Lit|'").items.length, 0);
    assert.equal(complete('-- FROM Lit|\nSELECT 1').items.length, 0);
    const header = complete('-- pa|\nSELECT 1', true).items;
    assert.deepEqual(
      header.map((i) => i.insertText),
      ['name: ', 'description: ', 'param: ', 'requires: '],
    );
    assert.deepEqual([header[0].start, header[0].end], [3, 5]);
    const params = complete(
      '-- name: x\n-- param: from date 30 days ago\n-- param: team text\nSELECT * FROM "LiteLLM_DailyTeamSpend" WHERE team_id = $|',
      true,
    ).items;
    assert.deepEqual(
      params.map((i) => `${i.label} ${i.detail}`),
      ['$1 from (date, default 30 days ago)', '$2 team (text)'],
    );
  });
});

describe('SQL hover', () => {
  const hover = (sql: string): ReturnType<typeof hoverAt> => hoverAt(sql.replace('|', ''), sql.indexOf('|'), bundledCatalog());

  test("a daily table's date column: type, nullability, meaning, generation", () => {
    const h = hover('SELECT d.da|te FROM "LiteLLM_DailyUserSpend" d');
    assert.ok(h);
    assert.deepEqual([h.table, h.column, h.start, h.end], ['LiteLLM_DailyUserSpend', 'date', 9, 13]);
    assert.match(h.markdown, /\*\*LiteLLM_DailyUserSpend\.date\*\* — `text` NOT NULL/);
    assert.match(h.markdown, /UTC day as text 'YYYY-MM-DD'/);
    assert.match(h.markdown, /since LiteLLM early-2025/);
  });

  test('spend, keys and columns added later; unquoted names still resolve', () => {
    assert.match(hover('SELECT sp|end FROM "LiteLLM_SpendLogs"')!.markdown, /USD response_cost of the request; failed requests 0/);
    assert.match(hover('SELECT sl.startT|ime FROM LiteLLM_SpendLogs sl')!.markdown, /mixed case: write "startTime"/);
    assert.match(hover('SELECT k.bud|get_id FROM "LiteLLM_VerificationToken" k')!.markdown, /FK → LiteLLM_BudgetTable\.budget_id/);
    assert.match(hover('SELECT s.agent_|id FROM "LiteLLM_SpendLogs" s')!.markdown, /since LiteLLM 1\.83/);
    assert.equal(hover('SELECT no|pe FROM "LiteLLM_SpendLogs"'), undefined);
  });

  test('a table: meaning, key, size and group', () => {
    const h = hover('SELECT * FROM "LiteLLM_Team|Membership" tm')!;
    assert.equal(h.table, 'LiteLLM_TeamMembership');
    assert.match(h.markdown, /multiplies spend by members/);
    assert.match(h.markdown, /primary key \(user_id, team_id\)/);
  });
});

describe('SQL completion on unquoted table names', () => {
  test('an alias of an unquoted LiteLLM table still completes its columns (the diagnostics flag the quotes)', () => {
    const items = completeAt('SELECT sl. FROM LiteLLM_SpendLogs sl', 'SELECT sl.'.length, bundledCatalog());
    assert.equal(items.find((i) => i.label === 'startTime')?.insertText, '"startTime"');
  });
});
