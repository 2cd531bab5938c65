import type { Period } from '../attribution/period';
import { rows } from '../attribution/sql';
import type { Capabilities } from '../schema/capabilities';
import { SL, inPeriod, keySubject, lit, requestColumns, statusExpr } from './sqlText';
import { keyAliases } from './keyAliases';
import type { CheckContext, Finding, HealthCheck } from './types';

export const MIN_REQUESTS = 50;
export const MIN_RATE = 0.1;
const BY = { model: `COALESCE(l.model, '')`, key: 'l.api_key' } as const;

/** The failed requests (status 'failure', spend_tracking_utils.py get_logging_payload) of one model or key. */
function failuresSql(caps: Capabilities, period: Period, by: keyof typeof BY, id: string): string {
  return `SELECT ${requestColumns(caps)}, ${statusExpr(caps)} AS status, l.metadata->'error_information' AS error_information
FROM "${SL}" l
WHERE ${inPeriod(period)} AND ${statusExpr(caps)} = 'failure' AND ${BY[by]} = ${lit(id)}
ORDER BY l."startTime", l.request_id`;
}

/** Models and keys with ≥ 10 % failed requests out of ≥ 50 in the period (SpendLogs). */
export const failureRate: HealthCheck = {
  id: 'failure-rate',
  title: 'High failure rate per model and key',
  severity: 'warning',
  requires: [{ table: SL, columns: ['startTime', 'spend', 'api_key', 'model', 'metadata'] }],
  async run(ctx: CheckContext): Promise<Finding[]> {
    const aliases = await keyAliases(ctx);
    const out: Finding[] = [];
    for (const by of ['model', 'key'] as const) {
      const sql = `SELECT ${BY[by]} AS id, count(*)::int AS total, count(*) FILTER (WHERE ${statusExpr(ctx.caps)} = 'failure')::int AS failed,
  COALESCE(sum(l.spend) FILTER (WHERE ${statusExpr(ctx.caps)} = 'failure'), 0)::float8 AS money
FROM "${SL}" l WHERE ${inPeriod(ctx.period)} GROUP BY 1
HAVING count(*) >= ${MIN_REQUESTS} AND count(*) FILTER (WHERE ${statusExpr(ctx.caps)} = 'failure') >= ${MIN_RATE} * count(*)
ORDER BY 3 DESC, 1`;
      for (const r of await rows(ctx.db, sql, [], ctx.signal)) {
        const id = String(r.id);
        const total = Number(r.total);
        const failed = Number(r.failed);
        const subject = by === 'key' ? keySubject(id, aliases.get(id) ?? null) : `model ${id || '(none)'}`;
        out.push({
          check: 'failure-rate',
          severity: 'warning',
          subject,
          count: failed,
          money: Number(r.money),
          explanation: `${failed} of ${total} requests of ${subject} failed (${((100 * failed) / total).toFixed(1)} %, threshold ${MIN_RATE * 100} % of at least ${MIN_REQUESTS}). The drill-down lists them with their error_information.`,
          sql: failuresSql(ctx.caps, ctx.period, by, id),
          details: { by, id, total, failed, rate: failed / total },
        });
      }
    }
    return out;
  },
};
