import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseAnalysis } from '../../src/core/analyses/parseAnalysis';
import { analysisFolders } from '../../src/extension/logic/analysisFolders';
import { checkParamValue, paramPrompt } from '../../src/extension/logic/analysisParams';

const analysis = parseAnalysis(
  [
    '-- name: Spend window',
    '-- description: test',
    '-- param: from date 30 days ago',
    '-- param: limit int 20',
    '-- param: team text',
    'SELECT $1::date, $2::int, $3::text',
  ].join('\n'),
  { id: 'spend-window', origin: 'workspace', path: '/ws/spend-window.sql' },
);

describe('saved analysis parameter prompts', () => {
  test('each prompt carries the default, the step and what the value must look like', () => {
    const [from, limit, team] = analysis.params;
    const first = paramPrompt(analysis, from, 1);
    assert.equal(first.title, 'Spend window (1/3): from');
    assert.match(first.prompt, /^from: a UTC date: YYYY-MM-DD, today, .*N days\|weeks\|months\|years ago/);
    assert.equal(first.value, '30 days ago');
    assert.equal(first.placeHolder, 'YYYY-MM-DD or e.g. "30 days ago"');
    assert.equal(paramPrompt(analysis, limit, 2).value, '20');
    assert.match(paramPrompt(analysis, team, 3).prompt, /— required$/);
    assert.equal(paramPrompt(analysis, team, 3).value, '');
  });

  test('values are checked exactly as the engine binds them; relative dates resolve in UTC', () => {
    const [from, limit] = analysis.params;
    const now = new Date('2026-11-27T23:30:00Z');
    assert.deepEqual(checkParamValue(analysis, from, '30 days ago', now), { resolved: '2026-10-28' });
    assert.deepEqual(checkParamValue(analysis, from, 'start of last month', now), { resolved: '2026-10-01' });
    assert.match((checkParamValue(analysis, from, '2026-02-30', now) as { error: string }).error, /is not a date/);
    assert.deepEqual(checkParamValue(analysis, limit, ' 5 ', now), { resolved: '5' });
    assert.match((checkParamValue(analysis, limit, '5.5', now) as { error: string }).error, /not a whole number/);
  });
});

describe('analysis folders', () => {
  test('relative entries apply under every workspace folder; absolute ones once; duplicates dropped', () => {
    assert.deepEqual(analysisFolders(['.litellm-lens/analyses', '/shared/sql', ' ', '/shared/sql'], ['/ws/a', '/ws/b']), [
      '/ws/a/.litellm-lens/analyses',
      '/ws/b/.litellm-lens/analyses',
      '/shared/sql',
    ]);
    assert.deepEqual(analysisFolders(['.litellm-lens/analyses'], []), []);
  });
});
