import type { LensDatabase } from '../db/database';
import type { Capabilities } from '../schema/capabilities';
import { DAILY, type DailyFact, type DailyKind, type FactQuery, loadDailyFacts } from './dailyFacts';
import { type RecentSums, loadRecentSums } from './dailyRecent';
import { type DayPoint, type EntityHistory, loadDailySeries, loadEntityHistory } from './dailySeries';
import { type Entities, loadEntities } from './entities';
import { allWindows } from './limits';
import type { Period } from './period';
import { loadCoverage } from './coverage';
import { type LogFact, loadLogFacts, probeCoverage } from './spendLogs';
import type { SpendLogsCoverage, TableCoverage } from './types';

/** The columns a daily table needs to take part; the token and request-status counters are optional. */
export const DAILY_REQUIRED = ['date', 'api_key', 'model', 'spend', 'api_requests'];

/** Everything the attribution reads, before any shaping. */
export interface Sources {
  /** Which of the three daily tables exist (the user table always does). */
  tables: Record<DailyKind, boolean>;
  orgInLogs: boolean;
  entities: Entities;
  coverage: SpendLogsCoverage;
  tableCoverage: TableCoverage[];
  facts: DailyFact[];
  series: DayPoint[];
  logs: LogFact[];
  tags: Map<string, EntityHistory> | null;
  endUsers: Map<string, EntityHistory> | null;
  recent: Partial<Record<DailyKind | 'endUser', RecentSums>>;
}

export interface SourceOptions {
  budgetTimezone: string;
  masterKeyHash: string | null;
}

/** The daily facts of a period from the tables present, read separately before and after the day the team or organisation table starts. */
export function factQuery(caps: Capabilities, tables: Record<DailyKind, boolean>, tableCoverage: readonly TableCoverage[], period: Period): FactQuery {
  const kinds = (['user', 'team', 'org'] as const).filter((k) => tables[k]);
  const splitAt = tableCoverage.filter((c) => kinds.some((k) => DAILY[k].table === c.table) && c.firstDate !== null).map((c) => c.firstDate!);
  return { caps, kinds, period, splitAt };
}

/**
 * Reads the sources: the entity tables and SpendLogs' extent first (the budget windows and the covered days
 * shape the later queries), then one grouped scan per daily table, the daily series, one scan of the period's
 * SpendLogs, tags and end users, and the recent-days sums. The scans run one at a time: each uses the
 * server's parallel workers, and concurrent scans only contend.
 */
export async function loadSources(db: LensDatabase, caps: Capabilities, period: Period, opts: SourceOptions, signal?: AbortSignal): Promise<Sources> {
  const present = (kind: DailyKind) => caps.missing([{ table: DAILY[kind].table, columns: [DAILY[kind].entity, ...DAILY_REQUIRED] }]).length === 0;
  const tables: Record<DailyKind, boolean> = { user: true, team: present('team'), org: present('org') };
  const [entities, coverage, tableCoverage] = await Promise.all([
    loadEntities(db, caps, opts.masterKeyHash, signal), probeCoverage(db, caps, period, signal), loadCoverage(db, caps, signal),
  ]);
  const windows = allWindows(entities, opts.budgetTimezone);
  const { kinds } = factQuery(caps, tables, tableCoverage, period);
  const facts = await loadDailyFacts(db, factQuery(caps, tables, tableCoverage, period), signal);
  const series = await loadDailySeries(db, caps, period, signal);
  const logs = await loadLogFacts(db, caps, period, coverage, signal);
  const tags = await loadEntityHistory(db, caps, 'LiteLLM_DailyTagSpend', 'tag', period, signal);
  const endUsers = caps.hasTable('LiteLLM_EndUserTable') ? await loadEntityHistory(db, caps, 'LiteLLM_DailyEndUserSpend', 'end_user_id', period, signal) : null;
  const covered = coverage.coveredFrom ? { from: coverage.coveredFrom, to: period.to } : null;
  const recent: Sources['recent'] = {};
  for (const kind of kinds) {
    const { table, entity } = DAILY[kind];
    // Organisation counters are never reset: no window, only the covered-days sums.
    const entityWindows = kind === 'user' ? windows.user : kind === 'team' ? windows.team : new Map<string, string>();
    recent[kind] = await loadRecentSums(db, { table, entity, entityWindows, keyWindows: kind === 'user' ? windows.key : undefined, covered }, signal);
  }
  if (endUsers) recent.endUser = await loadRecentSums(db, { table: 'LiteLLM_DailyEndUserSpend', entity: 'end_user_id', entityWindows: windows.endUser, covered: null }, signal);
  return { tables, orgInLogs: caps.hasColumn('LiteLLM_SpendLogs', 'organization_id'), entities, coverage, tableCoverage, facts, series, logs, tags, endUsers, recent };
}
