import type { LensDatabase } from '../db/database';
import { LensError } from '../errors';
import type { Capabilities } from '../schema/capabilities';
import { computeBudgets } from './budgets';
import type { DayPoint } from './dailySeries';
import type { Entities } from './entities';
import { pickMeasures } from './measures';
import { computeMembers } from './members';
import { assignDailyOrgs, compareOrgs } from './orgs';
import { makePeriod } from './period';
import { reconcileCounters, reconcileWithLogs } from './reconcileEntities';
import { TOLERANCE } from './reconcileLine';
import { factTotal, reconcileTotals } from './reconcileTotals';
import { schemaNotes } from './schemaNotes';
import { DAILY, type DailyFact } from './dailyFacts';
import { DAILY_REQUIRED, loadSources } from './sources';
import { type LogFact, hasSpendLogs } from './spendLogs';
import { splitCells } from './split';
import { type TreeCell, buildTree } from './tree';
import { computeTrend } from './trend';
import type { AttributionNode, AttributionOptions, AttributionResult, TagSpend } from './types';
import { DEFAULT_BUDGET_TIMEZONE, validateTimezone } from './window';
import { DEFAULT_REPORT_TIMEZONE, validateReportTimezone } from './zoneDays';
import { loadZoneSources } from './zoneSources';

function requestCells(logs: readonly LogFact[], e: Entities, orgInLogs: boolean, span: string): TreeCell[] {
  return logs.filter((l) => l.set === 'cell').map((l) => {
    const org = orgInLogs ? l.orgId : e.keys.get(l.apiKey)?.orgId ?? '';
    return { span, teamId: l.teamId, userId: l.userId, apiKey: l.apiKey, model: l.model, m: pickMeasures(l.m), apportioned: false, orgId: org, orgSource: orgInLogs ? 'request' : org ? 'key' : 'none' };
  });
}

function dayPointsOfLogs(logs: readonly LogFact[]): DayPoint[] {
  return logs.filter((l) => l.set !== 'cell').map((l) => ({ series: l.set === 'day-team' ? 'team' : 'model', date: l.date, id: l.set === 'day-team' ? l.teamId : l.model, spend: l.m.spend }));
}

/**
 * Shows a regenerated key as one key: rows written under an old hash (LiteLLM_DeprecatedVerificationToken) are
 * read under the current hash. Returns the old hashes seen per current hash.
 */
function mergeRotatedKeys(e: Entities, items: { apiKey: string }[]): Map<string, Set<string>> {
  const former = new Map<string, Set<string>>();
  for (const item of items) {
    const current = e.rotated.get(item.apiKey);
    if (current === undefined) continue;
    if (!former.has(current)) former.set(current, new Set());
    former.get(current)!.add(item.apiKey);
    item.apiKey = current;
  }
  return former;
}

function markFormerTokens(node: AttributionNode, former: Map<string, Set<string>>): void {
  if (node.level === 'key' && node.id !== null && former.has(node.id)) node.formerTokens = [...former.get(node.id)!].sort();
  for (const c of node.children) markFormerTokens(c, former);
}

/**
 * Attributes the spend of an inclusive period (UTC days, or local days of `opts.timezone`): the organisation →
 * team → user → key → model tree on the chosen basis, tag spend (overlapping), team members' contributions, the
 * reconciliation of every source, budgets and the trend (docs/attribution-json.md). The figures come from a handful of grouped queries
 * (sources.ts); everything here is shaping.
 */
