/** One node of `EXPLAIN (FORMAT JSON)` output (the keys PostgreSQL always prints, plus the ANALYZE ones). */
export interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  Alias?: string;
  'Index Name'?: string;
  'Join Type'?: string;
  Strategy?: string;
  'Startup Cost'?: number;
  'Total Cost': number;
  'Plan Rows': number;
  'Actual Total Time'?: number;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  Filter?: string;
  'Hash Cond'?: string;
  'Index Cond'?: string;
  'Join Filter'?: string;
  Plans?: PlanNode[];
}

export interface PlanLine {
  depth: number;
  text: string;
  /** The node's own share of the total cost (its total minus its children's), 0–1. */
  share: number;
  /** Among the nodes that carry most of the cost: highlighted in the plan view. */
  costly: boolean;
}

export interface PlanTree {
  lines: PlanLine[];
  totalCost: number;
  /** Total execution time when the plan came from EXPLAIN ANALYZE. */
  executionMs?: number;
}

/** A node whose own cost is at least this share of the plan is highlighted. */
const COSTLY_SHARE = 0.2;

function ownCost(node: PlanNode, analyzed: boolean): number {
  const total = analyzed ? (node['Actual Total Time'] ?? 0) * (node['Actual Loops'] ?? 1) : node['Total Cost'];
  const children = (node.Plans ?? []).reduce(
    (sum, c) => sum + (analyzed ? (c['Actual Total Time'] ?? 0) * (c['Actual Loops'] ?? 1) : c['Total Cost']),
    0,
  );
  return Math.max(0, total - children);
}

function describe(node: PlanNode, analyzed: boolean): string {
  const parts = [node['Node Type']];
  if (node['Join Type'] && (node['Node Type'].includes('Join') || node['Node Type'] === 'Nested Loop')) {
    parts[0] = `${node['Join Type']} ${node['Node Type']}`;
  }
  if (node.Strategy && node['Node Type'] === 'Aggregate') parts[0] = `${node.Strategy} Aggregate`;
  if (node['Relation Name']) {
    parts.push(`on "${node['Relation Name']}"${node.Alias && node.Alias !== node['Relation Name'] ? ` ${node.Alias}` : ''}`);
  }
  if (node['Index Name']) parts.push(`using ${node['Index Name']}`);
  const cond = node['Hash Cond'] ?? node['Index Cond'] ?? node['Join Filter'] ?? node.Filter;
  if (cond) parts.push(`[${cond}]`);
  parts.push(`(cost ${node['Startup Cost'] ?? 0}..${node['Total Cost']}, rows ${node['Plan Rows']})`);
  if (analyzed) parts.push(`actual ${node['Actual Total Time']} ms × ${node['Actual Loops'] ?? 1}, rows ${node['Actual Rows']}`);
  return parts.join(' ');
}

/**
 * Turns `EXPLAIN (FORMAT JSON)` output into an indented tree whose costly nodes are marked: with ANALYZE the
 * share is of actual time, otherwise of the planner's cost estimate.
 */
export function planTree(explainJson: unknown): PlanTree {
  const doc = (Array.isArray(explainJson) ? explainJson[0] : explainJson) as { Plan?: PlanNode; 'Execution Time'?: number } | undefined;
  if (!doc?.Plan) throw new Error('EXPLAIN returned no plan.');
  const analyzed = doc.Plan['Actual Total Time'] !== undefined;
  const root = doc.Plan;
  const total = analyzed ? (root['Actual Total Time'] ?? 0) * (root['Actual Loops'] ?? 1) : root['Total Cost'];
  const lines: PlanLine[] = [];
  const visit = (node: PlanNode, depth: number): void => {
    const share = total > 0 ? ownCost(node, analyzed) / total : 0;
    lines.push({ depth, text: describe(node, analyzed), share, costly: share >= COSTLY_SHARE });
    for (const child of node.Plans ?? []) visit(child, depth + 1);
  };
  visit(root, 0);
  return { lines, totalCost: root['Total Cost'], ...(doc['Execution Time'] !== undefined ? { executionMs: doc['Execution Time'] } : {}) };
}

/** The plan as text: one node per line, `▲ 63%` before the costly ones, children indented under `└─`. */
export function planText(tree: PlanTree, title: string): string {
  const head = [
    `${title}`,
    `Total cost ${tree.totalCost}${tree.executionMs !== undefined ? ` · execution ${tree.executionMs} ms (ANALYZE)` : ' (estimate; no ANALYZE)'}`,
    '',
  ];
  const body = tree.lines.map(
    (l) =>
      `${l.costly ? `▲ ${String(Math.round(l.share * 100)).padStart(3)}% ` : '       '}${'   '.repeat(l.depth)}${l.depth > 0 ? '└─ ' : ''}${l.text}`,
  );
  return [...head, ...body, ''].join('\n');
}
