import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildEntityGraph,
  type EntityEdge,
  type EntityGraphInput,
  type EntityKind,
  type EntityNode,
} from '../../src/core/diagram/entityGraph';
import { HOSTILE_NAMES } from '../support/diagramFixtures';

const money = (n: number) => `$${n.toFixed(2)}`;
const node = (id: string, kind: EntityKind, spend: number, label = id): EntityNode => ({ id, kind, label, spend });

interface Drawn {
  nodes: Map<string, { shape: string; label: string }>;
  edges: { from: string; to: string; label: string }[];
  classes: Map<string, string[]>;
}

/** Reads back the generated flowchart (node labels span two lines: name, then spend). */
function parseFlowchart(source: string): Drawn {
  const drawn: Drawn = { nodes: new Map(), edges: [], classes: new Map() };
  assert.ok(source.startsWith('flowchart LR\n'));
  for (const m of source.matchAll(/^ {2}([no]\d+)(\[\[|\(\[|\{\{|\[\/|\[)"([^"]*)\n([^"\n]*)"(\]\]|\]\)|\}\}|\/\]|\])$/gm)) {
    drawn.nodes.set(m[1], { shape: m[2], label: `${m[3]} / ${m[4]}` });
  }
  for (const m of source.matchAll(/^ {2}([no]\d+) -->\|"([^"\n]*)"\| ([no]\d+)$/gm)) {
    drawn.edges.push({ from: m[1], to: m[3], label: m[2] });
  }
  for (const m of source.matchAll(/^ {2}class ([\w,]+) (\w+)$/gm)) drawn.classes.set(m[2], m[1].split(','));
  const lineCount = source.trimEnd().split('\n').length;
  assert.equal(1 + drawn.nodes.size * 2 + drawn.edges.length + drawn.classes.size, lineCount, 'every line is a node, edge or class line');
  return drawn;
}

/** org → 2 teams; team t1 has 10 users with spend 10..1; each user of t1 has one key. */
function sample(): EntityGraphInput {
  const nodes: EntityNode[] = [node('org', 'org', 70), node('t1', 'team', 55), node('t2', 'team', 15)];
  const edges: EntityEdge[] = [
    { from: 'org', to: 't1', spend: 55 },
    { from: 'org', to: 't2', spend: 15 },
  ];
  for (let i = 1; i <= 10; i++) {
    nodes.push(node(`u${i}`, 'user', 11 - i), node(`k${i}`, 'key', 11 - i));
    edges.push({ from: 't1', to: `u${i}`, spend: 11 - i }, { from: `u${i}`, to: `k${i}`, spend: 11 - i });
  }
  return { nodes, edges };
}

