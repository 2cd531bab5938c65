import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { queryTitle } from '../../src/extension/panels/queryTitle';

describe('results tab title of editor SQL', () => {
  test('a -- name: header wins, then the first comment, then the file name, then the table selected from', () => {
    assert.equal(queryTitle('-- name: Top users\n-- description: x\nSELECT 1', 'a.sql'), 'Top users');
    assert.equal(queryTitle('-- Spend per key last week\nSELECT * FROM "LiteLLM_SpendLogs"', 'a.sql'), 'Spend per key last week');
    assert.equal(queryTitle('-- param: days\nSELECT 1', 'report.sql'), 'report.sql', 'a header line is not a title');
    assert.equal(queryTitle('SELECT * FROM public."LiteLLM_SpendLogs" LIMIT 5', undefined), 'SpendLogs query');
    assert.equal(queryTitle('select 1', undefined), 'Query');
    assert.equal(queryTitle(`-- ${'x'.repeat(100)}\nSELECT 1`, undefined).length, 60);
  });
});
