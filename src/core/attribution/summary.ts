import type { LensDatabase } from '../db/database';
import { LensError } from '../errors';
import type { Capabilities } from '../schema/capabilities';
import type { DayPoint } from './dailySeries';
import { DAILY, type DailyFact } from './dailyFacts';
import type { Entities } from './entities';
import { pickMeasures } from './measures';
import { assignDailyOrgs, compareOrgs } from './orgs';
import { type Period, makePeriod } from './period';
import { schemaNotes } from './schemaNotes';
import { DAILY_REQUIRED, type SourceOptions, type SummarySources, loadSummarySources } from './sources';
import { type LogFact, hasSpendLogs } from './spendLogs';
import { splitCells } from './split';
import { type TreeCell, buildTree } from './tree';
import { computeTrend } from './trend';
import type { AttributionNode, AttributionOptions, AttributionResult, ReconciliationLine } from './types';
import { DEFAULT_BUDGET_TIMEZONE, validateTimezone } from './window';
import { DEFAULT_REPORT_TIMEZONE, validateReportTimezone } from './zoneDays';
import { loadZoneSources } from './zoneSources';

/** The first figures of an attribution: the whole tree and the trend, before reconciliation, budgets, members and tags. */
export type AttributionSummary = Pick<
  AttributionResult,
  'period' | 'basis' | 'schema' | 'coverage' | 'budgetTimezone' | 'spendLogs' | 'tree' | 'trend' | 'timezone'
>;

/** The summary and what the detail stage (`computeDetail`, compute.ts) continues from. */
export interface SummaryStage {
  summary: AttributionSummary;
  period: Period;
  options: SourceOptions;
  sources: SummarySources;
  /** The daily basis' leaves (also the request basis' comparison with the daily tables). */
  dailyCells: TreeCell[];
  orgLines: ReconciliationLine[];
  /** Old hashes of regenerated keys seen so far, per current hash. */
  former: Map<string, Set<string>>;
}

function requestCells(logs: readonly LogFact[], e: Entities, orgInLogs: boolean, span: string): TreeCell[] {
  return logs
    .filter((l) => l.set === 'cell')
    .map((l) => {
      const org = orgInLogs ? l.orgId : (e.keys.get(l.apiKey)?.orgId ?? '');
      return {
        span,
        teamId: l.teamId,
        userId: l.userId,
        apiKey: l.apiKey,
        model: l.model,
        m: pickMeasures(l.m),
        apportioned: false,
        orgId: org,
        orgSource: orgInLogs ? 'request' : org ? 'key' : 'none',
      };
    });
}

function dayPointsOfLogs(logs: readonly LogFact[]): DayPoint[] {
  return logs
    .filter((l) => l.set !== 'cell')
    .map((l) => ({
      series: l.set === 'day-team' ? 'team' : 'model',
      date: l.date,
      id: l.set === 'day-team' ? l.teamId : l.model,
      spend: l.m.spend,
    }));
}

/**
 * Shows a regenerated key as one key: rows written under an old hash (LiteLLM_DeprecatedVerificationToken) are
 * read under the current hash. Adds the old hashes seen to `former`, per current hash.
 */
export function mergeRotatedKeys(e: Entities, items: { apiKey: string }[], former: Map<string, Set<string>>): void {
  for (const item of items) {
    const current = e.rotated.get(item.apiKey);
    if (current === undefined) continue;
    if (!former.has(current)) former.set(current, new Set());
    former.get(current)!.add(item.apiKey);
    item.apiKey = current;
  }
}

export function markFormerTokens(node: AttributionNode, former: Map<string, Set<string>>): void {
  if (node.level === 'key' && node.id !== null && former.has(node.id)) node.formerTokens = [...former.get(node.id)!].sort();
  for (const c of node.children) markFormerTokens(c, former);
}

/**
 * The first stage of an attribution: the organisation → team → user → key → model tree on the chosen basis and
 * the trend, from the period's rows only (one grouped scan per daily table, which also gives the series). The detail
 * stage adds what needs the rest of the history, SpendLogs, tags and counters; the full result carries this
 * stage's tree and trend unchanged.
 */
