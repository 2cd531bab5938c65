-- name: Cache hits and estimated savings
-- description: Response-cache hits per public model name in the period, from LiteLLM_SpendLogs (cache_hit 'True';
-- description: a hit is logged with zero cost). estimated_savings prices each hit at the average cost of that model's
-- description: successful uncached requests in the same period: an estimate, not a billed figure. SpendLogs may be
-- description: purged after a retention period.
-- param: from date 30 days ago
-- param: to date today
-- requires: LiteLLM_SpendLogs(startTime, model_group, model, spend, cache_hit, metadata)
-- optional: LiteLLM_SpendLogs.status -- failed calls are told apart by metadata.status instead of the status column
WITH per_model AS (
  SELECT COALESCE(NULLIF(model_group, ''), NULLIF(model, ''), '(no model)') AS model_group,
         COUNT(*)::bigint AS requests,
         COUNT(*) FILTER (WHERE cache_hit = 'True')::bigint AS cache_hits,
         COUNT(*) FILTER (WHERE COALESCE(cache_hit, '') <> 'True' AND COALESCE(status, 'success') <> 'failure')::bigint AS uncached_successes, -- if: LiteLLM_SpendLogs.status
         AVG(spend) FILTER (WHERE COALESCE(cache_hit, '') <> 'True' AND COALESCE(status, 'success') <> 'failure') AS avg_uncached_cost, -- if: LiteLLM_SpendLogs.status
         COUNT(*) FILTER (WHERE COALESCE(cache_hit, '') <> 'True' AND COALESCE(metadata->>'status', 'success') <> 'failure')::bigint AS uncached_successes, -- if-missing: LiteLLM_SpendLogs.status
         AVG(spend) FILTER (WHERE COALESCE(cache_hit, '') <> 'True' AND COALESCE(metadata->>'status', 'success') <> 'failure') AS avg_uncached_cost, -- if-missing: LiteLLM_SpendLogs.status
         SUM(spend) AS spend
  FROM "LiteLLM_SpendLogs"
  WHERE "startTime" >= $1::date AND "startTime" < $2::date + 1
  GROUP BY 1
)
SELECT model_group,
       requests,
       cache_hits,
       cache_hits::double precision / NULLIF(requests, 0) AS hit_rate,
       uncached_successes,
       avg_uncached_cost,
       cache_hits * COALESCE(avg_uncached_cost, 0) AS estimated_savings,
       spend
FROM per_model
ORDER BY estimated_savings DESC, cache_hits DESC, model_group;
