/**
 * The generated mermaid text parses and renders in mermaid 11 itself (bundled, in Debian Chromium, with
 * securityLevel 'strict' as the graph webview uses it), and hostile names come out as inert literal text.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { buildEntityGraph, type EntityEdge, type EntityNode } from '../../src/core/diagram/entityGraph';
import { buildErDiagram } from '../../src/core/diagram/erDiagram';
import { groupOf } from '../../src/core/schema/litellmTables';
import { LOGICAL_RELATIONS } from '../../src/core/schema/logicalRelations';
import { bundleScript, collectErrors, launchBrowser, servePage, type ServedPage } from '../support/browser';
import { HOSTILE_NAMES, hostileModel, litellmModel } from '../support/diagramFixtures';

/** Page side: parse, then render, then report what the SVG contains once inserted into the document. */
const HARNESS = `
import mermaid from 'mermaid';
mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });
let count = 0;
async function check(text) {
  let type;
  try { type = (await mermaid.parse(text)).diagramType; } catch (e) { return { ok: false, stage: 'parse', error: String(e?.message ?? e) }; }
  const started = performance.now();
  let svg;
  try { ({ svg } = await mermaid.render('diagram' + count++, text)); } catch (e) { return { ok: false, stage: 'render', error: String(e?.message ?? e) }; }
  const ms = performance.now() - started;
  const host = document.getElementById('out');
  host.innerHTML = svg;
  const root = host.querySelector('svg');
  const all = [...root.querySelectorAll('*')];
  return {
    ok: true, type, ms,
    nodes: root.querySelectorAll('g.node').length,
    solid: root.querySelectorAll('path.relationshipLine.edge-pattern-solid').length,
    dashed: root.querySelectorAll('path.relationshipLine.edge-pattern-dashed').length,
    flowEdges: root.querySelectorAll('.edgePaths path').length,
    labels: [...root.querySelectorAll('span.nodeLabel, span.edgeLabel')].map((e) => e.textContent),
    active: all.filter((e) => ['script', 'img', 'iframe', 'object', 'embed', 'a', 'i', 'math', 'strong', 'em'].includes(e.localName)).map((e) => e.localName),
    handlers: all.flatMap((e) => [...e.attributes].filter((a) => /^on/i.test(a.name) || /javascript:/i.test(a.value)).map((a) => e.localName + '@' + a.name)),
  };
}
window.diagramHarness = { check };
`;

interface Check {
  ok: boolean;
  stage?: string;
  error?: string;
  type: string;
  ms: number;
  nodes: number;
  solid: number;
  dashed: number;
  flowEdges: number;
  labels: string[];
  active: string[];
  handlers: string[];
}

let browser: Browser;
let served: ServedPage;
let page: Page;
let errors: string[];
const dialogs: string[] = [];

before(async () => {
  const script = await bundleScript({ source: HARNESS });
  served = await servePage({
    'index.html':
      '<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"></head><body><div id="out"></div><script src="main.js"></script></body></html>',
    'main.js': script,
  });
  browser = await launchBrowser();
  page = await browser.newPage();
  errors = collectErrors(page);
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(served.url);
  await page.waitForFunction(() => 'diagramHarness' in globalThis);
});

after(async () => {
  await browser?.close();
  await served?.close();
});

function check(text: string): Promise<Check> {
  return page.evaluate(
    (t) => (globalThis as unknown as { diagramHarness: { check(t: string): Promise<Check> } }).diagramHarness.check(t),
    text,
  );
}

async function assertRenders(text: string, what: string): Promise<Check> {
  const result = await check(text);
  assert.ok(result.ok, `${what}: ${result.stage} failed: ${result.error}\n${text.slice(0, 2000)}`);
  assert.deepEqual(result.active, [], `${what}: no active or formatted elements`);
  assert.deepEqual(result.handlers, [], `${what}: no event handlers`);
  return result;
}

