// Issue 16, finding 9: webview messages are checked against their protocol types, and the SQL of a restored
// results panel is taken only if this host ran it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RanQueries } from '../../src/extension/logic/ranQueries';
import { isGraphToHost, isResultsToHost, isSpendToHost } from '../../src/extension/logic/webviewMessages';

const filters = { from: '2026-10-01', to: '2026-10-31', basis: 'daily', topN: 10 };

describe('security: webview messages are validated', () => {
  test('results: the protocol passes, anything else is dropped', () => {
    for (const ok of [
      { type: 'ready' },
      { type: 'copy', text: 'x', what: 'cell' },
      { type: 'copy', text: 'a\tb\nc\td', what: 'rows' },
      { type: 'export', format: 'csv' },
      { type: 'rerun' },
    ]) {
      assert.equal(isResultsToHost(ok), true, JSON.stringify(ok));
    }
    for (const bad of [
      null,
      'rerun',
      [],
      {},
      { type: 'run', sql: 'DROP TABLE x' },
      { type: 'export', format: 'xlsx' },
      { type: 'copy', text: 5, what: 'cell' },
      { type: 'copy', text: 'x', what: 'everything' },
      { type: 'toString' },
      { type: '__proto__' },
      { type: 'constructor' },
    ]) {
      assert.equal(isResultsToHost(bad), false, JSON.stringify(bad));
    }
  });

  test('spend and graph: nested requests are checked too', () => {
    assert.equal(isSpendToHost({ type: 'compute', filters }), true);
    assert.equal(isSpendToHost({ type: 'compute', filters: { ...filters, basis: 'everything' } }), false);
    assert.equal(isSpendToHost({ type: 'compute', filters: { ...filters, topN: '10; DROP' } }), false);
    assert.equal(isSpendToHost({ type: 'export', table: 'tree', format: 'csv' }), true);
    assert.equal(isSpendToHost({ type: 'export', table: '../../etc/passwd', format: 'csv' }), false);
    assert.equal(isGraphToHost({ type: 'entities', requestId: 1, request: { filters, focus: '', keys: true, topN: 5 } }), true);
    assert.equal(isGraphToHost({ type: 'entities', requestId: 1, request: { filters: null, focus: '', keys: true, topN: 5 } }), false);
    assert.equal(isGraphToHost({ type: 'er', requestId: 2, request: { columns: 'keys' } }), true);
    assert.equal(isGraphToHost({ type: 'er', requestId: 2, request: { columns: 'keys', groups: [1] } }), false);
    assert.equal(isGraphToHost({ type: 'exportSvg', svg: '<svg/>' }), false, 'name is required');
  });
});

describe('security: a restored panel runs only SQL this host ran', () => {
  test('RanQueries remembers digests of (sql, params), bounded', async () => {
    const store = new Map<string, unknown>();
    const memento = { get: <T>(k: string) => store.get(k) as T | undefined, update: async (k: string, v: unknown) => void store.set(k, v) };
    const ran = new RanQueries(memento);
    await ran.remember('SELECT $1::int', [1]);
    assert.equal(ran.has('SELECT $1::int', [1]), true);
    assert.equal(ran.has('SELECT $1::int', [2]), false, 'other parameters are another query');
    assert.equal(ran.has("COPY (SELECT 1) TO PROGRAM 'id'", []), false, 'SQL planted in webview state is not trusted');
    for (let i = 0; i < 250; i++) await ran.remember(`SELECT ${i}`, []);
    assert.equal((store.get('litellmLens.results.ranQueries') as string[]).length, 200);
    assert.equal(ran.has('SELECT 249', []), true);
    assert.equal(ran.has('SELECT $1::int', [1]), false, 'the oldest are forgotten');
  });
});
