/**
 * The result of a spend attribution (docs/attribution-json.md describes the JSON shape). Money is USD as full
 * double-precision numbers; nothing is rounded. Dates are `YYYY-MM-DD` UTC, both ends of a period inclusive.
 */

import type { Basis, NodeLevel, NodeStatus } from '../../shared/attributionTerms';

// Defined once in src/shared (the webviews speak them too); re-exported for the engine's modules.
export type { Basis, NodeLevel, NodeStatus };

export interface AttributionOptions {
  from: string;
  to: string;
  basis?: Basis;
  /** Length of the top-N lists (default 10). */
  topN?: number;
  /** Report time zone (IANA name, default UTC): from/to are its local dates and the tree and trend its days (zoneDays.ts). */
  timezone?: string;
  /** LiteLLM's budget timezone (`litellm_settings.timezone`, an IANA name; default UTC): where budget windows turn. */
  budgetTimezone?: string;
  /** SHA-256 hex of the proxy's master key: its spend is stored under this hash (spend_tracking_utils.py ~L296-330). */
  masterKeyHash?: string;
  /** The clock of the budget forecasts (default: now). */
  now?: Date;
}

/** The counters every daily row carries; request counts and tokens may be fractional in apportioned cells. */
export interface Measures {
  spend: number;
  apiRequests: number;
  successfulRequests: number;
  failedRequests: number;
  promptTokens: number;
  completionTokens: number;
  cacheReadInputTokens: number;
  cacheCreationInputTokens: number;
}

/**
 * Where an organisation node's membership comes from: `daily-organization` = LiteLLM_DailyOrganizationSpend (the
 * organisation at request time, on the days that table covers); `request` = SpendLogs.organization_id; `team` =
 * the request-time team's organisation now; `key` = the key's organisation now; `none` = neither has one.
 */
export type OrgSource = 'daily-organization' | 'team' | 'key' | 'request' | 'none';

/** An organisation node's figure from the other organisation view, with the difference explained. */
export interface OrgComparison {
  /** `LiteLLM_DailyOrganizationSpend` (key's org at request time) or, where that table is missing, `key-current-org`. */
  source: 'LiteLLM_DailyOrganizationSpend' | 'key-current-org';
  spend: number;
  /** Tree spend minus `spend`. */
  delta: number;
  explained: CauseAmount[];
  unexplained: number;
}

export interface AttributionNode extends Measures {
  level: NodeLevel;
  /** Unique, stable path of ids from the root, e.g. `o:acme/t:team-1/u:alice/k:9f2c…/m:gpt-4o`. */
  path: string;
  /** The stored id (`''` for unassigned); null for the root and the synthetic no-team-row node. */
  id: string | null;
  /** What to show: the alias, else a readable fallback such as `(no team)`. */
  name: string;
  /** The entity's alias (team_alias, user_alias, key_alias, organization_alias), if it has one. */
  alias: string | null;
  status: NodeStatus;
  /** Spend / parent spend (1 at the root; 0 when the parent's spend is 0). */
  share: number;
  /** Set when part of this node's figures was apportioned between users sharing one key, model and day. */
  apportioned?: true;
  /** Team nodes: how the organisation above them was determined. */
  orgSource?: OrgSource;
  /** Organisation nodes (daily basis): the figure of the other organisation view. */
  comparison?: OrgComparison;
  /** Key nodes: earlier hashes of a regenerated key whose spend is shown here (LiteLLM_DeprecatedVerificationToken). */
  formerTokens?: string[];
  children: AttributionNode[];
}

export interface SpendLogsCoverage {
  available: boolean;
  /** First and last `startTime` in LiteLLM_SpendLogs (any date), ISO UTC. */
  firstLog: string | null;
  lastLog: string | null;
  /** First day of the period whose SpendLogs are complete (after the retention cut), or null if none is. */
  coveredFrom: string | null;
  /** True when every day of the period is covered. */
  complete: boolean;
}

/** First and last `date` present in one daily table (null when it has no rows). */
export interface TableCoverage {
  table: string;
  firstDate: string | null;
  lastDate: string | null;
}

