-- name: Spend by model and provider
-- description: Spend, requests and tokens per provider, public model name (model_group) and deployment model, from
-- description: LiteLLM_DailyUserSpend (each request once). model_group is set when a daily row is created, so a deployment
-- description: serving two public names on the same day is counted under the first one seen. Requests without a model
-- description: (MCP tool calls, pass-through, batches, calls that failed before routing) are rows with model '': (no model).
-- param: from date 30 days ago
-- param: to date today
-- requires: LiteLLM_DailyUserSpend(date, custom_llm_provider, model_group, model, api_key, spend, api_requests, failed_requests)
-- requires: LiteLLM_DailyUserSpend(prompt_tokens, completion_tokens, cache_read_input_tokens, cache_creation_input_tokens)
WITH per_model AS (
  SELECT COALESCE(NULLIF(custom_llm_provider, ''), 'unknown') AS provider,
         COALESCE(model_group, '') AS model_group,
         COALESCE(model, '') AS model,
         SUM(spend) AS spend,
         SUM(api_requests)::bigint AS api_requests,
         SUM(failed_requests)::bigint AS failed_requests,
         SUM(prompt_tokens)::bigint AS prompt_tokens,
         SUM(completion_tokens)::bigint AS completion_tokens,
         SUM(cache_read_input_tokens)::bigint AS cache_read_input_tokens,
         SUM(cache_creation_input_tokens)::bigint AS cache_creation_input_tokens,
         COUNT(DISTINCT api_key)::bigint AS keys_used
  FROM "LiteLLM_DailyUserSpend"
  WHERE "date" >= $1 AND "date" <= $2
  GROUP BY 1, 2, 3
)
SELECT provider,
       model_group,
       CASE WHEN model = '' THEN '(no model)' ELSE model END AS model,
       spend,
       spend / NULLIF(SUM(spend) OVER (), 0) AS share_of_total,
       SUM(spend) OVER (PARTITION BY provider) AS provider_spend,
       api_requests,
       failed_requests,
       prompt_tokens,
       completion_tokens,
       cache_read_input_tokens,
       cache_creation_input_tokens,
       spend / NULLIF(api_requests, 0) AS spend_per_request,
       keys_used
FROM per_model
ORDER BY provider_spend DESC, provider, spend DESC, model_group, model;
