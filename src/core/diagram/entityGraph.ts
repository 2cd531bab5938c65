import { escapeLabel, quoted } from './escape';

export type EntityKind = 'org' | 'team' | 'user' | 'key';

/** An organisation, team, user or key with its spend for the period. `label` is shown; `id` never is. */
export interface EntityNode {
  id: string;
  kind: EntityKind;
  label: string;
  spend: number;
}

/** Spend that flows from a parent (org → team → user → key) to a child. */
export interface EntityEdge {
  from: string;
  to: string;
  spend: number;
}

export interface EntityGraphInput {
  nodes: readonly EntityNode[];
  edges: readonly EntityEdge[];
}

export interface EntityGraphOptions {
  /** Children kept per parent (and roots kept), by spend; the rest become one "others (k)" node. */
  topN: number;
  formatMoney(amount: number): string;
}

export interface EntityGraph {
  /** Mermaid `flowchart LR` source. */
  source: string;
  /** Input node id → mermaid node id, for the nodes drawn ("others" nodes are not listed). */
  nodeIds: Map<string, string>;
}

/** Node shapes tell the levels apart without colour; each kind also gets the CSS class `e_<kind>`. */
const SHAPES: Record<EntityKind | 'others', [string, string]> = {
  org: ['[[', ']]'],
  team: ['([', '])'],
  user: ['[', ']'],
  key: ['{{', '}}'],
  others: ['[/', '/]'],
};

/**
 * Mermaid flowchart of who spent what: roots (usually organisations) on the left, spend on nodes and edges.
 * Each parent keeps its `topN` children by edge spend and folds the rest into an "others (k)" node whose
 * spend is their sum, so parent totals stay whole. Folding a single child would hide it for nothing, so a
 * parent with `topN + 1` children shows them all. Children reached through several parents are drawn once.
 */
export function buildEntityGraph(input: EntityGraphInput, opts: EntityGraphOptions): EntityGraph {
  const nodes = new Map(input.nodes.map((n) => [n.id, n]));
  const children = new Map<string, EntityEdge[]>();
  const hasParent = new Set<string>();
  for (const edge of input.edges) {
    if (!nodes.has(edge.from) || !nodes.has(edge.to)) {
      throw new Error(`Entity graph edge ${JSON.stringify(edge.from)} → ${JSON.stringify(edge.to)} names an unknown node.`);
    }
    const list = children.get(edge.from);
    if (list) list.push(edge);
    else children.set(edge.from, [edge]);
    hasParent.add(edge.to);
  }

  const topN = Math.max(0, Math.floor(opts.topN));
  const lines = ['flowchart LR'];
  const nodeIds = new Map<string, string>();
  const byClass = new Map<string, string[]>();
  const queue: EntityNode[] = [];
  let othersCount = 0;

  const declare = (id: string, kind: EntityKind | 'others', label: string, spend: number) => {
    const [open, close] = SHAPES[kind];
    // A raw line break inside the quotes, not `<br/>`: any `<` makes mermaid run the label through DOMPurify,
    // which decodes the entity codes back into `$$`, `:` etc. before its KaTeX and icon passes.
    lines.push(`  ${id}${open}"${escapeLabel(label)}\n${escapeLabel(opts.formatMoney(spend))}"${close}`);
    const members = byClass.get(`e_${kind}`);
    if (members) members.push(id);
    else byClass.set(`e_${kind}`, [id]);
  };
  const show = (node: EntityNode): string => {
    const existing = nodeIds.get(node.id);
    if (existing) return existing;
    const id = `n${nodeIds.size}`;
    nodeIds.set(node.id, id);
    declare(id, node.kind, node.label || node.id || '(none)', node.spend);
    queue.push(node);
    return id;
  };
  const showOthers = (count: number, spend: number): string => {
    const id = `o${othersCount++}`;
    declare(id, 'others', `others (${count})`, spend);
    return id;
  };
  const link = (from: string, to: string, spend: number) => lines.push(`  ${from} -->|${quoted(opts.formatMoney(spend))}| ${to}`);

  const roots = split(
    input.nodes.filter((n) => !hasParent.has(n.id)),
    topN,
    (n) => n.spend,
    (n) => n,
  );
  roots.top.forEach(show);
  if (roots.rest.length > 0) showOthers(roots.rest.length, sum(roots.rest.map((n) => n.spend)));

  for (let i = 0; i < queue.length; i++) {
    const parent = nodeIds.get(queue[i].id) as string;
    const kids = split(
      children.get(queue[i].id) ?? [],
      topN,
      (e) => e.spend,
      (e) => nodes.get(e.to) as EntityNode,
    );
    for (const edge of kids.top) link(parent, show(nodes.get(edge.to) as EntityNode), edge.spend);
    if (kids.rest.length > 0) {
      const spend = sum(kids.rest.map((e) => e.spend));
      link(parent, showOthers(kids.rest.length, spend), spend);
    }
  }
  for (const [cls, ids] of byClass) lines.push(`  class ${ids.join(',')} ${cls}`);
  return { source: `${lines.join('\n')}\n`, nodeIds };
}

/** Highest spend first; ties by label then id so the output is stable. */
function split<T>(items: readonly T[], topN: number, spendOf: (t: T) => number, nodeOf: (t: T) => EntityNode): { top: T[]; rest: T[] } {
  const sorted = [...items].sort((a, b) => {
    const na = nodeOf(a);
    const nb = nodeOf(b);
    return spendOf(b) - spendOf(a) || compare(na.label, nb.label) || compare(na.id, nb.id);
  });
  if (sorted.length <= topN + 1) return { top: sorted, rest: [] };
  return { top: sorted.slice(0, topN), rest: sorted.slice(topN) };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sum(values: readonly number[]): number {
  return values.reduce((total, v) => total + v, 0);
}
