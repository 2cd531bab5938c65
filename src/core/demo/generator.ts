import { aggregateDaily, type DailyTable } from './gen/daily';
import type { DemoRequest } from './gen/request';
import { computeCounters } from './gen/counters';
import {
  auditLogRows,
  configRows,
  credentialRows,
  cronJobRows,
  errorLogRows,
  mcpServerRows,
  modelTableRows,
  onboardingRows,
  proxyModelRows,
  toolIndexRows,
} from './gen/extraRows';
import { budgetRows, organizationMembershipRows, organizationRows, teamMembershipRows, teamRows, userRows } from './gen/identityRows';
import { agentRows, deprecatedKeyRows, endUserRows, keyRows, tagRows } from './gen/keyRows';
import { projectToVersion } from './gen/project';
import { Rng } from './gen/random';
import { resolveRange } from './gen/range';
import { spendLogRow } from './gen/spendLogs';
import { formatDay, HOUR_MS } from './gen/time';
import { simulateTraffic } from './gen/traffic';
import { buildWorld } from './gen/world';
import { versionFeatures, type SchemaVersion } from './versions';

/** Knobs of the demo data; every default gives the same database for the same day. */
export interface DemoOptions {
  /** PRNG seed (default 42). */
  seed?: number;
  /** Last day with data, `YYYY-MM-DD` UTC (default: yesterday UTC). */
  endDate?: string;
  /** Days of data (default 90). */
  days?: number;
  /** Average proxy calls per day (default 150; weekdays busier than weekends). */
  requestsPerDay?: number;
  /** SpendLogs older than this many days are purged; the daily tables keep them (default 60). */
  retentionDays?: number;
  /** Master-key calls store the key's SHA-256 hash, LiteLLM's default (true), or the literal `litellm_proxy_master_key`. */
  masterKeyHashInDb?: boolean;
  /**
   * First day (`YYYY-MM-DD`) each daily table holds, as when its migration ran during the period (default: the
   * migration dates of issue 14 fact 4). Earlier days stay empty there: LiteLLM never back-fills.
   */
  dailyFirstDays?: Partial<Record<DailyTable, string>>;
}

/** The day each daily table's migration shipped (issue 14 fact 4); user spend is the oldest. */
export const DAILY_MIGRATION_DAYS: Readonly<Partial<Record<DailyTable, string>>> = {
  LiteLLM_DailyTeamSpend: '2025-04-15',
  LiteLLM_DailyTagSpend: '2025-04-16',
  LiteLLM_DailyOrganizationSpend: '2025-11-14',
  LiteLLM_DailyEndUserSpend: '2025-12-04',
};

/** What was generated. Dates are `YYYY-MM-DD` (UTC). */
export interface DemoSummary {
  version: SchemaVersion;
  /** First and last day with data (inclusive). */
  from: string;
  to: string;
  /** First day whose SpendLogs rows remain after the retention purge. */
  retentionFrom: string;
  /** Proxy calls simulated over the whole range. */
  requests: number;
  /** LiteLLM_SpendLogs rows left after the purge. */
  spendLogsRows: number;
  /** USD over the whole range: Σ LiteLLM_DailyUserSpend.spend = Σ spend of every simulated call. */
  totalSpend: number;
  /** Row count of every table of the schema level. */
  tables: Record<string, number>;
  /**
   * Requests logged twice under one request_id (a finished batch retrieved twice): SpendLogs keep the first,
   * the daily tables and counters count both (issue 14 fact 8).
   */
  duplicates: { requestId: string; date: string; spend: number }[];
}

/** Rows per table, in an order that satisfies the foreign keys. */
export interface DemoDataset {
  tables: Record<string, Record<string, unknown>[]>;
  summary: DemoSummary;
}

// Parents before children (docs/reference/litellm-schema.md §11, item 3).
const INSERT_ORDER = [
  'LiteLLM_BudgetTable',
  'LiteLLM_OrganizationTable',
  'LiteLLM_ModelTable',
  'LiteLLM_TeamTable',
  'LiteLLM_UserTable',
  'LiteLLM_OrganizationMembership',
  'LiteLLM_TeamMembership',
  'LiteLLM_AgentsTable',
  'LiteLLM_VerificationToken',
  'LiteLLM_DeletedVerificationToken',
  'LiteLLM_DeprecatedVerificationToken',
  'LiteLLM_EndUserTable',
  'LiteLLM_TagTable',
  'LiteLLM_ProxyModelTable',
  'LiteLLM_CredentialsTable',
  'LiteLLM_Config',
  'LiteLLM_CronJob',
  'LiteLLM_MCPServerTable',
  'LiteLLM_SpendLogs',
  'LiteLLM_SpendLogToolIndex',
  'LiteLLM_ErrorLogs',
  'LiteLLM_DailyUserSpend',
  'LiteLLM_DailyTeamSpend',
  'LiteLLM_DailyOrganizationSpend',
  'LiteLLM_DailyEndUserSpend',
  'LiteLLM_DailyAgentSpend',
  'LiteLLM_DailyTagSpend',
  'LiteLLM_AuditLog',
  'LiteLLM_UserNotifications',
  'LiteLLM_InvitationLink',
];

