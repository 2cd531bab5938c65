import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { libraryDir } from '../../src/core/analyses/libraryDir';
import { loadAnalyses } from '../../src/core/analyses/loadAnalyses';
import { resolveDate } from '../../src/core/analyses/relativeDate';

describe('the shipped library', () => {
  const library = loadAnalyses({ workspaceDirs: [] });

  test("has the original analysis's four queries and the issue's list", () => {
    const ids = library.map((a) => a.id);
    for (const id of [
      'user-team-membership',
      'spend-attribution',
      'org-rollup',
      'transaction-detail',
      'daily-spend-trend',
      'top-users',
      'top-keys',
      'spend-by-model-provider',
      'team-member-contributions',
      'budget-utilisation',
      'tag-spend',
      'orphaned-keys',
      'failure-rate-by-model',
      'errors-by-model',
      'cache-hit-savings',
      'prompt-cache-tokens',
      'reconciliation',
      'key-inventory',
    ]) {
      assert.ok(ids.includes(id), `missing ${id}`);
    }
    assert.equal(library.length, readdirSync(libraryDir()).filter((f) => f.endsWith('.sql')).length);
  });

  for (const a of library) {
    test(`${a.id}: complete header, no defects, every param has a valid default`, () => {
      assert.deepEqual(a.problems, []);
      assert.equal(a.origin, 'library');
      assert.notEqual(a.name, a.id, 'has a -- name:');
      assert.ok(a.description.length > 40, 'has a -- description:');
      assert.ok(a.requires.length > 0 && a.requires.every((r) => (r.columns ?? []).length > 0), 'requires lists columns');
      for (const p of a.params) {
        assert.ok(p.default !== undefined, `${p.name} has a default`);
        if (p.type === 'date') assert.ok(resolveDate(p.default ?? ''), `${p.name} default resolves`);
      }
      // Identifiers LiteLLM spells in mixed case or as keywords must be quoted to parse on PostgreSQL.
      // Comments (whole-line, and trailing ones such as `-- if: LiteLLM_X`) are dropped after the strings.
      const code = a.sql
        .replace(/'(?:[^']|'')*'/g, "''")
        .split('\n')
        .map((l) => l.replace(/--.*$/, ''))
        .join('\n');
      assert.doesNotMatch(code, /(?<!")\b(LiteLLM_\w+|startTime|endTime)\b(?!")/, 'mixed-case identifiers are quoted');
      assert.doesNotMatch(code, /\.user\b|\buser\s*(=|,|AS)/i, '"user" is quoted');
    });
  }
});

describe('loadAnalyses precedence', () => {
  let root: string;
  let first: string;
  let second: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'lens-analyses-'));
    first = join(root, 'first');
    second = join(root, 'second');
    mkdirSync(first);
    mkdirSync(second);
    writeFileSync(join(first, 'top-users.sql'), '-- name: My top users\nSELECT 1\n');
    writeFileSync(join(first, 'mine.sql'), '-- name: Mine (first)\nSELECT 1\n');
    writeFileSync(join(second, 'mine.sql'), '-- name: Mine (second)\nSELECT 2\n');
    writeFileSync(join(second, 'bad name!.sql'), 'SELECT 3\n');
    writeFileSync(join(second, 'notes.txt'), 'not an analysis');
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  test('later sources replace earlier ones of the same id and say so', () => {
    const all = loadAnalyses({
      workspaceDirs: [first, join(root, 'missing'), second],
      extra: [
        { id: 'mine', name: 'Mine (settings)', sql: 'SELECT 4' },
        { name: 'From Settings!', sql: '-- description: d\nSELECT 5' },
      ],
    });
    const byId = new Map(all.map((a) => [a.id, a]));
    assert.equal(byId.get('top-users')?.name, 'My top users');
    assert.deepEqual(byId.get('top-users')?.overrides?.origin, 'library');
    const mine = byId.get('mine');
    assert.equal(mine?.name, 'Mine (settings)');
    assert.equal(mine?.origin, 'settings');
    assert.equal(mine?.overrides?.path, join(second, 'mine.sql'));
    assert.equal(byId.get('from-settings')?.description, 'd');
    assert.match(byId.get('bad name!')?.problems.join() ?? '', /usable id/);
    assert.ok(!byId.has('notes'));
    assert.deepEqual(
      all.map((a) => a.id),
      [...all.map((a) => a.id)].sort((a, b) => a.localeCompare(b)),
    );
    assert.equal(all.filter((a) => a.id === 'mine').length, 1);
  });
});
