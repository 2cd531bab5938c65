import { aggregateDaily } from './gen/daily';
import { computeCounters } from './gen/counters';
import {
  auditLogRows, configRows, credentialRows, cronJobRows, errorLogRows, mcpServerRows, modelTableRows, onboardingRows, proxyModelRows,
  toolIndexRows,
} from './gen/extraRows';
import { budgetRows, organizationMembershipRows, organizationRows, teamMembershipRows, teamRows, userRows } from './gen/identityRows';
import { agentRows, endUserRows, keyRows, tagRows } from './gen/keyRows';
import { projectToVersion } from './gen/project';
import { Rng } from './gen/random';
import { resolveRange } from './gen/range';
import { spendLogRow } from './gen/spendLogs';
import { formatDay } from './gen/time';
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
}

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
}

/** Rows per table, in an order that satisfies the foreign keys. */
export interface DemoDataset {
  tables: Record<string, Record<string, unknown>[]>;
  summary: DemoSummary;
}

// Parents before children (reference §11.3).
const INSERT_ORDER = [
  'LiteLLM_BudgetTable', 'LiteLLM_OrganizationTable', 'LiteLLM_ModelTable', 'LiteLLM_TeamTable', 'LiteLLM_UserTable',
  'LiteLLM_OrganizationMembership', 'LiteLLM_TeamMembership', 'LiteLLM_AgentsTable', 'LiteLLM_VerificationToken',
  'LiteLLM_DeletedVerificationToken', 'LiteLLM_EndUserTable', 'LiteLLM_TagTable', 'LiteLLM_ProxyModelTable',
  'LiteLLM_CredentialsTable', 'LiteLLM_Config', 'LiteLLM_CronJob', 'LiteLLM_MCPServerTable', 'LiteLLM_SpendLogs',
  'LiteLLM_SpendLogToolIndex', 'LiteLLM_ErrorLogs', 'LiteLLM_DailyUserSpend', 'LiteLLM_DailyTeamSpend',
  'LiteLLM_DailyOrganizationSpend', 'LiteLLM_DailyEndUserSpend', 'LiteLLM_DailyAgentSpend', 'LiteLLM_DailyTagSpend',
  'LiteLLM_AuditLog', 'LiteLLM_UserNotifications', 'LiteLLM_InvitationLink',
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
  const requests = simulateTraffic(world, features, root.fork('traffic'));
  const daily = aggregateDaily(requests, features, root.fork('daily'));
  const counters = computeCounters(world, requests);
  const retained = requests.filter((r) => r.start >= range.retentionFrom);
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
    LiteLLM_EndUserTable: endUserRows(world, counters),
    LiteLLM_TagTable: tagRows(world, counters),
    LiteLLM_ProxyModelTable: proxyModelRows(world),
    LiteLLM_CredentialsTable: credentialRows(world, rng),
    LiteLLM_Config: configRows(world),
    LiteLLM_CronJob: cronJobRows(world, rng),
    LiteLLM_MCPServerTable: mcpServerRows(world, rng),
    LiteLLM_SpendLogs: retained.map((r) => spendLogRow(r, features)),
    LiteLLM_SpendLogToolIndex: toolIndexRows(retained),
    LiteLLM_ErrorLogs: errorLogRows(requests),
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
    },
  };
}
