import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LensError } from '../../src/core/errors';
import { toJsonValue } from '../../src/core/files/json';
import { jsonReplacer, kindOfTypeName, toCell, toText } from '../../src/extension/logic/cells';
import { exportFileName } from '../../src/extension/logic/exportFileName';
import { quoteIdent } from '../../src/core/sql/identifiers';
import { previewSql, qualifiedName, sqlToRun } from '../../src/extension/logic/sqlText';

describe('SQL text helpers', () => {
  test('identifiers are quoted with embedded quotes doubled', () => {
    assert.equal(quoteIdent('LiteLLM_SpendLogs'), '"LiteLLM_SpendLogs"');
    assert.equal(quoteIdent('we"ird'), '"we""ird"');
    assert.equal(qualifiedName('public', 'LiteLLM_SpendLogs', 'startTime'), '"public"."LiteLLM_SpendLogs"."startTime"');
    assert.equal(previewSql('public', 'x"; DROP TABLE y; --'), 'SELECT * FROM "public"."x""; DROP TABLE y; --" LIMIT $1');
  });

  test('the selection wins over the document; blank or comment-only SQL is refused', () => {
    assert.equal(sqlToRun('SELECT 1;\nSELECT 2;', '  SELECT 2  '), 'SELECT 2');
    assert.equal(sqlToRun('\n SELECT 1;\n', '   '), 'SELECT 1;');
    for (const text of ['', '  \n', '-- only a comment\n/* and a block */ ;']) {
      assert.throws(
        () => sqlToRun(text, ''),
        (err: unknown) => err instanceof LensError && err.kind === 'usage',
      );
    }
  });

  test('export file names are dated slugs', () => {
    assert.equal(
      exportFileName('Preview: LiteLLM_SpendLogs', 'csv', new Date('2026-11-27T10:00:00Z')),
      'preview-litellm-spendlogs-2026-11-27.csv',
    );
    assert.equal(exportFileName('<>', 'json', new Date('2026-01-02T00:00:00Z')), 'results-2026-01-02.json');
  });
});

describe('cell values', () => {
  test('the grid gets primitives; objects, dates and bytes arrive as text', () => {
    assert.equal(toCell(null), null);
    assert.equal(toCell(undefined), null);
    assert.equal(toCell(42), 42);
    assert.equal(toCell(Number.NaN), 'NaN');
    assert.equal(toCell('12.500000'), '12.500000');
    assert.equal(toCell(true), true);
    assert.equal(toCell({ a: [1, 'x'] }), '{"a":[1,"x"]}');
    assert.equal(toCell(new Date('2026-10-01T12:00:00Z')), '2026-10-01T12:00:00.000Z');
    assert.equal(toCell(Buffer.from([0xde, 0xad])), '\\xdead');
    assert.equal(toCell(['a', null]), '["a",null]');
  });

  test('CSV text and JSON values keep every digit and structure', () => {
    assert.equal(toText(null), '');
    assert.equal(toText(10n ** 20n), '100000000000000000000');
    assert.deepEqual(toJsonValue({ tags: ['a'] }), { tags: ['a'] });
    assert.equal(toJsonValue(Buffer.from('A')), '\\x41');
    assert.equal(JSON.stringify({ b: [Buffer.from([1])], n: 5n }, jsonReplacer), '{"b":["\\\\x01"],"n":"5"}');
  });

  test('column kinds follow the type name', () => {
    assert.deepEqual(['numeric', 'int8', 'float8', 'bool', 'jsonb', 'timestamp', 'date', 'text', 'unknown', 'text[]'].map(kindOfTypeName), [
      'number',
      'number',
      'number',
      'boolean',
      'json',
      'time',
      'time',
      'text',
      'text',
      'text',
    ]);
  });
});