export type Cause =
  | 'retention'
  | 'not-recorded-yet'
  | 'duplicate-request-ids'
  | 'budget-reset'
  | 'key-moved-between-teams'
  | 'tags-overlap'
  | 'skipped-requests'
  | 'no-team'
  | 'no-organisation'
  | 'team-organisation';

export interface CauseAmount {
  cause: Cause;
  spend: number;
  detail: string;
}

export interface ReconciliationLine {
  /** What is compared, e.g. `daily-user-vs-daily-team`, `counter-vs-daily`. */
  check: string;
  scope: 'total' | 'organization' | 'team' | 'user' | 'key' | 'team-member' | 'end-user' | 'tag';
  id: string | null;
  name: string;
  left: { source: string; spend: number };
  right: { source: string; spend: number };
  /** left − right. */
  delta: number;
  explained: CauseAmount[];
  /** The part of `delta` no known cause accounts for. */
  unexplained: number;
  status: 'match' | 'explained' | 'unexplained';
}

export interface Reconciliation {
  /** Relative tolerance under which two sums count as equal (float summation order). */
  tolerance: number;
  /** Totals of each source over the period (null where the table does not exist). */
  totals: {
    dailyUserSpend: number;
    dailyTeamSpend: number | null;
    dailyOrganizationSpend: number | null;
    spendLogs: number | null;
    /** Σ LiteLLM_DailyTagSpend: overlapping, never comparable to the others. */
    dailyTagSpend: number | null;
  };
  lines: ReconciliationLine[];
}

export type BudgetEntity = 'key' | 'user' | 'team' | 'team-member' | 'organization' | 'end-user' | 'tag';

export interface BudgetLine {
  entity: BudgetEntity;
  /** Entity id; team members are `<user_id>::<team_id>`. */
  id: string;
  name: string;
  /** Current-window running counter (`spend` column). */
  spend: number;
  maxBudget: number | null;
  softBudget: number | null;
  /** spend / max_budget × 100, null without a (positive) max_budget. */
  utilisation: number | null;
  budgetDuration: string | null;
  budgetResetAt: string | null;
  /** Where the limits come from: the entity's own columns, a LiteLLM_BudgetTable row, or both (keys, field by field). */
  limitSource: 'own' | 'budget-table' | 'mixed';
  /** When LiteLLM rejects requests: `>` for teams, users, end users and tags, `>=` for keys, organisations, team members. */
  rejectsAbove: '>' | '>=';
  /** Start of the current budget window (ISO UTC), calendar-aligned in the budget timezone; null when the counter never resets. */
  windowStart: string | null;
  /** Organisation and tag counters are never reset by LiteLLM: lifetime spend whatever budget_duration says. */
  lifetime: boolean;
  /** What the budget applies to, where narrower than the entity (a user's budget binds only keys without a team). */
  appliesTo: string | null;
  /** LiteLLM rejects further requests (spend `rejectsAbove` max_budget). */
  overBudget: boolean;
  /** 80 % ≤ utilisation < 100 %. */
  nearBudget: boolean;
  overSoftBudget: boolean;
  /** Burn rates and projection to the next reset (forecast.ts); null without a positive max_budget. */
  forecast: BudgetForecast | null;
}

/** A budget's projection at `asOf`: linear burn until the next reset (docs/attribution-json.md, Budgets). */
export interface BudgetForecast {
  /** The clock the forecast used (ISO UTC). */
  asOf: string;
  /** USD per day over the 7 finished UTC days before `asOf` (the entity's daily table); null where it has none. */
  trailing7dPerDay: number | null;
  /** USD per day of the current window: spend / days since `windowStart`; null for counters that never reset. */
  windowPerDay: number | null;
  /** The rate projected with: the trailing 7 days where known, else the window's average. */
  rateBasis: 'trailing-7d' | 'window-average' | null;
  /** `budget_reset_at` (ISO UTC); null for counters that never reset or without a reset time. */
  nextResetAt: string | null;
  /** Days (fractional) until `nextResetAt`; 0 when overdue. */
  resetsInDays: number | null;
  /** `budget_reset_at` is already past: LiteLLM's reset job has not run for this budget. */
  resetOverdue: boolean;
  /** spend + rate × time to the reset (the counter when overdue); null without a reset. */
  projectedAtReset: number | null;
  /** When the counter reaches 80 % / 100 % of max_budget at that rate (ISO UTC), if before the reset (a year for budgets that never reset); null if already there or not in time. */
  crosses80At: string | null;
  crosses100At: string | null;
  /** The counter reaches max_budget before the next reset. */
  exceedsBeforeReset: boolean;
}