export async function computeAttribution(db: LensDatabase, caps: Capabilities, opts: AttributionOptions, signal?: AbortSignal): Promise<AttributionResult> {
  const period = makePeriod(opts.from, opts.to);
  const basis = opts.basis ?? 'daily';
  const topN = opts.topN ?? 10;
  if (basis !== 'daily' && basis !== 'requests') throw new LensError('usage', `Unknown basis ${JSON.stringify(basis)}.`, 'Use daily or requests.');
  if (!Number.isInteger(topN) || topN < 1) throw new LensError('usage', `Invalid top-N ${topN}.`, 'Use a positive integer.');
  const budgetTimezone = validateTimezone(opts.budgetTimezone ?? DEFAULT_BUDGET_TIMEZONE);
  const timezone = validateReportTimezone(opts.timezone ?? DEFAULT_REPORT_TIMEZONE);
  caps.require('Spend attribution', [{ table: 'LiteLLM_DailyUserSpend', columns: ['user_id', ...DAILY_REQUIRED] }]);
  if (basis === 'requests' && !hasSpendLogs(caps)) {
    caps.require('Spend attribution on the request basis', [{ table: 'LiteLLM_SpendLogs', columns: ['startTime', 'spend', 'api_key', 'user', 'team_id', 'model'] }]);
  }
  const s = await loadSources(db, caps, period, { budgetTimezone, masterKeyHash: opts.masterKeyHash ?? null }, signal);
  const zone = timezone === DEFAULT_REPORT_TIMEZONE ? null : await loadZoneSources(db, caps, makePeriod(opts.from, opts.to, timezone), timezone, basis, s, signal);
  const e = s.entities;
  const former = mergeRotatedKeys(e, [...s.facts, ...s.logs, ...(zone ? [...zone.facts, ...zone.logs] : [])]);

  const orgFrom = s.tableCoverage.find((c) => c.table === DAILY.org.table)?.firstDate ?? null;
  const orgFactsOf = (facts: readonly DailyFact[]) => (s.tables.org ? facts.filter((f) => f.kind === 'org') : null);
  const dailyCellsOf = (facts: readonly DailyFact[]) => assignDailyOrgs(splitCells(facts), orgFactsOf(facts), orgFrom, e);
  const dailyCells = dailyCellsOf(s.facts);
  const orgs = compareOrgs(dailyCells, orgFactsOf(s.facts), e);
  const span = `${period.from}..${period.to}`;
  const cells = basis === 'daily' ? dailyCells : requestCells(s.logs, e, s.orgInLogs, span);
  // In a report time zone each day comes from one source: the fallback days' daily facts, the local days' SpendLogs.
  const treeCells = zone ? [...(basis === 'daily' ? dailyCellsOf(zone.facts) : []), ...requestCells(zone.logs, e, s.orgInLogs, span)] : cells;
  const tree = buildTree(treeCells, e);
  markFormerTokens(tree, former);
  // The organisation comparison is over UTC days: it describes the tree only when the tree is too.
  if (basis === 'daily' && !zone) for (const org of tree.children) if (org.id !== null) org.comparison = orgs.byOrg.get(org.id);
  // Before 1.83 (no mcp_namespaced_tool_name in the daily tables) requests without a model were left out of them.
  const skipsNoModel = !caps.hasColumn('LiteLLM_DailyUserSpend', 'mcp_namespaced_tool_name');

  const tags: TagSpend[] = [...(s.tags ?? new Map())]
    .filter(([, h]) => h.range.apiRequests !== 0 || h.range.spend !== 0)
    .map(([tag, h]) => ({ tag, ...h.range, overlapping: true as const }))
    .sort((a, b) => b.spend - a.spend || a.tag.localeCompare(b.tag));
  const logCells = s.logs.filter((l) => l.set === 'cell');

  return {
    period: { from: period.from, to: period.to, days: period.days.length },
    basis,
    schema: schemaNotes(caps),
    coverage: s.tableCoverage,
    budgetTimezone,
    spendLogs: s.coverage,
    tree,
    tags,
    members: computeMembers(e, logCells, s.coverage, period),
    reconciliation: {
      tolerance: TOLERANCE,
      totals: {
        dailyUserSpend: factTotal(s.facts, 'user'),
        dailyTeamSpend: s.tables.team ? factTotal(s.facts, 'team') : null,
        dailyOrganizationSpend: s.tables.org ? factTotal(s.facts, 'org') : null,
        spendLogs: s.coverage.available ? logCells.reduce((sum, l) => sum + l.m.spend, 0) : null,
        dailyTagSpend: s.tags ? tags.reduce((sum, t) => sum + t.spend, 0) : null,
      },
      lines: [
        ...reconcileTotals({ period, coverage: s.coverage, entities: e, facts: s.facts, tables: s.tables, cells: dailyCells, series: s.series, logs: s.logs, tags: s.tags, tableCoverage: s.tableCoverage, skipsNoModel }),
        ...orgs.lines,
        ...reconcileWithLogs(e, s.recent, s.logs, s.coverage, s.orgInLogs && s.tables.org, skipsNoModel),
        ...reconcileCounters({ entities: e, facts: s.facts, recent: s.recent, tables: s.tables, tags: s.tags, endUsers: s.endUsers, budgetTimezone }),
      ],
    },
    budgets: computeBudgets(e, budgetTimezone),
    trend: zone
      ? computeTrend(e, period.days, [...zone.series, ...dayPointsOfLogs(zone.logs)], treeCells, topN, basis === 'daily')
      : computeTrend(e, period.days, basis === 'daily' ? s.series : dayPointsOfLogs(s.logs), cells, topN, basis === 'daily'),
    ...(zone ? { timezone: { timezone, days: zone.plan.days, notes: zone.plan.notes } } : {}),
  };
}
