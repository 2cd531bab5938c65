import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analysisSlug, buildAnalysisFile } from '../../src/core/sql/analysisFile';
import { parseAnalysis } from '../../src/core/analyses/parseAnalysis';
import { bundledCatalog } from '../../src/core/sql/catalog';
import { planText, planTree } from '../../src/core/sql/explainPlan';

/** EXPLAIN (FORMAT JSON) output of PostgreSQL 15 for a SpendLogs → key join (trimmed to the keys the view reads). */
const PLAN = [
  {
    Plan: {
      'Node Type': 'Aggregate',
      Strategy: 'Hashed',
      'Startup Cost': 420.5,
      'Total Cost': 430.5,
      'Plan Rows': 200,
      Plans: [
        {
          'Node Type': 'Hash Join',
          'Join Type': 'Left',
          'Startup Cost': 20,
          'Total Cost': 400,
          'Plan Rows': 9000,
          'Hash Cond': '(sl.api_key = vt.token)',
          Plans: [
            {
              'Node Type': 'Seq Scan',
              'Relation Name': 'LiteLLM_SpendLogs',
              Alias: 'sl',
              'Startup Cost': 0,
              'Total Cost': 350,
              'Plan Rows': 9000,
            },
            {
              'Node Type': 'Hash',
              'Startup Cost': 15,
              'Total Cost': 15,
              'Plan Rows': 300,
              Plans: [
                {
                  'Node Type': 'Seq Scan',
                  'Relation Name': 'LiteLLM_VerificationToken',
                  Alias: 'vt',
                  'Startup Cost': 0,
                  'Total Cost': 15,
                  'Plan Rows': 300,
                },
              ],
            },
          ],
        },
      ],
    },
  },
];

describe('EXPLAIN plan view', () => {
  test('a readable tree, the costly node highlighted by its own share of the cost', () => {
    const tree = planTree(PLAN);
    assert.deepEqual(
      tree.lines.map((l) => [l.depth, l.costly]),
      [
        [0, false],
        [1, false],
        [2, true],
        [2, false],
        [3, false],
      ],
    );
    assert.equal(Math.round(tree.lines[2].share * 100), 81);
    const text = planText(tree, 'Explain: q.sql line 1');
    assert.match(text, /Total cost 430\.5 \(estimate; no ANALYZE\)/);
    assert.match(text, /▲ {2}81% {7}└─ Seq Scan on "LiteLLM_SpendLogs" sl \(cost 0\.\.350, rows 9000\)/);
    assert.match(text, /Left Hash Join \[\(sl\.api_key = vt\.token\)\]/);
    assert.match(text, /^ {7}Hashed Aggregate \(cost 420\.5\.\.430\.5, rows 200\)$/m);
  });

  test('with ANALYZE the share is of actual time', () => {
    const analyzed = [
      {
        Plan: {
          'Node Type': 'Seq Scan',
          'Relation Name': 'LiteLLM_SpendLogs',
          'Total Cost': 10,
          'Plan Rows': 5,
          'Actual Total Time': 3.2,
          'Actual Rows': 7,
          'Actual Loops': 1,
        },
        'Execution Time': 3.5,
      },
    ];
    const text = planText(planTree(analyzed), 'x');
    assert.match(text, /execution 3\.5 ms \(ANALYZE\)/);
    assert.match(text, /▲ 100% Seq Scan .* actual 3\.2 ms × 1, rows 7/);
    assert.throws(() => planTree([{}]), /no plan/);
  });
});

describe('Save as Analysis', () => {
  test('a header-annotated file that the analyses loader accepts', () => {
    const sql =
      'SELECT sl.model, SUM(sl.spend) FROM "LiteLLM_SpendLogs" sl\nWHERE sl."startTime" >= $1::date AND sl.team_id = $2\nGROUP BY 1;';
    const text = buildAnalysisFile('Spend by model', sql, bundledCatalog());
    assert.equal(
      text,
      [
        '-- name: Spend by model',
        '-- description: ',
        '-- param: p1 text',
        '-- param: p2 text',
        '-- requires: LiteLLM_SpendLogs(model, spend, startTime, team_id)',
        'SELECT sl.model, SUM(sl.spend) FROM "LiteLLM_SpendLogs" sl',
        'WHERE sl."startTime" >= $1::date AND sl.team_id = $2',
        'GROUP BY 1',
        '',
      ].join('\n'),
    );
    const parsed = parseAnalysis(text, { id: analysisSlug('Spend by model'), origin: 'workspace' });
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(parsed.requires, [{ table: 'LiteLLM_SpendLogs', columns: ['model', 'spend', 'startTime', 'team_id'] }]);
    assert.equal(analysisSlug('  Spend: by Model (EU)! '), 'spend-by-model-eu');
  });
});
