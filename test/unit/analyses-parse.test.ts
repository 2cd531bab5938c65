import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bindParams } from '../../src/core/analyses/bindParams';
import { selectVariant } from '../../src/core/analyses/optionalParts';
import { parseAnalysis } from '../../src/core/analyses/parseAnalysis';
import { resolveDate } from '../../src/core/analyses/relativeDate';
import { scanSql } from '../../src/core/analyses/sqlScan';
import { LensError } from '../../src/core/errors';

const source = { id: 'demo', origin: 'workspace' as const };

describe('parseAnalysis', () => {
  test('reads name, joined description, params in $n order and requires in all three forms', () => {
    const a = parseAnalysis(
      [
        '-- name: Top users',
        '-- description: First line.',
        '-- a free comment: not a header key',
        '-- description: Second line.',
        '-- param: from date 30 days ago',
        "-- param: label text ''",
        '-- param: limit int 20',
        '-- requires: LiteLLM_DailyUserSpend(user_id, "date", spend), LiteLLM_UserTable.user_alias',
        '-- requires: LiteLLM_TagTable LiteLLM_UserTable.user_email',
        '',
        'SELECT user_id FROM "LiteLLM_DailyUserSpend" WHERE "date" >= $1 AND user_id <> $2 LIMIT $3;',
      ].join('\n'),
      source,
    );
    assert.deepEqual(a.problems, []);
    assert.equal(a.name, 'Top users');
    assert.equal(a.description, 'First line. Second line.');
    assert.deepEqual(a.params, [
      { name: 'from', type: 'date', default: '30 days ago', index: 1 },
      { name: 'label', type: 'text', default: '', index: 2 },
      { name: 'limit', type: 'int', default: '20', index: 3 },
    ]);
    assert.deepEqual(a.requires, [
      { table: 'LiteLLM_DailyUserSpend', columns: ['user_id', 'date', 'spend'] },
      { table: 'LiteLLM_UserTable', columns: ['user_alias', 'user_email'] },
      { table: 'LiteLLM_TagTable' },
    ]);
  });

  test('a header line after the first SQL line is ignored; a missing name falls back to the id', () => {
    const a = parseAnalysis('SELECT 1\n-- name: too late\n', source);
    assert.equal(a.name, 'demo');
    assert.deepEqual(a.problems, []);
  });

  test('collects defects instead of throwing', () => {
    const a = parseAnalysis(
      [
        '-- param: from datee today',
        '-- param: to date someday',
        '-- param: n int 1.5',
        '-- param: to date today',
        '-- requires: LiteLLM_X.(',
        'SELECT $1, $4; SELECT 2',
      ].join('\n'),
      source,
    );
    const text = a.problems.join('\n');
    assert.match(text, /unknown type "datee"/);
    assert.match(text, /default of parameter "to" \(date\): "someday" is not a date/);
    assert.match(text, /default of parameter "n" \(int\): "1.5" is not a whole number/);
    assert.match(text, /parameter "to" is declared twice/);
    assert.match(text, /cannot read "-- requires:"/);
    assert.match(text, /2 statements/);
    assert.match(text, /\$4 is used in the SQL but only 2 parameter\(s\)/);
    assert.match(text, /Parameter "n" is \$2 but the SQL never uses \$2/);
  });

  test('optional parts: declared with a note, picked per line by -- if: / -- if-missing:', () => {
    const text = [
      '-- name: Soft budgets',
      '-- optional: LiteLLM_TeamTable.soft_budget -- soft budgets are empty',
      '-- optional: LiteLLM_DeletedVerificationToken(token, deleted_at) -- deleted keys are not listed',
      'SELECT team_id,',
      '       soft_budget -- if: LiteLLM_TeamTable.soft_budget',
      '       NULL::float8 AS soft_budget -- if-missing: LiteLLM_TeamTable.soft_budget',
      'FROM "LiteLLM_TeamTable" -- if: LiteLLM_DeletedVerificationToken',
      'FROM "LiteLLM_TeamTable" AS t -- if-missing: LiteLLM_DeletedVerificationToken',
    ].join('\n');
    const a = parseAnalysis(text, source);
    assert.deepEqual(a.problems, []);
    assert.deepEqual(a.requires, []);
    assert.deepEqual(a.optional, [
      {
        key: 'LiteLLM_TeamTable.soft_budget',
        requirement: { table: 'LiteLLM_TeamTable', columns: ['soft_budget'] },
        note: 'soft budgets are empty',
      },
      {
        key: 'LiteLLM_DeletedVerificationToken',
        requirement: { table: 'LiteLLM_DeletedVerificationToken', columns: ['token', 'deleted_at'] },
        note: 'deleted keys are not listed',
      },
    ]);
    const all = selectVariant(a, new Set());
    assert.deepEqual(all.notes, []);
    assert.deepEqual(
      all.sql
        .split('\n')
        .slice(3)
        .map((l) => l.replace(/\s*--.*$/, '').trimEnd()),
      ['SELECT team_id,', '       soft_budget', '', 'FROM "LiteLLM_TeamTable"', ''],
    );
    const without = selectVariant(a, new Set(['LiteLLM_TeamTable.soft_budget']));
    assert.deepEqual(without.notes, ['LiteLLM_TeamTable.soft_budget is missing: soft budgets are empty']);
    // Lines are overwritten with spaces, not removed, so offsets and server error positions still match the file.
    assert.equal(without.sql.split('\n').length, text.split('\n').length);
    assert.deepEqual(
      without.sql
        .split('\n')
        .slice(3)
        .map((l) => l.replace(/\s*--.*$/, '').trimEnd()),
      ['SELECT team_id,', '', '       NULL::float8 AS soft_budget', 'FROM "LiteLLM_TeamTable"', ''],
    );
    assert.equal(without.sql.length, text.length);
  });

  test('optional parts: a note is required, tags must name a declared part, and each part must be used', () => {
    const a = parseAnalysis(
      [
        '-- optional: LiteLLM_TeamTable.soft_budget',
        '-- optional: LiteLLM_TagTable -- tags are empty',
        'SELECT 1 -- if: LiteLLM_Nope',
      ].join('\n'),
      source,
    );
    assert.equal(a.problems.length, 3, a.problems.join(' | '));
    assert.match(a.problems[0], /line 1: "-- optional:" needs one Table.*" -- " and what is missing/);
    assert.match(a.problems[1], /line 3: "-- if: LiteLLM_Nope" names no "-- optional:" entry/);
    assert.match(a.problems[2], /"-- optional: LiteLLM_TagTable" is declared but no SQL line is tagged/);
  });

  test('an empty file has no statement', () => {
    assert.match(parseAnalysis('-- name: x\n', source).problems.join(), /no SQL statement/);
  });
});

