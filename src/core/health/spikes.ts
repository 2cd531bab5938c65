import { addDays } from '../attribution/period';
import { rows } from '../attribution/sql';
import { findSpikes, SPIKE_RULE } from './robust';
import { keySubject, lit, usd } from './sqlText';
import type { CheckContext, Finding, HealthCheck } from './types';

const DUS = 'LiteLLM_DailyUserSpend';
const BY = { key: 'd.api_key', model: `COALESCE(d.model, '')` } as const;

function dayRowsSql(by: keyof typeof BY, id: string, day: string): string {
  return `SELECT d.* FROM "${DUS}" d WHERE ${BY[by]} = ${lit(id)} AND d.date = ${lit(day)} ORDER BY d.spend DESC`;
}

/**
 * Daily spend per key and per model (LiteLLM_DailyUserSpend, every request once) against the trailing 14 days:
 * a day above median + 6 × 1.4826 × MAD, at least 3 × the median and $1 above it (robust.ts SPIKE_RULE).
 */
export const spikes: HealthCheck = {
  id: 'spike',
  title: 'Spend spikes per key and model',
  severity: 'warning',
  requires: [{ table: DUS, columns: ['date', 'api_key', 'model', 'spend'] }],
  async run(ctx: CheckContext): Promise<Finding[]> {
    const start = addDays(ctx.period.from, -SPIKE_RULE.window);
    const days = [...Array.from({ length: SPIKE_RULE.window }, (_, i) => addDays(start, i)), ...ctx.period.days];
    const index = new Map(days.map((d, i) => [d, i]));
    const aliases = ctx.caps.hasColumn('LiteLLM_VerificationToken', 'key_alias')
      ? new Map((await rows(ctx.db, 'SELECT token, key_alias FROM "LiteLLM_VerificationToken" WHERE key_alias IS NOT NULL', [], ctx.signal)).map((r) => [String(r.token), String(r.key_alias)]))
      : new Map<string, string>();
    const out: Finding[] = [];
    for (const by of ['key', 'model'] as const) {
      const sql = `SELECT ${BY[by]} AS id, d.date, sum(d.spend)::float8 AS spend, count(*)::int AS n FROM "${DUS}" d
WHERE d.date >= $1 AND d.date <= $2 GROUP BY 1, 2`;
      const series = new Map<string, { spend: number[]; rows: number[] }>();
      for (const r of await rows(ctx.db, sql, [start, ctx.period.to], ctx.signal)) {
        const id = String(r.id);
        const i = index.get(String(r.date));
        if (i === undefined) continue;
        if (!series.has(id)) series.set(id, { spend: new Array<number>(days.length).fill(0), rows: new Array<number>(days.length).fill(0) });
        series.get(id)!.spend[i] = Number(r.spend);
        series.get(id)!.rows[i] = Number(r.n);
      }
      for (const [id, s] of [...series].sort(([a], [b]) => a.localeCompare(b))) {
        for (const spike of findSpikes(s.spend)) {
          const day = days[spike.index];
          const subject = by === 'key' ? keySubject(id, aliases.get(id) ?? null) : `model ${id || '(none)'}`;
          out.push({
            check: 'spike', severity: 'warning', subject: `${subject} on ${day}`, count: s.rows[spike.index], money: spike.spend - spike.median,
            explanation: `${subject} spent ${usd(spike.spend)} on ${day}, ${spike.multiple.toFixed(1)}× its trailing ${SPIKE_RULE.window}-day median of ${usd(spike.median)} (MAD ${usd(spike.mad)}): ${usd(spike.spend - spike.median)} above normal.`,
            sql: dayRowsSql(by, id, day),
            details: { by, id, date: day, spend: spike.spend, median: spike.median, mad: spike.mad, multiple: spike.multiple },
          });
        }
      }
    }
    return out;
  },
};
