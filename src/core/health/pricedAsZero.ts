import type { Capabilities } from '../schema/capabilities';
import type { Period } from '../attribution/period';
import { rows } from '../attribution/sql';
import { SL, inPeriod, lit, requestColumns, statusExpr } from './sqlText';
import type { CheckContext, Finding, HealthCheck } from './types';

/**
 * Successful, non-cache-hit requests that used tokens and cost 0: LiteLLM writes `spend = response_cost or 0.0`
 * (db_spend_update_writer.py, update_database ~L100), so a model missing from its price map logs $0.
 * Cache hits cost 0 by design (`cache_hit` is `str(cache_hit)`: 'True' on a hit, spend_tracking_utils.py).
 */
function rowsSql(caps: Capabilities, period: Period, model?: string): string {
  const cache = caps.hasColumn(SL, 'cache_hit') ? ` AND l.cache_hit IS DISTINCT FROM 'True'` : '';
  const only = model === undefined ? '' : ` AND COALESCE(l.model, '') = ${lit(model)}`;
  return `SELECT ${requestColumns(caps)}, ${statusExpr(caps)} AS status
FROM "${SL}" l
WHERE ${inPeriod(period)} AND l.spend = 0 AND ${statusExpr(caps)} = 'success'${cache}
  AND (COALESCE(l.total_tokens, 0) > 0 OR COALESCE(l.prompt_tokens, 0) + COALESCE(l.completion_tokens, 0) > 0)${only}
ORDER BY l."startTime", l.request_id`;
}

export const pricedAsZero: HealthCheck = {
  id: 'priced-as-zero',
  title: 'Requests priced at $0',
  severity: 'warning',
  requires: [{ table: SL, columns: ['startTime', 'spend', 'model', 'total_tokens', 'prompt_tokens', 'completion_tokens', 'metadata'] }],
  async run(ctx: CheckContext): Promise<Finding[]> {
    const sql = `SELECT COALESCE(r.model, '') AS model, count(*)::int AS n,
  sum(GREATEST(COALESCE(r.total_tokens, 0), COALESCE(r.prompt_tokens, 0) + COALESCE(r.completion_tokens, 0)))::float8 AS tokens
FROM (${rowsSql(ctx.caps, ctx.period)}) r GROUP BY 1 ORDER BY 2 DESC, 1`;
    return (await rows(ctx.db, sql, [], ctx.signal)).map((r) => {
      const model = String(r.model);
      return {
        check: 'priced-as-zero',
        severity: 'warning',
        subject: `model ${model || '(none)'}`,
        count: Number(r.n),
        money: 0,
        explanation: `${Number(r.n)} successful requests to ${model || 'no model'} used ${Number(r.tokens)} tokens and were recorded at $0 (not cache hits): no price for this model? Add it to the model's litellm_params (input_cost_per_token / output_cost_per_token) or to the price map; past requests stay at $0.`,
        sql: rowsSql(ctx.caps, ctx.period, model),
        details: { model, tokens: Number(r.tokens) },
      };
    });
  },
};