describe('scanSql', () => {
  test('ignores $n and ; inside comments, strings, quoted identifiers and dollar quotes', () => {
    const scan = scanSql(
      [
        '-- $9; in a comment',
        '/* $8; /* nested */ still comment; */',
        "SELECT '$7;''s', E'\\'$6;', \"col$5;\", $tag$ $4; $tag$, $$ $3; $$, x$y, x$10, $1 + $2",
        'FROM t;  -- trailing',
        '',
      ].join('\n'),
    );
    assert.deepEqual(scan.placeholders, [1, 2]);
    assert.equal(scan.statements, 1);
    assert.ok(scan.body.endsWith('FROM t'), scan.body);
  });

  test('counts statements separated by semicolons', () => {
    assert.equal(scanSql('SELECT 1; SELECT 2;').statements, 2);
    assert.equal(scanSql(';;').statements, 0);
  });
});

describe('resolveDate (UTC)', () => {
  // 2026-03-31 is a Tuesday; 23:30 UTC is already April 1 in Asia but still March 31 in UTC.
  const now = new Date('2026-03-31T23:30:00Z');
  const cases: [string, string | undefined][] = [
    ['2026-02-28', '2026-02-28'],
    ['2026-02-30', undefined],
    ['today', '2026-03-31'],
    [' Yesterday ', '2026-03-30'],
    ['30 days ago', '2026-03-01'],
    ['1 day ago', '2026-03-30'],
    ['2 weeks ago', '2026-03-17'],
    ['1 month ago', '2026-02-28'],
    ['1 year ago', '2025-03-31'],
    ['start of month', '2026-03-01'],
    ['start of this month', '2026-03-01'],
    ['start of last month', '2026-02-01'],
    ['end of last month', '2026-02-28'],
    ['start of week', '2026-03-30'],
    ['start of last week', '2026-03-23'],
    ['end of last week', '2026-03-29'],
    ['start of year', '2026-01-01'],
    ['end of last year', '2025-12-31'],
    ['end of month', undefined],
    ['next tuesday', undefined],
    ["2026-01-01'; DROP TABLE x; --", undefined],
  ];
  for (const [text, expected] of cases) {
    test(`${JSON.stringify(text)} -> ${expected}`, () => assert.equal(resolveDate(text, now), expected));
  }
});

describe('bindParams', () => {
  const analysis = parseAnalysis(
    [
      '-- param: from date 7 days ago',
      '-- param: team text',
      '-- param: limit int 10',
      '-- param: ratio number 0.8',
      'SELECT $1::date, $2, $3, $4::float8',
    ].join('\n'),
    source,
  );
  const now = new Date('2026-10-31T12:00:00Z');

  test('fills defaults, resolves relative dates and converts numbers', () => {
    const bound = bindParams(analysis, { team: 'ml' }, now);
    assert.deepEqual(bound.values, ['2026-10-24', 'ml', 10, 0.8]);
    assert.deepEqual(bound.byName, { from: '2026-10-24', team: 'ml', limit: 10, ratio: 0.8 });
  });

  test('passes hostile text through untouched, as a value', () => {
    const hostile = `'; DROP TABLE "LiteLLM_SpendLogs"; --`;
    assert.equal(bindParams(analysis, { team: hostile }, now).values[1], hostile);
  });

  const usage = (fn: () => unknown, pattern: RegExp) =>
    assert.throws(fn, (err: unknown) => err instanceof LensError && err.kind === 'usage' && pattern.test(err.describe()));

  test('rejects unknown, missing and invalid values with usage errors', () => {
    usage(() => bindParams(analysis, { team: 'x', tema: 'y' }, now), /no parameter "tema".*team \(text, required\)/s);
    usage(() => bindParams(analysis, {}, now), /needs a value for parameter "team"/);
    usage(() => bindParams(analysis, { team: 'x', from: '2026-13-01' }, now), /"2026-13-01" is not a date/);
    usage(() => bindParams(analysis, { team: 'x', limit: '10; DROP' }, now), /not a whole number/);
    usage(() => bindParams(analysis, { team: 'x', ratio: 'NaN' }, now), /not a number/);
  });
});
