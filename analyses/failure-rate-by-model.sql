-- name: Failed-request rate by model
-- description: Requests, failures and failure rate per public model name and deployment model in the period, from
-- description: LiteLLM_DailyUserSpend (successful_requests / failed_requests follow each request's status; the
-- description: failures include requests rejected by auth or budget checks, which have no deployment). Requests
-- description: without a model (pass-through, batches, calls that failed before routing) are rows with model ''.
-- description: See errors-by-model for what the failures were.
-- param: from date 30 days ago
-- param: to date today
-- requires: LiteLLM_DailyUserSpend(date, model_group, model, custom_llm_provider, api_requests, successful_requests, failed_requests, spend)
WITH per_model AS (
  SELECT COALESCE(model_group, '') AS model_group,
         COALESCE(model, '') AS model,
         COALESCE(NULLIF(custom_llm_provider, ''), 'unknown') AS provider,
         SUM(api_requests)::bigint AS api_requests,
         SUM(successful_requests)::bigint AS successful_requests,
         SUM(failed_requests)::bigint AS failed_requests,
         SUM(spend) AS spend
  FROM "LiteLLM_DailyUserSpend"
  WHERE "date" >= $1 AND "date" <= $2
  GROUP BY 1, 2, 3
)
SELECT model_group,
       CASE WHEN model = '' THEN '(no model)' ELSE model END AS model,
       provider,
       api_requests,
       successful_requests,
       failed_requests,
       failed_requests::double precision / NULLIF(api_requests, 0) AS failure_rate,
       spend
FROM per_model
ORDER BY failed_requests DESC, failure_rate DESC NULLS LAST, model_group, model;