export async function computeSummary(
  db: LensDatabase,
  caps: Capabilities,
  opts: AttributionOptions,
  signal?: AbortSignal,
): Promise<SummaryStage> {
  const period = makePeriod(opts.from, opts.to);
  const basis = opts.basis ?? 'daily';
  const topN = opts.topN ?? 10;
  if (basis !== 'daily' && basis !== 'requests') {
    throw new LensError('usage', `Unknown basis ${JSON.stringify(basis)}.`, 'Use daily or requests.');
  }
  if (!Number.isInteger(topN) || topN < 1) throw new LensError('usage', `Invalid top-N ${topN}.`, 'Use a positive integer.');
  const budgetTimezone = validateTimezone(opts.budgetTimezone ?? DEFAULT_BUDGET_TIMEZONE);
  const timezone = validateReportTimezone(opts.timezone ?? DEFAULT_REPORT_TIMEZONE);
  caps.require('Spend attribution', [{ table: 'LiteLLM_DailyUserSpend', columns: ['user_id', ...DAILY_REQUIRED] }]);
  if (basis === 'requests' && !hasSpendLogs(caps)) {
    caps.require('Spend attribution on the request basis', [
      { table: 'LiteLLM_SpendLogs', columns: ['startTime', 'spend', 'api_key', 'user', 'team_id', 'model'] },
    ]);
  }
  const options: SourceOptions = { basis, budgetTimezone, masterKeyHash: opts.masterKeyHash ?? null, now: opts.now };
  const s = await loadSummarySources(db, caps, period, options, signal);
  const zone =
    timezone === DEFAULT_REPORT_TIMEZONE
      ? null
      : await loadZoneSources(db, caps, makePeriod(opts.from, opts.to, timezone), timezone, basis, s, signal);
  const e = s.entities;
  const former = new Map<string, Set<string>>();
  mergeRotatedKeys(e, [...s.facts, ...(s.logs ?? []), ...(zone ? [...zone.facts, ...zone.logs] : [])], former);

  const orgFrom = s.tableCoverage.find((c) => c.table === DAILY.org.table)?.firstDate ?? null;
  const orgFactsOf = (facts: readonly DailyFact[]) => (s.tables.org ? facts.filter((f) => f.kind === 'org') : null);
  const dailyCellsOf = (facts: readonly DailyFact[]) => assignDailyOrgs(splitCells(facts), orgFactsOf(facts), orgFrom, e);
  const dailyCells = dailyCellsOf(s.facts);
  const orgs = compareOrgs(dailyCells, orgFactsOf(s.facts), e);
  const span = `${period.from}..${period.to}`;
  // In a report time zone each day comes from one source: the fallback days' daily facts, the local days' SpendLogs.
  const cells = zone
    ? [...(basis === 'daily' ? dailyCellsOf(zone.facts) : []), ...requestCells(zone.logs, e, s.orgInLogs, span)]
    : s.logs
      ? requestCells(s.logs, e, s.orgInLogs, span)
      : dailyCells;
  const tree = buildTree(cells, e);
  markFormerTokens(tree, former);
  // The organisation comparison is over UTC days: it describes the tree only when the tree is too.
  if (basis === 'daily' && !zone) for (const org of tree.children) if (org.id !== null) org.comparison = orgs.byOrg.get(org.id);
  const summary: AttributionSummary = {
    period: { from: period.from, to: period.to, days: period.days.length },
    basis,
    schema: schemaNotes(caps),
    coverage: s.tableCoverage,
    budgetTimezone,
    spendLogs: s.coverage,
    tree,
    trend: computeTrend(
      e,
      period.days,
      zone ? [...zone.series, ...dayPointsOfLogs(zone.logs)] : s.logs ? dayPointsOfLogs(s.logs) : s.series,
      cells,
      topN,
      basis === 'daily',
    ),
    ...(zone ? { timezone: { timezone, days: zone.plan.days, notes: zone.plan.notes } } : {}),
  };
  return { summary, period, options, sources: s, dailyCells, orgLines: orgs.lines, former };
}