export interface TopItem {
  id: string;
  name: string;
  status: NodeStatus;
  spend: number;
  apiRequests: number;
  share: number;
}

export interface TrendSeries {
  id: string | null;
  name: string;
  status: NodeStatus;
  spend: number[];
}

export interface Trend {
  days: string[];
  total: number[];
  byTeam: TrendSeries[];
  byModel: TrendSeries[];
  top: { users: TopItem[]; keys: TopItem[]; models: TopItem[] };
}

export interface TagSpend extends Measures {
  tag: string;
  /** Always true: a request with N tags counts in N tags; never add tag figures to anything. */
  overlapping: true;
}

export interface MemberLine {
  /** `''` for team keys without an owner; null for a listed member known only by email. */
  userId: string | null;
  name: string;
  email: string | null;
  role: string | null;
  /** Listed in the team's membership (members_with_roles, or UserTable.teams for legacy teams). */
  listed: boolean;
  spend: number;
  apiRequests: number;
  share: number;
  /** LiteLLM_TeamMembership row: current-window counter and budget, when the member has one. */
  membership: { spend: number; maxBudget: number | null; budgetDuration: string | null; budgetResetAt: string | null } | null;
}

export interface TeamMembers {
  teamId: string;
  name: string;
  status: NodeStatus;
  /** How `members_with_roles` was read. */
  membersWithRoles: 'array' | 'legacy-object' | 'malformed' | 'missing';
  membershipSource: 'members_with_roles' | 'user-teams' | 'none';
  /** Σ SpendLogs of the team within the covered days. */
  spend: number;
  members: MemberLine[];
}

export interface Members {
  /** Days of SpendLogs the contributions are taken from (null when SpendLogs cover none of the period). */
  from: string | null;
  to: string | null;
  teams: TeamMembers[];
}

/** What this schema level lacks and how the attribution degrades. */
export interface SchemaNotes {
  generation: string;
  missing: string[];
  notes: string[];
}

export interface AttributionResult {
  period: { from: string; to: string; days: number };
  basis: Basis;
  schema: SchemaNotes;
  /** Each daily table's first and last date: before its first date a table says nothing ("not recorded yet"). */
  coverage: TableCoverage[];
  /** The budget timezone budget windows were computed in. */
  budgetTimezone: string;
  spendLogs: SpendLogsCoverage;
  /** Root of organisation → team → user → key → model. */
  tree: AttributionNode;
  tags: TagSpend[];
  members: Members;
  reconciliation: Reconciliation;
  budgets: BudgetLine[];
  trend: Trend;
  /**
   * Only with a report time zone other than UTC: each day's source (local from SpendLogs, or the UTC day from the
   * daily tables where SpendLogs do not cover it). The tree and trend follow these days; the reconciliation,
   * organisation comparison, tags and members stay on the UTC days from … to.
   */
  timezone?: ZoneCoverage;
}

/**
 * One report day: `spend-logs` = the local day from SpendLogs; `daily-utc` = the UTC day of that date from the
 * daily tables (SpendLogs do not cover it). `start`/`end` (ISO UTC) are the instants the figures span: a local
 * day is 23, 24 or 25 hours; the first local day after UTC fallback days starts where the last of them ended,
 * so no hour is counted twice or lost.
 */
export interface ZoneDay {
  date: string;
  source: 'spend-logs' | 'daily-utc';
  start: string;
  end: string;
  hours: number;
}

/** The report days of a period in a time zone (the `timezone` key of the attribution JSON, zoneDays.ts). */
export interface ZoneCoverage {
  timezone: string;
  days: ZoneDay[];
  notes: string[];
}
