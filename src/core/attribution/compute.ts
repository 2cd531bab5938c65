import type { LensDatabase } from '../db/database';
import type { Capabilities } from '../schema/capabilities';
import { computeBudgets } from './budgets';
import { loadTrailingSpend } from './burnRate';
import { computeMembers } from './members';
import { reconcileCounters, reconcileWithLogs } from './reconcileEntities';
import { TOLERANCE } from './reconcileLine';
import { factTotal, reconcileTotals } from './reconcileTotals';
import { loadDetailSources } from './sources';
import { type SummaryStage, computeSummary, markFormerTokens, mergeRotatedKeys } from './summary';
import type { AttributionOptions, AttributionResult, TagSpend } from './types';

/**
 * The second stage: tag spend (overlapping), team members' contributions, the reconciliation of every source and
 * budgets, added to the summary's tree and trend (which it does not change, except for listing the old hashes of
 * regenerated keys seen only outside the period or in SpendLogs).
 */
export async function computeDetail(
  db: LensDatabase,
  caps: Capabilities,
  stage: SummaryStage,
  signal?: AbortSignal,
): Promise<AttributionResult> {
  const { summary, period, sources: s, options } = stage;
  const e = s.entities;
  const nowMs = (options.now ?? new Date()).getTime();
  const [d, trailing] = await Promise.all([
    loadDetailSources(db, caps, period, s, options, signal),
    loadTrailingSpend(db, caps, e, nowMs, signal),
  ]);
  mergeRotatedKeys(e, s.logs ? d.outside : [...d.logs, ...d.outside], stage.former);
  markFormerTokens(summary.tree, stage.former);
  // Before 1.83 (no mcp_namespaced_tool_name in the daily tables) requests without a model were left out of them.
  const skipsNoModel = !caps.hasColumn('LiteLLM_DailyUserSpend', 'mcp_namespaced_tool_name');

  const tags: TagSpend[] = [...(d.tags ?? new Map())]
    .filter(([, h]) => h.range.apiRequests !== 0 || h.range.spend !== 0)
    .map(([tag, h]) => ({ tag, ...h.range, overlapping: true as const }))
    .sort((a, b) => b.spend - a.spend || a.tag.localeCompare(b.tag));
  const logCells = d.logs.filter((l) => l.set === 'cell');

  const { tree, trend, timezone, ...about } = summary;
  return {
    ...about,
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
        dailyTagSpend: d.tags ? tags.reduce((sum, t) => sum + t.spend, 0) : null,
      },
      lines: [
        ...reconcileTotals({
          period,
          coverage: s.coverage,
          entities: e,
          facts: s.facts,
          tables: s.tables,
          cells: stage.dailyCells,
          series: s.series,
          logs: d.logs,
          tags: d.tags,
          tableCoverage: s.tableCoverage,
          skipsNoModel,
        }),
        ...stage.orgLines,
        ...reconcileWithLogs(e, d.recent, d.logs, s.coverage, s.orgInLogs && s.tables.org, skipsNoModel),
        // The period's facts and the spend outside it: all-time figures per key and entity.
        ...reconcileCounters({
          entities: e,
          facts: [...s.facts, ...d.outside],
          recent: d.recent,
          tables: s.tables,
          tags: d.tags,
          endUsers: d.endUsers,
          budgetTimezone: options.budgetTimezone,
        }),
      ],
    },
    budgets: computeBudgets(e, options.budgetTimezone, { nowMs, trailing }),
    trend,
    ...(timezone ? { timezone } : {}),
  };
}

/**
 * Attributes the spend of an inclusive period (UTC days, or local days of `opts.timezone`): the organisation → team → user → key → model tree on the
 * chosen basis, tag spend (overlapping), team members' contributions, the reconciliation of every source,
 * budgets and the trend (docs/attribution-json.md). The figures come from a handful of grouped queries
 * (sources.ts), in two stages: `computeSummary` (tree and trend, summary.ts), then `computeDetail`.
 */
export async function computeAttribution(
  db: LensDatabase,
  caps: Capabilities,
  opts: AttributionOptions,
  signal?: AbortSignal,
): Promise<AttributionResult> {
  return computeDetail(db, caps, await computeSummary(db, caps, opts, signal), signal);
}
