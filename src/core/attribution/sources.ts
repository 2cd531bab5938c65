import type { LensDatabase } from '../db/database';
import type { Capabilities } from '../schema/capabilities';
import { DAILY, type DailyFact, type DailyKind, type FactQuery, loadDailyFacts, loadOutsideFacts } from './dailyFacts';
import { type RecentSums, loadRecentSums } from './dailyRecent';
import { type DayPoint, type EntityHistory, loadEntityHistory } from './dailySeries';
import { type Entities, loadEntities } from './entities';
import { allWindows } from './limits';
import type { Period } from './period';
import { loadCoverage } from './coverage';
import { type LogFact, loadLogFacts, probeCoverage } from './spendLogs';
import type { Basis, SpendLogsCoverage, TableCoverage } from './types';

/** The columns a daily table needs to take part; the token and request-status counters are optional. */
export const DAILY_REQUIRED = ['date', 'api_key', 'model', 'spend', 'api_requests'];

/** What the summary (tree and trend) reads. */
export interface SummarySources {
  /** Which of the three daily tables exist (the user table always does). */
  tables: Record<DailyKind, boolean>;
  orgInLogs: boolean;
  entities: Entities;
  coverage: SpendLogsCoverage;
  tableCoverage: TableCoverage[];
  /** The period's daily facts (DailyFact.lifetime = their range spend). */
  facts: DailyFact[];
  series: DayPoint[];
  /** The period's SpendLogs; read here only on the request basis (the tree is made of them), else by loadDetailSources. */
  logs: LogFact[] | null;
}

/** What the rest of the attribution (reconciliation, members, tags, counters) reads besides the summary's sources. */
export interface DetailSources {
  logs: LogFact[];
  /** Spend outside the period per key and entity (all-time figures for the counters). */
  outside: DailyFact[];
  tags: Map<string, EntityHistory> | null;
  endUsers: Map<string, EntityHistory> | null;
  recent: Partial<Record<DailyKind | 'endUser', RecentSums>>;
}

export interface SourceOptions {
  basis: Basis;
  budgetTimezone: string;
  masterKeyHash: string | null;
  /** The clock of the budget forecasts (AttributionOptions.now). */
  now?: Date;
}

const kindsOf = (tables: Record<DailyKind, boolean>) => (['user', 'team', 'org'] as const).filter((k) => tables[k]);

/** The daily facts of a period from the tables present, read separately before and after the day the team or organisation table starts. */
export function factQuery(
  caps: Capabilities,
  tables: Record<DailyKind, boolean>,
  tableCoverage: readonly TableCoverage[],
  period: Period,
): FactQuery {
  const kinds = kindsOf(tables);
  const splitAt = tableCoverage
    .filter((c) => kinds.some((k) => DAILY[k].table === c.table) && c.firstDate !== null)
    .map((c) => c.firstDate!);
  return { caps, kinds, period, splitAt };
}

/**
 * Reads what the tree and the trend need: the entity tables, SpendLogs' extent and each daily table's first day,
 * and as soon as those days are known one grouped scan of the period's rows per daily table, which also gives the
 * daily series (dailyFacts.ts); on the request basis the period's SpendLogs instead feed the tree. Statements that
 * do not wait for each other run at once on the pool's sessions (a server process each).
 */
export async function loadSummarySources(
  db: LensDatabase,
  caps: Capabilities,
  period: Period,
  opts: SourceOptions,
  signal?: AbortSignal,
): Promise<SummarySources> {
  const present = (kind: DailyKind) =>
    caps.missing([{ table: DAILY[kind].table, columns: [DAILY[kind].entity, ...DAILY_REQUIRED] }]).length === 0;
  const tables: Record<DailyKind, boolean> = { user: true, team: present('team'), org: present('org') };
  const coverageOf = probeCoverage(db, caps, period, signal);
  const tableCoverageOf = loadCoverage(db, caps, signal);
  const [entities, coverage, tableCoverage, daily, logs] = await Promise.all([
    loadEntities(db, caps, opts.masterKeyHash, signal),
    coverageOf,
    tableCoverageOf,
    tableCoverageOf.then((tc) => loadDailyFacts(db, factQuery(caps, tables, tc, period), signal)),
    opts.basis === 'requests' ? coverageOf.then((c) => loadLogFacts(db, caps, period, c, signal)) : null,
  ]);
  return {
    tables,
    orgInLogs: caps.hasColumn('LiteLLM_SpendLogs', 'organization_id'),
    entities,
    coverage,
    tableCoverage,
    facts: daily.facts,
    series: daily.series,
    logs,
  };
}

/**
 * Reads the rest: the period's SpendLogs (unless the summary did), the spend outside the period, tags and end
 * users, and the recent-days sums. The statements are independent, so they are sent at once (pooled sessions).
 */
export async function loadDetailSources(
  db: LensDatabase,
  caps: Capabilities,
  period: Period,
  s: SummarySources,
  opts: SourceOptions,
  signal?: AbortSignal,
): Promise<DetailSources> {
  const kinds = kindsOf(s.tables);
  const windows = allWindows(s.entities, opts.budgetTimezone);
  const covered = s.coverage.coveredFrom ? { from: s.coverage.coveredFrom, to: period.to } : null;
  const endUsersOf = caps.hasTable('LiteLLM_EndUserTable')
    ? loadEntityHistory(db, caps, 'LiteLLM_DailyEndUserSpend', 'end_user_id', period, signal)
    : Promise.resolve(null);
  const [logs, outside, tags, endUsers, kindSums, endUserSums] = await Promise.all([
    s.logs ?? loadLogFacts(db, caps, period, s.coverage, signal),
    loadOutsideFacts(db, caps, kinds, period, signal),
    loadEntityHistory(db, caps, 'LiteLLM_DailyTagSpend', 'tag', period, signal),
    endUsersOf,
    Promise.all(
      kinds.map((kind) => {
        const { table, entity } = DAILY[kind];
        // Organisation counters are never reset: no window, only the covered-days sums.
        const entityWindows = kind === 'user' ? windows.user : kind === 'team' ? windows.team : new Map<string, string>();
        return loadRecentSums(db, { table, entity, entityWindows, keyWindows: kind === 'user' ? windows.key : undefined, covered }, signal);
      }),
    ),
    endUsersOf.then((found) =>
      found
        ? loadRecentSums(
            db,
            { table: 'LiteLLM_DailyEndUserSpend', entity: 'end_user_id', entityWindows: windows.endUser, covered: null },
            signal,
          )
        : undefined,
    ),
  ]);
  const recent: DetailSources['recent'] = {};
  kinds.forEach((kind, i) => (recent[kind] = kindSums[i]));
  if (endUserSums) recent.endUser = endUserSums;
  return { logs, outside, tags, endUsers, recent };
}
