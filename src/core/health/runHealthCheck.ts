import { computeAttribution } from '../attribution/compute';
import { makePeriod } from '../attribution/period';
import { DEFAULT_REPORT_TIMEZONE, validateReportTimezone } from '../attribution/zoneDays';
import type { AttributionResult } from '../attribution/types';
import type { LensDatabase } from '../db/database';
import { LensError } from '../errors';
import type { Capabilities } from '../schema/capabilities';
import { budgetWillExceed } from './budgetForecast';
import { budgetResetMissed, memberBudgetNoReset, overBudgetSpending } from './budgetHealth';
import { counterDrift } from './counterDrift';
import { dailyVsLogs } from './dailyVsLogs';
import { failureRate } from './failureRate';
import { keyAfterBlocked, keyAfterDeletion, keyAfterExpiry } from './keyLifecycle';
import { pricedAsZero } from './pricedAsZero';
import { spikes } from './spikes';
import { type CheckContext, type HealthCheck, type HealthOptions, type HealthReport, SEVERITY_RANK, type Severity } from './types';

/** Every check, in report order. */
export const CHECKS: readonly HealthCheck[] = [
  pricedAsZero,
  counterDrift,
  dailyVsLogs,
  keyAfterExpiry,
  keyAfterBlocked,
  keyAfterDeletion,
  overBudgetSpending,
  budgetWillExceed,
  budgetResetMissed,
  memberBudgetNoReset,
  spikes,
  failureRate,
];

/**
 * Runs every check this schema supports over the inclusive period (UTC days, or local days of `opts.timezone`),
 * one at a time (each is a grouped scan); a check whose tables or columns are missing is listed under `skipped`
 * with what it lacks. The attribution the counter and budget checks read is not day-based and stays UTC; the
 * daily-vs-SpendLogs check compares UTC days by nature (the daily tables' own days).
 */
export async function runHealthCheck(
  db: LensDatabase,
  caps: Capabilities,
  opts: HealthOptions,
  signal?: AbortSignal,
): Promise<HealthReport> {
  const timezone = validateReportTimezone(opts.timezone ?? DEFAULT_REPORT_TIMEZONE);
  const period = makePeriod(opts.from, opts.to, timezone);
  const now = opts.now ?? new Date();
  let attribution: Promise<AttributionResult> | undefined;
  const ctx: CheckContext = {
    db,
    caps,
    period,
    now,
    signal,
    attribution: () => (attribution ??= computeAttribution(db, caps, { from: period.from, to: period.to, now }, signal)),
  };
  const report: HealthReport = {
    period: { from: period.from, to: period.to, ...(period.timezone ? { timezone: period.timezone } : {}) },
    now: now.toISOString(),
    generation: caps.generation(),
    checks: [],
    findings: [],
    skipped: [],
  };
  for (const check of CHECKS) {
    const missing = caps.missing(check.requires);
    if (missing.length > 0) {
      report.skipped.push({
        check: check.id,
        title: check.title,
        reason: `This database (${caps.generation()}) has no ${missing.join(', ')}.`,
        missing,
      });
      continue;
    }
    const outcome = await check.run(ctx);
    if (!Array.isArray(outcome)) {
      report.skipped.push({ check: check.id, title: check.title, reason: outcome.skipped, missing: [] });
      continue;
    }
    report.checks.push({ check: check.id, title: check.title, severity: check.severity, findings: outcome.length });
    report.findings.push(...outcome);
  }
  report.findings.sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || b.money - a.money);
  return report;
}

/** `--fail-on` values. */
export function parseFailOn(value: string): Severity {
  if (value === 'warning' || value === 'error') return value;
  throw new LensError('usage', `Unknown --fail-on ${value}.`, 'Use warning (fail on warnings and errors) or error (fail on errors only).');
}

/** True when a finding is at or above `threshold`. */
export function reachesThreshold(report: HealthReport, threshold: Severity): boolean {
  return report.findings.some((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[threshold]);
}