/**
 * Generates a small company's LiteLLM database the way LiteLLM writes it: requests become SpendLogs rows,
 * daily aggregates and running counters; then budget resets and the SpendLogs retention purge apply.
 * Pure and deterministic: the same version and options always give the same rows.
 */
export function generateDemoData(version: SchemaVersion, opts: DemoOptions = {}): DemoDataset {
  const range = resolveRange(opts);
  const features = versionFeatures(version);
  const root = new Rng(range.seed);
  const world = buildWorld(range, root.fork('world'));
  const { requests, duplicates } = withDuplicate(simulateTraffic(world, features, root.fork('traffic')), range.retentionFrom);
  const daily = aggregateDaily(requests, features, root.fork('daily'), { ...DAILY_MIGRATION_DAYS, ...opts.dailyFirstDays });
  const counters = computeCounters(world, requests);
  // SpendLogs skip a request_id already present (update_spend_logs' skip_duplicates); the daily tables do not.
  const retained = requests.filter((r) => r.start >= range.retentionFrom && !duplicates.includes(r));
  const rng = root.fork('rows');
  const keys = keyRows(world, counters, requests, rng);
  const onboarding = onboardingRows(world, rng);
  const rows: Record<string, Record<string, unknown>[]> = {
    LiteLLM_BudgetTable: budgetRows(world),
    LiteLLM_OrganizationTable: organizationRows(world, counters),
    LiteLLM_ModelTable: modelTableRows(world),
    LiteLLM_TeamTable: teamRows(world, counters),
    LiteLLM_UserTable: userRows(world, counters),
    LiteLLM_OrganizationMembership: organizationMembershipRows(world),
    LiteLLM_TeamMembership: teamMembershipRows(world, counters),
    LiteLLM_AgentsTable: agentRows(world, counters),
    LiteLLM_VerificationToken: keys.live,
    LiteLLM_DeletedVerificationToken: keys.deleted,
    LiteLLM_DeprecatedVerificationToken: deprecatedKeyRows(world, rng),
    LiteLLM_EndUserTable: endUserRows(world, counters),
    LiteLLM_TagTable: tagRows(world, counters),
    LiteLLM_ProxyModelTable: proxyModelRows(world),
    LiteLLM_CredentialsTable: credentialRows(world, rng),
    LiteLLM_Config: configRows(world),
    LiteLLM_CronJob: cronJobRows(world, rng),
    LiteLLM_MCPServerTable: mcpServerRows(world, rng),
    LiteLLM_SpendLogs: retained.map((r) => spendLogRow(r, features)),
    LiteLLM_SpendLogToolIndex: toolIndexRows(retained),
    LiteLLM_ErrorLogs: features.errorLogs ? errorLogRows(requests) : [],
    ...daily,
    LiteLLM_AuditLog: auditLogRows(world, rng),
    LiteLLM_UserNotifications: onboarding.notifications,
    LiteLLM_InvitationLink: onboarding.invitations,
  };
  const tables = projectToVersion(rows, INSERT_ORDER, version);
  return {
    tables,
    summary: {
      version,
      from: formatDay(range.from),
      to: formatDay(range.to),
      retentionFrom: formatDay(range.retentionFrom),
      requests: requests.length,
      spendLogsRows: retained.length,
      totalSpend: requests.reduce((sum, r) => sum + r.spend, 0),
      tables: Object.fromEntries(Object.entries(tables).map(([t, r]) => [t, r.length])),
      duplicates: duplicates.map((r) => ({ requestId: r.requestId, date: formatDay(r.start), spend: r.spend })),
    },
  };
}

/**
 * Logs the first batch retrieval inside the SpendLogs retention a second time, two hours later under the same
 * request_id (a finished batch fetched twice is charged twice: issue 14 fact 8). Returns the requests in start
 * order and the added copies.
 */
function withDuplicate(requests: DemoRequest[], retentionFrom: number): { requests: DemoRequest[]; duplicates: DemoRequest[] } {
  const original = requests.find((r) => r.start >= retentionFrom && r.key?.spec.nightly && r.spend > 0 && r.status === 'success');
  if (!original) return { requests, duplicates: [] };
  const copy: DemoRequest = {
    ...original,
    start: original.start + 2 * HOUR_MS,
    end: original.end + 2 * HOUR_MS,
    completionStart: original.completionStart + 2 * HOUR_MS,
  };
  const at = requests.findIndex((r) => r.start > copy.start);
  const out = [...requests];
  out.splice(at < 0 ? out.length : at, 0, copy);
  return { requests: out, duplicates: [copy] };
}
