import type { LensDatabase } from '../db/database';
import type { Capabilities } from '../schema/capabilities';
import { type DailyFact, loadDailyFacts } from './dailyFacts';
import type { DayPoint } from './dailySeries';
import { addDays, makePeriod, type Period } from './period';
import { type SummarySources, factQuery } from './sources';
import { type LogFact, loadLogFacts, probeCoverage } from './spendLogs';
import type { Basis, SpendLogsCoverage } from './types';
import { type ZonePlan, planZoneDays } from './zoneDays';

/** The figures of a period in a report time zone: daily facts and series of the UTC fallback days, SpendLogs of the local days. */
export interface ZoneSources {
  plan: ZonePlan;
  facts: DailyFact[];
  series: DayPoint[];
  logs: LogFact[];
}

/**
 * The report days of a local period: probes where SpendLogs are complete over the UTC days around it (a local day
 * reaches into the UTC day before or after) and splits the days (zoneDays.ts). `allLocal`: the request basis,
 * where every day comes from SpendLogs whatever they cover.
 */
export async function planZone(
  db: LensDatabase,
  caps: Capabilities,
  period: Period,
  tz: string,
  allLocal: boolean,
  signal?: AbortSignal,
): Promise<{ plan: ZonePlan; coverage: SpendLogsCoverage }> {
  const coverage = await probeCoverage(db, caps, makePeriod(addDays(period.from, -1), addDays(period.to, 1)), signal);
  const coveredFromMs = allLocal ? -Infinity : coverage.coveredFrom ? Date.parse(`${coverage.coveredFrom}T00:00:00Z`) : Infinity;
  return { plan: planZoneDays(period, tz, coveredFromMs), coverage };
}

/**
 * Reads what the UTC sources (`s`) cannot give: the report days (planZone), the daily tables over the fallback
 * days only, and SpendLogs over the local days labelled with their local date.
 */
export async function loadZoneSources(
  db: LensDatabase,
  caps: Capabilities,
  period: Period,
  tz: string,
  basis: Basis,
  s: SummarySources,
  signal?: AbortSignal,
): Promise<ZoneSources> {
  const { plan, coverage } = await planZone(db, caps, period, tz, basis === 'requests', signal);
  let facts: DailyFact[] = [];
  let series: DayPoint[] = [];
  if (basis === 'daily' && plan.fallback) {
    if (plan.fallback.days.length === period.days.length) {
      // Every day falls back: the UTC sources already hold exactly these days.
      facts = s.facts;
      series = s.series;
    } else {
      ({ facts, series } = await loadDailyFacts(db, factQuery(caps, s.tables, s.tableCoverage, plan.fallback), signal));
    }
  }
  const logs = plan.local ? await loadLogFacts(db, caps, period, coverage, signal, plan.local) : [];
  return { plan, facts, series, logs };
}
