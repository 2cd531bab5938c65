import { addDays, makePeriod } from '../attribution/period';
import { rows } from '../attribution/sql';
import type { ZoneDay } from '../attribution/types';
import { pgTimestamp, zoneDayParams, zoneDaySql } from '../attribution/zoneDays';
import { planZone } from '../attribution/zoneSources';
import { findSpikes, SPIKE_RULE } from './robust';
import { SL, keySubject, lit, usd } from './sqlText';
import { keyAliases } from './keyAliases';
import type { CheckContext, Finding, HealthCheck } from './types';

const DUS = 'LiteLLM_DailyUserSpend';
const BY = { key: 'd.api_key', model: `COALESCE(d.model, '')` } as const;
const LOG_BY = { key: 'l.api_key', model: `COALESCE(l.model, '')` } as const;
type By = keyof typeof BY;

/** The rows behind one day: the daily rows of a UTC day, or the SpendLogs requests of a local day. */
function dayRowsSql(by: By, id: string, day: string, local?: ZoneDay): string {
  if (local) {
    return `SELECT l.* FROM "${SL}" l WHERE ${LOG_BY[by]} = ${lit(id)} AND l."startTime" >= ${lit(pgTimestamp(Date.parse(local.start)))}::timestamp AND l."startTime" < ${lit(pgTimestamp(Date.parse(local.end)))}::timestamp ORDER BY l.spend DESC`;
  }
  return `SELECT d.* FROM "${DUS}" d WHERE ${BY[by]} = ${lit(id)} AND d.date = ${lit(day)} ORDER BY d.spend DESC`;
}

interface DaySpend {
  id: string;
  date: string;
  spend: number;
  n: number;
}

const dailySql = (by: By) => `SELECT ${BY[by]} AS id, d.date, sum(d.spend)::float8 AS spend, count(*)::int AS n FROM "${DUS}" d
WHERE d.date >= $1 AND d.date <= $2 GROUP BY 1, 2`;

/**
 * The days of the window (the trailing days and the period) with their spend per id: UTC days from the daily
 * table, or — in a report time zone — local days from SpendLogs where they cover them, else the UTC day.
 */
async function daySpend(
  ctx: CheckContext,
  by: By,
  from: string,
): Promise<{ days: string[]; locals: Map<string, ZoneDay>; spend: DaySpend[] }> {
  const of = (r: Record<string, unknown>): DaySpend => ({ id: String(r.id), date: String(r.date), spend: Number(r.spend), n: Number(r.n) });
  const tz = ctx.period.timezone;
  if (!tz) {
    const days = makePeriod(from, ctx.period.to).days;
    return { days, locals: new Map(), spend: (await rows(ctx.db, dailySql(by), [from, ctx.period.to], ctx.signal)).map(of) };
  }
  const { plan } = await planZone(ctx.db, ctx.caps, makePeriod(from, ctx.period.to, tz), tz, false, ctx.signal);
  const spend: DaySpend[] = [];
  if (plan.fallback) spend.push(...(await rows(ctx.db, dailySql(by), [plan.fallback.from, plan.fallback.to], ctx.signal)).map(of));
  if (plan.local) {
    const sql = `SELECT ${LOG_BY[by]} AS id, ${zoneDaySql('l', 3, 4)} AS date, sum(l.spend)::float8 AS spend, count(*)::int AS n FROM "${SL}" l
WHERE l."startTime" >= $1::timestamp AND l."startTime" < $2::timestamp GROUP BY 1, 2`;
    spend.push(
      ...(
        await rows(ctx.db, sql, [pgTimestamp(plan.local.startMs), pgTimestamp(plan.local.endMs), ...zoneDayParams(plan.local)], ctx.signal)
      ).map(of),
    );
  }
  return {
    days: plan.days.map((d) => d.date),
    locals: new Map(plan.days.filter((d) => d.source === 'spend-logs').map((d) => [d.date, d])),
    spend,
  };
}

/**
 * Daily spend per key and per model (LiteLLM_DailyUserSpend, every request once; SpendLogs for the local days of
 * a report time zone) against the trailing 14 days: a day above median + 6 × 1.4826 × MAD, at least 3 × the
 * median and $1 above it (robust.ts SPIKE_RULE).
 */
export const spikes: HealthCheck = {
  id: 'spike',
  title: 'Spend spikes per key and model',
  severity: 'warning',
  requires: [{ table: DUS, columns: ['date', 'api_key', 'model', 'spend'] }],
  async run(ctx: CheckContext): Promise<Finding[]> {
    const start = addDays(ctx.period.from, -SPIKE_RULE.window);
    const aliases = await keyAliases(ctx);
    const out: Finding[] = [];
    for (const by of ['key', 'model'] as const) {
      const { days, locals, spend } = await daySpend(ctx, by, start);
      const index = new Map(days.map((d, i) => [d, i]));
      const series = new Map<string, { spend: number[]; rows: number[] }>();
      for (const r of spend) {
        const i = index.get(r.date);
        if (i === undefined) continue;
        if (!series.has(r.id)) {
          series.set(r.id, { spend: new Array<number>(days.length).fill(0), rows: new Array<number>(days.length).fill(0) });
        }
        series.get(r.id)!.spend[i] = r.spend;
        series.get(r.id)!.rows[i] = r.n;
      }
      for (const [id, s] of [...series].sort(([a], [b]) => a.localeCompare(b))) {
        for (const spike of findSpikes(s.spend)) {
          const day = days[spike.index];
          const subject = by === 'key' ? keySubject(id, aliases.get(id) ?? null) : `model ${id || '(none)'}`;
          out.push({
            check: 'spike',
            severity: 'warning',
            subject: `${subject} on ${day}`,
            count: s.rows[spike.index],
            money: spike.spend - spike.median,
            explanation: `${subject} spent ${usd(spike.spend)} on ${day}, ${spike.multiple.toFixed(1)}× its trailing ${SPIKE_RULE.window}-day median of ${usd(spike.median)} (MAD ${usd(spike.mad)}): ${usd(spike.spend - spike.median)} above normal.`,
            sql: dayRowsSql(by, id, day, locals.get(day)),
            details: { by, id, date: day, spend: spike.spend, median: spike.median, mad: spike.mad, multiple: spike.multiple },
          });
        }
      }
    }
    return out;
  },
};
