import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { DailyFact } from '../../src/core/attribution/dailyFacts';
import { splitCells } from '../../src/core/attribution/split';
import type { Measures } from '../../src/core/attribution/types';

const m = (spend: number, apiRequests: number, promptTokens = 0): Measures => ({
  spend,
  apiRequests,
  successfulRequests: apiRequests,
  failedRequests: 0,
  promptTokens,
  completionTokens: 0,
  cacheReadInputTokens: 0,
  cacheCreationInputTokens: 0,
});

const fact = (
  kind: 'user' | 'team',
  entity: string,
  range: Measures,
  date: string | null = null,
  apiKey = 'k1',
  model = 'gpt',
): DailyFact => ({ kind, date, span: date ?? '2026-10-01..2026-10-31', apiKey, model, entity, range, lifetime: range.spend });

const find = (cells: ReturnType<typeof splitCells>, teamId: string | null, userId: string) =>
  cells.find((c) => c.teamId === teamId && c.userId === userId);

describe('splitting user and team rows into tree cells', () => {
  test('one owner: team rows go to the owner unchanged, the rest is the no-team-row cell', () => {
    const cells = splitCells([fact('user', 'alice', m(3, 5, 100)), fact('team', 't1', m(2, 3, 60))]);
    assert.deepEqual(find(cells, 't1', 'alice')?.m, m(2, 3, 60));
    assert.deepEqual(find(cells, null, 'alice')?.m, m(1, 2, 40));
    assert.ok(cells.every((c) => !c.apportioned));
  });

  test('a key that moved team keeps both teams under its owner and no remainder', () => {
    const cells = splitCells([fact('user', 'alice', m(3, 3)), fact('team', 'old', m(1, 1)), fact('team', 'new', m(2, 2))]);
    assert.equal(cells.length, 2);
    assert.deepEqual([find(cells, 'old', 'alice')?.m.spend, find(cells, 'new', 'alice')?.m.spend], [1, 2]);
  });

  test("two owners on one day: each measure is apportioned by the users' own share of it", () => {
    const cells = splitCells([
      fact('user', 'alice', m(1.5, 1), '2026-10-10'),
      fact('user', 'bob', m(0.5, 3), '2026-10-10'),
      fact('team', 't1', m(2, 4), '2026-10-10'),
    ]);
    assert.deepEqual([find(cells, 't1', 'alice')?.m.spend, find(cells, 't1', 'bob')?.m.spend], [1.5, 0.5]);
    assert.deepEqual([find(cells, 't1', 'alice')?.m.apiRequests, find(cells, 't1', 'bob')?.m.apiRequests], [1, 3]);
    assert.equal(find(cells, null, 'alice'), undefined, 'no remainder when team rows cover the user rows');
    assert.ok(cells.every((c) => c.apportioned));
  });

  test('days are split separately, one cell per (day, team, user, key, model): a day keeps its coverage', () => {
    const cells = splitCells([
      fact('user', 'alice', m(1, 1), '2026-10-10'),
      fact('user', 'bob', m(1, 1), '2026-10-10'),
      fact('team', 't1', m(2, 2), '2026-10-10'),
      fact('user', 'alice', m(4, 4), '2026-10-11'),
      fact('team', 't1', m(4, 4), '2026-10-11'),
    ]);
    const alice = cells.filter((c) => c.teamId === 't1' && c.userId === 'alice');
    assert.deepEqual(
      alice.map((c) => [c.span, c.m.spend]),
      [
        ['2026-10-10', 1],
        ['2026-10-11', 4],
      ],
    );
    assert.equal(find(cells, 't1', 'bob')?.m.spend, 1);
    assert.equal(cells.length, 3);
  });

  test('the old and new hash of a regenerated key read under one hash merge into one share', () => {
    const cells = splitCells([fact('user', 'alice', m(1, 1)), fact('user', 'alice', m(2, 2)), fact('team', 't1', m(3, 3))]);
    assert.deepEqual(
      cells.map((c) => [c.teamId, c.userId, c.m.spend, c.apportioned]),
      [['t1', 'alice', 3, false]],
    );
  });

  test('team rows without user rows keep the team exact and leave a negative remainder under the empty user', () => {
    const cells = splitCells([fact('team', 't1', m(0.4, 1))]);
    assert.deepEqual(find(cells, 't1', '')?.m, m(0.4, 1));
    assert.deepEqual(find(cells, null, '')?.m, m(-0.4, -1));
  });

  test('a float residue of equal sums added in another order is not a no-team-row cell', () => {
    const cells = splitCells([fact('user', 'alice', m(0.1 + 0.2, 2)), fact('team', 't1', m(0.3, 2))]);
    assert.equal(cells.length, 1);
  });

  test('facts outside the period (all-zero counters) produce nothing; org facts are ignored', () => {
    const cells = splitCells([fact('user', 'alice', m(0, 0)), { ...fact('user', 'x', m(1, 1)), kind: 'org' }]);
    assert.deepEqual(cells, []);
  });
});
