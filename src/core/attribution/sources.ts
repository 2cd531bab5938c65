import type { LensDatabase } from '../db/database';
import type { Capabilities } from '../schema/capabilities';
import { DAILY, type DailyFact, type DailyKind, loadDailyFacts } from './dailyFacts';
import { type RecentSums, loadRecentSums } from './dailyRecent';
import { type DayPoint, type EntityHistory, loadDailySeries, loadEntityHistory } from './dailySeries';
import { type Entities, loadEntities } from './entities';
import { allWindows } from './limits';
import type { Period } from './period';
import { type LogFact, loadLogFacts, probeCoverage } from './spendLogs';
import type { SpendLogsCoverage } from './types';

/** The columns a daily table needs to take part; the token and request-status counters are optional. */
export const DAILY_REQUIRED = ['date', 'api_key', 'model', 'spend', 'api_requests'];

/** Everything the attribution reads, before any shaping. */
export interface Sources {
  /** Which of the three daily tables exist (the user table always does). */
  tables: Record<DailyKind, boolean>;
  orgInLogs: boolean;
  entities: Entities;
  coverage: SpendLogsCoverage;
  facts: DailyFact[];
  series: DayPoint[];
  logs: LogFact[];
  tags: Map<string, EntityHistory> | null;
  endUsers: Map<string, EntityHistory> | null;
  recent: Partial<Record<DailyKind | 'tag' | 'endUser', RecentSums>>;
}

/**
 * Reads the sources: the entity tables and SpendLogs' extent first (the budget windows and the covered days
 * shape the later queries), then one grouped scan per daily table, the daily series, one scan of the period's
 * SpendLogs, tags and end users, and the recent-days sums. The scans run one at a time: each uses the
 * server's parallel workers, and concurrent scans only contend.
 */
export async function loadSources(db: LensDatabase, caps: Capabilities, period: Period, signal?: AbortSignal): Promise<Sources> {
  const present = (kind: DailyKind) => caps.missing([{ table: DAILY[kind].table, columns: [DAILY[kind].entity, ...DAILY_REQUIRED] }]).length === 0;
  const tables: Record<DailyKind, boolean> = { user: true, team: present('team'), org: present('org') };
  const [entities, coverage] = await Promise.all([loadEntities(db, caps, signal), probeCoverage(db, caps, period, signal)]);
  const windows = allWindows(entities);
  const kinds = (['user', 'team', 'org'] as const).filter((k) => tables[k]);
  const facts = await loadDailyFacts(db, { caps, kinds, period }, signal);
  const series = await loadDailySeries(db, caps, period, signal);
  const logs = await loadLogFacts(db, caps, period, coverage, signal);
  const tags = await loadEntityHistory(db, caps, 'LiteLLM_DailyTagSpend', 'tag', period, signal);
  const endUsers = caps.hasTable('LiteLLM_EndUserTable') ? await loadEntityHistory(db, caps, 'LiteLLM_DailyEndUserSpend', 'end_user_id', period, signal) : null;
  const covered = coverage.coveredFrom ? { from: coverage.coveredFrom, to: period.to } : null;
  const recent: Sources['recent'] = {};
  for (const kind of kinds) {
    const { table, entity } = DAILY[kind];
    const entityWindows = kind === 'user' ? windows.user : kind === 'team' ? windows.team : windows.org;
    recent[kind] = await loadRecentSums(db, { table, entity, entityWindows, keyWindows: kind === 'user' ? windows.key : undefined, covered }, signal);
  }
  if (tags) recent.tag = await loadRecentSums(db, { table: 'LiteLLM_DailyTagSpend', entity: 'tag', entityWindows: windows.tag, covered: null }, signal);
  if (endUsers) recent.endUser = await loadRecentSums(db, { table: 'LiteLLM_DailyEndUserSpend', entity: 'end_user_id', entityWindows: windows.endUser, covered: null }, signal);
  return { tables, orgInLogs: caps.hasColumn('LiteLLM_SpendLogs', 'organization_id'), entities, coverage, facts, series, logs, tags, endUsers, recent };
}