describe('mermaid 11 in Chromium', () => {
  test('the harness does reject a broken diagram', async () => {
    const result = await check('erDiagram\n  A["un"escaped"]\n');
    assert.equal(result.ok, false);
    assert.equal(result.stage, 'parse');
  });

  test('LiteLLM catalog (64 tables + 8 views): parses and renders with columns none, keys and all', async () => {
    const model = litellmModel();
    const times: string[] = [];
    for (const columns of ['none', 'keys', 'all'] as const) {
      const d = buildErDiagram(model, LOGICAL_RELATIONS, { groupOf, columns });
      const r = await assertRenders(d.source, `litellm ${columns}`);
      assert.equal(r.type, 'er');
      assert.equal(r.nodes, 72);
      assert.equal(r.solid, 28, 'declared FKs drawn solid');
      assert.equal(r.dashed, d.relationCount - 28, 'logical relations drawn dashed');
      assert.ok(r.labels.includes('api_key = token'));
      assert.ok(r.labels.includes('members_with_roles[*].user_id'));
      assert.ok(r.labels.includes('MonthlyGlobalSpend (view)'));
      times.push(`${columns}: ${Math.round(r.ms)} ms (${d.source.length} chars, ${d.relationCount} relations)`);
    }
    console.log(`ER render time for 72 entities — ${times.join('; ')}`);
  });

  test('focused diagram renders only the table and its neighbours', async () => {
    const d = buildErDiagram(litellmModel(), LOGICAL_RELATIONS, { groupOf, columns: 'keys', focus: 'LiteLLM_TeamTable' });
    const r = await assertRenders(d.source, 'focus');
    assert.equal(r.nodes, d.tables.length);
  });

  for (const columns of ['none', 'keys', 'all'] as const) {
    test(`hostile table, column and relation names render as literal text (columns ${columns})`, async () => {
      const { model, relations } = hostileModel();
      const d = buildErDiagram(model, relations, { groupOf: () => 'other', columns });
      const r = await assertRenders(d.source, `hostile ${columns}`);
      assert.equal(r.nodes, model.tables.length);
      assert.equal(r.solid + r.dashed, d.relationCount);
      for (const name of HOSTILE_NAMES) {
        assert.ok(r.labels.includes(name.replace('\n', ' ')), `label ${JSON.stringify(name)} shown literally`);
      }
      assert.ok(r.labels.includes('view "v" <b> (view)'));
      assert.ok(r.labels.includes('<script>alert(1)</script>[*] ∋ "id" | end {x}; <b>'));
      if (columns === 'all') assert.ok(r.labels.includes('ref "1" | {x} (timestamp(3) without time zone)'));
    });
  }

  test('entity graph with hostile aliases and money strings renders as literal text', async () => {
    const nodes: EntityNode[] = HOSTILE_NAMES.map((label, i) => ({
      id: `n${i}`,
      kind: (['org', 'team', 'user', 'key'] as const)[i % 4],
      label,
      spend: i + 1,
    }));
    // Every fourth node is an org, parent of the next three; topN is large enough that every node is drawn.
    const edges: EntityEdge[] = nodes.flatMap((n, i) => (i % 4 === 0 ? [] : [{ from: `n${i - (i % 4)}`, to: n.id, spend: n.spend }]));
    const g = buildEntityGraph({ nodes, edges }, { topN: HOSTILE_NAMES.length, formatMoney: (n) => `$${n.toFixed(2)} "x" | end {y}; %%` });
    assert.equal(g.nodeIds.size, nodes.length);
    const r = await assertRenders(g.source, 'entity graph');
    assert.equal(r.type, 'flowchart-v2');
    for (const name of HOSTILE_NAMES) {
      assert.ok(
        r.labels.some((l) => l.startsWith(name.replace('\n', ' '))),
        `alias ${JSON.stringify(name)} shown as text`,
      );
    }
    assert.ok(r.labels.includes('$2.00 "x" | end {y}; %%'), `edge label literal: ${JSON.stringify(r.labels.slice(0, 3))}`);
    assert.equal(r.nodes, g.nodeIds.size + (g.source.match(/^ {2}o\d+/gm)?.length ?? 0));
  });

  test('a large installation stays legible: 1 org, 30 teams, 3000 users, 6000 keys with top 5', async () => {
    const nodes: EntityNode[] = [{ id: 'org', kind: 'org', label: 'Acme', spend: 0 }];
    const edges: EntityEdge[] = [];
    for (let t = 0; t < 30; t++) {
      nodes.push({ id: `t${t}`, kind: 'team', label: `team ${t}`, spend: 0 });
      edges.push({ from: 'org', to: `t${t}`, spend: 100 + t });
      for (let u = 0; u < 100; u++) {
        nodes.push({ id: `t${t}u${u}`, kind: 'user', label: `user ${t}.${u}`, spend: u });
        edges.push({ from: `t${t}`, to: `t${t}u${u}`, spend: u });
        for (let k = 0; k < 2; k++) {
          nodes.push({ id: `t${t}u${u}k${k}`, kind: 'key', label: `sk-…${k}`, spend: u / 2 });
          edges.push({ from: `t${t}u${u}`, to: `t${t}u${u}k${k}`, spend: u / 2 });
        }
      }
    }
    const g = buildEntityGraph({ nodes, edges }, { topN: 5, formatMoney: (n) => `$${n.toFixed(2)}` });
    const r = await assertRenders(g.source, 'large entity graph');
    assert.ok(r.nodes < 100, `${r.nodes} nodes drawn`);
    console.log(`Entity graph render time (9031 entities → ${r.nodes} nodes): ${Math.round(r.ms)} ms`);
  });

  test('empty selections still parse', async () => {
    await assertRenders(buildErDiagram(litellmModel(), [], { groupOf, columns: 'none', tables: [] }).source, 'empty ER');
    await assertRenders(buildEntityGraph({ nodes: [], edges: [] }, { topN: 5, formatMoney: String }).source, 'empty graph');
  });

  test('nothing hostile executed', () => {
    assert.deepEqual(dialogs, []);
    assert.deepEqual(errors, []);
  });
});