describe('buildEntityGraph', () => {
  test('draws org → team → user → key with spend on nodes and edges, one shape and class per kind', () => {
    const g = buildEntityGraph(sample(), { topN: 20, formatMoney: money });
    const d = parseFlowchart(g.source);
    assert.equal(g.nodeIds.size, 23);
    const id = (x: string) => g.nodeIds.get(x) as string;
    assert.deepEqual(d.nodes.get(id('org')), { shape: '[[', label: 'org / $70.00' });
    assert.equal(d.nodes.get(id('t1'))?.shape, '([');
    assert.equal(d.nodes.get(id('u1'))?.shape, '[');
    assert.equal(d.nodes.get(id('k1'))?.shape, '{{');
    assert.ok(d.edges.some((e) => e.from === id('org') && e.to === id('t1') && e.label === '$55.00'));
    assert.ok(d.edges.some((e) => e.from === id('u3') && e.to === id('k3') && e.label === '$8.00'));
    assert.equal(d.edges.length, 22);
    assert.deepEqual(d.classes.get('e_org'), [id('org')]);
    assert.equal(d.classes.get('e_key')?.length, 10);
  });

  test('keeps the top N children by spend and folds the rest into "others (k)" carrying their sum', () => {
    const g = buildEntityGraph(sample(), { topN: 3, formatMoney: money });
    const d = parseFlowchart(g.source);
    const t1 = g.nodeIds.get('t1') as string;
    const fromT1 = d.edges.filter((e) => e.from === t1);
    assert.equal(fromT1.length, 4);
    assert.deepEqual(
      fromT1.slice(0, 3).map((e) => e.to),
      ['u1', 'u2', 'u3'].map((u) => g.nodeIds.get(u)),
    );
    const others = fromT1[3];
    assert.match(others.to, /^o\d+$/);
    assert.equal(others.label, '$28.00', '7+6+…+1');
    assert.deepEqual(d.nodes.get(others.to), { shape: '[/', label: 'others (7) / $28.00' });
    assert.ok(!g.nodeIds.has('u4') && !g.nodeIds.has('k4'), 'folded users and their keys are not drawn');
    assert.ok(g.nodeIds.has('k1'), 'kept users keep their keys');
  });

  test('a parent with exactly topN + 1 children shows them all instead of "others (1)"', () => {
    const input = sample();
    const g = buildEntityGraph(input, { topN: 1, formatMoney: money });
    const d = parseFlowchart(g.source);
    const org = g.nodeIds.get('org') as string;
    assert.equal(d.edges.filter((e) => e.from === org).length, 2);
    assert.ok(![...d.nodes.values()].some((n) => n.label.startsWith('others (1)')));
  });

  test('roots are limited too', () => {
    const nodes = Array.from({ length: 6 }, (_, i) => node(`r${i}`, 'team', i + 1));
    const g = buildEntityGraph({ nodes, edges: [] }, { topN: 2, formatMoney: money });
    const d = parseFlowchart(g.source);
    assert.deepEqual([...g.nodeIds.keys()], ['r5', 'r4']);
    assert.ok([...d.nodes.values()].some((n) => n.label === 'others (4) / $10.00'));
  });

  test('shown spend plus "others" equals every parent\'s total on random trees', () => {
    let seed = 42;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 25; round++) {
      const nodes: EntityNode[] = [];
      const edges: EntityEdge[] = [];
      const add = (id: string, kind: EntityKind, parent?: string) => {
        const spend = Math.round(rand() * 10000) / 100;
        nodes.push(node(id, kind, spend));
        if (parent) edges.push({ from: parent, to: id, spend });
      };
      for (let o = 0; o < 1 + (round % 4); o++) {
        add(`o${o}`, 'org');
        for (let t = 0; t < rand() * 8; t++) {
          add(`o${o}t${t}`, 'team', `o${o}`);
          for (let u = 0; u < rand() * 15; u++) add(`o${o}t${t}u${u}`, 'user', `o${o}t${t}`);
        }
      }
      const topN = 1 + (round % 5);
      const g = buildEntityGraph({ nodes, edges }, { topN, formatMoney: (n) => String(n) });
      const d = parseFlowchart(g.source);
      for (const [inputId, mermaidId] of g.nodeIds) {
        const total = edges.filter((e) => e.from === inputId).reduce((s, e) => s + e.spend, 0);
        const out = d.edges.filter((e) => e.from === mermaidId);
        assert.ok(out.length <= topN + 1, 'at most topN children plus one "others"');
        const drawnTotal = out.reduce((s, e) => s + Number(e.label), 0);
        assert.ok(Math.abs(drawnTotal - total) < 1e-6, `${inputId}: ${drawnTotal} vs ${total}`);
      }
    }
  });

  test('a user in two teams is drawn once with an edge from each team', () => {
    const input: EntityGraphInput = {
      nodes: [node('a', 'team', 5), node('b', 'team', 4), node('u', 'user', 9)],
      edges: [
        { from: 'a', to: 'u', spend: 5 },
        { from: 'b', to: 'u', spend: 4 },
      ],
    };
    const g = buildEntityGraph(input, { topN: 5, formatMoney: money });
    const d = parseFlowchart(g.source);
    assert.equal(d.nodes.size, 3);
    assert.deepEqual(d.edges.map((e) => `${e.from}>${e.to}`).sort(), [
      `${g.nodeIds.get('a')}>${g.nodeIds.get('u')}`,
      `${g.nodeIds.get('b')}>${g.nodeIds.get('u')}`,
    ]);
  });

  test('ties are ordered by label then id, so the output is stable', () => {
    const nodes = [
      node('p', 'org', 3),
      node('c2', 'team', 1, 'same'),
      node('c1', 'team', 1, 'same'),
      node('c0', 'team', 1, 'b'),
      node('c3', 'team', 1, 'a'),
    ];
    const edges = nodes.slice(1).map((n) => ({ from: 'p', to: n.id, spend: 1 }));
    const g = buildEntityGraph({ nodes, edges }, { topN: 2, formatMoney: money });
    assert.deepEqual([...g.nodeIds.keys()], ['p', 'c3', 'c0']);
    assert.equal(
      buildEntityGraph({ nodes: [...nodes].reverse(), edges: [...edges].reverse() }, { topN: 2, formatMoney: money }).source,
      g.source,
    );
  });

  test('hostile labels and money strings are escaped; empty labels fall back to the id', () => {
    const nodes = HOSTILE_NAMES.map((label, i) => node(`id${i}`, 'user', i, label));
    nodes.push(node('', 'team', 1, ''), node('noname', 'team', 1, ''));
    const g = buildEntityGraph({ nodes, edges: [] }, { topN: 100, formatMoney: (n) => `"${n}" | end {x}; <b>` });
    const d = parseFlowchart(g.source);
    assert.equal(d.nodes.size, nodes.length);
    const bare = g.source.replace(/#\w+;/g, '');
    assert.ok(
      !/[<>%`\\|{};]/.test(bare.replace(/^ {2}[no]\d+(\[\[|\(\[|\{\{|\[\/|\[)|(\]\]|\]\)|\}\}|\/\]|\])$|-->\|"|"\| /gm, '')),
      'only syntax carries special characters',
    );
    assert.ok(g.source.includes('#lt;img src=x onerror=alert(1)#gt;\n#quot;7#quot; #124; end #123;x#125;#59; #lt;b#gt;"'));
    const labels = [...d.nodes.values()].map((n) => n.label);
    assert.ok(labels.includes('noname / #quot;1#quot; #124; end #123;x#125;#59; #lt;b#gt;'));
    assert.ok(labels.includes('(none) / #quot;1#quot; #124; end #123;x#125;#59; #lt;b#gt;'));
  });

  test('an edge naming an unknown node is a programming error', () => {
    assert.throws(
      () =>
        buildEntityGraph({ nodes: [node('a', 'org', 1)], edges: [{ from: 'a', to: 'ghost', spend: 1 }] }, { topN: 3, formatMoney: money }),
      /unknown node/,
    );
  });
});
