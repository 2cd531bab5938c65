import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BoundedMemo, memoized, TupleMemo } from '../../src/core/cbf/memo';

describe('TupleMemo', () => {
  test('equal tuples share one value; any differing field makes another', () => {
    const memo = new TupleMemo<object>();
    let made = 0;
    const get = (a: string | null, b: string | null, fields: (string | null)[]) => memo.get(a, b, fields, () => ({ n: ++made }));
    const first = get('k', 'x', ['p', 'm']);
    assert.equal(get('k', 'x', ['p', 'm']), first);
    assert.notEqual(get('k', 'x', ['p', 'n']), first);
    assert.notEqual(get('k', 'y', ['p', 'm']), first);
    assert.notEqual(get('j', 'x', ['p', 'm']), first);
    assert.equal(made, 4);
  });

  test('NULL and empty string are different keys', () => {
    const memo = new TupleMemo<string>();
    assert.equal(
      memo.get('k', null, [null], () => 'null'),
      'null',
    );
    assert.equal(
      memo.get('k', '', [''], () => 'empty'),
      'empty',
    );
    assert.equal(
      memo.get('k', null, [''], () => 'mixed'),
      'mixed',
    );
    assert.equal(
      memo.get('k', null, [null], () => 'again'),
      'null',
    );
  });

  test('by default a day of a large proxy (25,000 identities, revisited in the same order every day) is built once', () => {
    const memo = new TupleMemo<number>();
    let made = 0;
    for (let day = 0; day < 3; day++) for (let k = 0; k < 25_000; k++) memo.get(`key-${k}`, null, ['m'], () => ++made);
    assert.equal(made, 25_000);
  });

  test('a tuple longer or shorter than the first one is a programming error, not a miss', () => {
    const memo = new TupleMemo<number>();
    assert.equal(
      memo.get('k', 'x', ['a', 'b'], () => 1),
      1,
    );
    assert.throws(() => memo.get('k', 'x', ['a'], () => 2), /TupleMemo of 2 fields was asked with 1/);
    assert.throws(() => memo.get('k', 'x', ['a', 'b', 'c'], () => 3), /TupleMemo of 2 fields was asked with 3/);
  });

  test('entries sharing both hashed fields are told apart by every other field, in either order of arrival', () => {
    const memo = new TupleMemo<string>();
    const tuples = [
      ['p', 'u1'],
      ['p', 'u2'],
      ['q', 'u1'],
      ['p', null],
      ['p', ''],
    ];
    for (const t of tuples) memo.get('k', 'm', t, () => t.join('/'));
    for (const t of [...tuples].reverse()) {
      assert.equal(
        memo.get('k', 'm', t, () => 'rebuilt'),
        t.join('/'),
      );
    }
  });

  test('onSecondSight: a new tuple is made but not kept; seen again it is made once more and kept', () => {
    const memo = new TupleMemo<string>();
    const made: boolean[] = [];
    const get = (user: string) => memo.get('k', 'm', [user], (kept) => (made.push(kept), `${user}:${made.length}`), true);
    assert.equal(get('u1'), 'u1:1');
    assert.equal(get('u1'), 'u1:2', 'the first value was not kept: a second one is made');
    assert.equal(get('u1'), 'u1:2', 'and that one is kept');
    assert.deepEqual(made, [false, true]);
    assert.equal(get('u2'), 'u2:3', 'another tuple starts unseen');
    assert.equal(
      memo.get('k', 'm', ['u9'], () => 'always', false),
      'always',
    );
    assert.equal(
      memo.get('k', 'm', ['u9'], () => 'again', false),
      'always',
      'without onSecondSight a tuple is kept at once',
    );
  });

  test('onSecondSight tells NULL from empty and each field from its neighbours', () => {
    const memo = new TupleMemo<string>();
    const kept: string[] = [];
    const get = (first: string | null, fields: (string | null)[]) =>
      memo.get(first, null, fields, (k) => (k && kept.push(JSON.stringify([first, fields])), 'v'), true);
    for (const [first, fields] of [
      ['a', ['bc', '']],
      ['ab', ['c', '']],
      ['a', ['b', 'c']],
      [null, ['', '']],
      ['', [null, '']],
      ['', ['', null]],
    ] as [string | null, (string | null)[]][]) {
      get(first, fields);
    }
    assert.deepEqual(kept, [], 'six different tuples, each seen once: none looks seen');
  });

  test('onSecondSight remembers a bounded number of recent tuples (fixed memory): one seen long ago counts as new', () => {
    const memo = new TupleMemo<number>();
    let kept = 0;
    const get = (user: string) => memo.get('k', 'm', [user], (k) => (k ? ++kept : 0), true);
    get('old');
    for (let i = 0; i < 1_000_000; i++) get(`u${i}`);
    assert.ok(kept < 1_000, `a million tuples seen once keep almost nothing (fingerprint collisions only): ${kept}`);
    get('old');
    assert.equal(
      memo.get('k', 'm', ['old'], () => -1, true),
      -1,
      'after a million other tuples "old" was forgotten',
    );
  });

  test('bounded: old entries are dropped, recently used ones survive a generation change', () => {
    const memo = new TupleMemo<number>(3);
    let made = 0;
    const get = (k: string) => memo.get(k, null, [], () => ++made);
    const kept = get('a');
    for (const k of ['b', 'c', 'd']) get(k); // 'a'..'c' fill a generation; 'd' starts the next one
    assert.equal(get('a'), kept, 'a is still in the previous generation and moves to the current one');
    for (const k of ['e', 'f', 'g', 'h']) get(k); // two more generations: 'b' is gone
    const before = made;
    get('b');
    assert.equal(made, before + 1, 'b was evicted and is rebuilt');
  });
});

describe('BoundedMemo and memoized', () => {
  test('memoized calls the function once per distinct recent input and maps empty input like ""', () => {
    let calls = 0;
    const upper = memoized((v) => (calls++, v.toUpperCase()), 2);
    assert.equal(upper('a'), 'A');
    assert.equal(upper('a'), 'A');
    assert.equal(upper(null), '');
    assert.equal(upper(undefined), '');
    assert.equal(calls, 2, "'a' once, '' once at creation");
  });

  test('BoundedMemo keeps at most two generations', () => {
    const memo = new BoundedMemo<number, number>(2);
    let made = 0;
    for (const k of [1, 2, 3, 4, 5, 6]) memo.get(k, () => ++made);
    memo.get(1, () => ++made);
    assert.equal(made, 7, '1 was evicted');
    memo.get(6, () => ++made);
    assert.equal(made, 7, '6 is still cached');
  });
});
