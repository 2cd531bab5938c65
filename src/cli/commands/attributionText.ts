import type { AttributionNode, AttributionResult, BudgetLine } from '../../core/attribution/types';
import { formatAmount, formatCount, formatShare, formatUsd, oneLine } from '../../shared/format';

const LEVEL: Record<string, string> = { total: 'Total', organization: 'org', team: 'team', user: 'user', key: 'key', model: 'model' };

export interface TextOptions {
  /** Children shown per node, biggest first; the rest are summed into one "… N more" line. */
  top: number;
  /** Deepest level printed (the tree goes on to keys and models). */
  depth: number;
}

/**
 * The attribution for a person at a terminal: the tree indented two spaces a level, each line with its spend,
 * its share of the parent and its requests; then what did not reconcile (schema notes go to stderr).
 */
export function attributionText(r: AttributionResult, opts: TextOptions): string {
  const out = [
    `Spend ${r.period.from} … ${r.period.to} (${r.period.days} days, ${r.basis} basis)`,
    ...(r.timezone ? r.timezone.notes.map((n) => `Days: ${n}`) : []),
    '',
  ];
  const money = (n: AttributionNode) => formatUsd(n.spend).padStart(13);
  const walk = (n: AttributionNode, depth: number, parent: number) => {
    const label = n.level === 'total' ? 'Total' : `${LEVEL[n.level] ?? n.level} ${oneLine(n.name)}`;
    const share = n.level === 'total' ? '' : formatShare(n.share, parent);
    out.push(`${money(n)} ${share.padStart(8)}  ${'  '.repeat(depth)}${label}  (${formatAmount(n.apiRequests)} requests)`);
    if (depth + 1 >= opts.depth) return;
    const children = [...n.children].sort((a, b) => b.spend - a.spend);
    for (const c of children.slice(0, opts.top)) walk(c, depth + 1, n.spend);
    const rest = children.slice(opts.top);
    if (rest.length > 0) {
      const spend = rest.reduce((s, c) => s + c.spend, 0);
      out.push(
        `${formatUsd(spend).padStart(13)} ${formatShare(n.spend ? spend / n.spend : 0, n.spend).padStart(8)}  ${'  '.repeat(depth + 1)}… ${rest.length} more`,
      );
    }
  };
  walk(r.tree, 0, r.tree.spend);
  const open = r.reconciliation.lines.filter((l) => l.status === 'unexplained');
  out.push(
    '',
    open.length === 0
      ? `Reconciliation: all ${formatCount(r.reconciliation.lines.length)} checks agree or are explained.`
      : `Reconciliation: ${open.length} of ${formatCount(r.reconciliation.lines.length)} checks unexplained:`,
  );
  for (const l of open.slice(0, 10)) out.push(`  ${l.check} ${l.scope} ${oneLine(l.name)}: ${formatUsd(l.unexplained)} unexplained`);
  out.push(...forecastLines(r.budgets));
  return `${out.join('\n')}\n`;
}

/** The budgets whose forecast reaches max_budget before the next reset (budgets[].forecast), soonest first. */
function forecastLines(budgets: readonly BudgetLine[]): string[] {
  const ahead = budgets
    .filter((b) => b.forecast?.exceedsBeforeReset && !b.overBudget)
    .sort((a, b) => a.forecast!.crosses100At!.localeCompare(b.forecast!.crosses100At!));
  if (ahead.length === 0) return [];
  const day = (iso: string) => iso.slice(0, 16).replace('T', ' ');
  return [
    '',
    `Budget forecast: ${ahead.length} of ${formatCount(budgets.length)} budgets reach max_budget before their reset (UTC):`,
    ...ahead.map(
      ({ entity, name, spend, maxBudget, forecast: f }) =>
        `  ${entity} ${oneLine(name)}: ${formatUsd(spend)} of ${formatUsd(maxBudget!)}, ` +
        `${formatUsd(f!.trailing7dPerDay ?? f!.windowPerDay!)}/day → 100 % on ${day(f!.crosses100At!)}, resets ${day(f!.nextResetAt!)} ` +
        `(in ${formatAmount(Math.round(f!.resetsInDays! * 10) / 10)} days), projected ${formatUsd(f!.projectedAtReset!)}`,
    ),
  ];
}
