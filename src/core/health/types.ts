import type { LensDatabase } from '../db/database';
import type { Period } from '../attribution/period';
import type { AttributionResult } from '../attribution/types';
import type { Capabilities } from '../schema/capabilities';
import type { Requirement } from '../schema/features';

/**
 * How bad a finding is (docs/health-check.md):
 * - `error`: money is recorded wrongly or a control did not hold (spend after expiry or deletion, a missed
 *   budget reset, daily tables that disagree with SpendLogs);
 * - `warning`: probably wrong, worth a look (zero-priced requests, counter drift, over-budget spending, spikes,
 *   failure rates, spend on blocked keys, budgets that will be exceeded before their reset);
 * - `info`: a configuration to know about (a member budget that never resets).
 */
export type Severity = 'error' | 'warning' | 'info';

export const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

export type CheckId =
  | 'priced-as-zero'
  | 'counter-drift'
  | 'daily-vs-spend-logs'
  | 'key-after-expiry'
  | 'key-after-blocked'
  | 'key-after-deletion'
  | 'over-budget-spending'
  | 'budget-reset-missed'
  | 'member-budget-no-reset'
  | 'budget-will-exceed'
  | 'spike'
  | 'failure-rate';

/** One finding: what is wrong with which subject, how many rows and how much money, and the rows behind it. */
export interface Finding {
  check: CheckId;
  severity: Severity;
  /** What the finding is about, e.g. `model mystery-model`, `key 9f2c… (alias)`, `day 2026-10-15`. */
  subject: string;
  /** How many rows `sql` returns (requests, entity rows or daily cells; see docs/health-check.md per check). */
  count: number;
  /** USD involved (full double precision; never rounded). */
  money: number;
  explanation: string;
  /** Self-contained, read-only SQL (values inlined) that returns exactly the rows behind the finding. */
  sql: string;
  /** Check-specific figures (e.g. tokens, median, multiple, failure rate). */
  details: Record<string, string | number | null>;
}

export interface SkippedCheck {
  check: CheckId;
  title: string;
  reason: string;
  /** `Table` / `Table.column` entries this database lacks (empty when skipped for another reason). */
  missing: string[];
}

export interface HealthReport {
  /** `timezone` only with a report time zone other than UTC: from/to are its local dates. */
  period: { from: string; to: string; timezone?: string };
  /** The clock the time-based checks used (ISO UTC). */
  now: string;
  generation: string;
  /** Every check that ran, with its severity and number of findings. */
  checks: { check: CheckId; title: string; severity: Severity; findings: number }[];
  findings: Finding[];
  skipped: SkippedCheck[];
}

export interface HealthOptions {
  from: string;
  to: string;
  /** The clock for expiry, reset and "today" decisions (default: now). */
  now?: Date;
  /** Report time zone (IANA, default UTC): the period's bounds and the spike check's days are local to it. */
  timezone?: string;
}

/** What a check gets: the database, its capabilities, the period, the clock and the shared attribution. */
export interface CheckContext {
  db: LensDatabase;
  caps: Capabilities;
  period: Period;
  now: Date;
  signal?: AbortSignal;
  /** The period's attribution (reconciliation and budgets), computed once for the checks that read it. */
  attribution(): Promise<AttributionResult>;
}

/** What the attribution (`CheckContext.attribution`) needs, for the checks that read it. */
export const ATTRIBUTION_INPUT: Requirement[] = [
  { table: 'LiteLLM_DailyUserSpend', columns: ['user_id', 'date', 'api_key', 'model', 'spend', 'api_requests'] },
];

/** A check returns its findings, or says why it could not run on this database. */
export type CheckOutcome = Finding[] | { skipped: string };

export interface HealthCheck {
  id: CheckId;
  title: string;
  severity: Severity;
  requires: Requirement[];
  run(ctx: CheckContext): Promise<CheckOutcome>;
}
