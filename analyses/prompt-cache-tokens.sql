-- name: Prompt-cache token usage
-- description: Provider prompt caching per deployment model in the period, from LiteLLM_DailyUserSpend: input tokens
-- description: read from the provider's prompt cache (usually billed at a fraction of the input price) and written to
-- description: it, next to all prompt tokens. cache_read_share is cache-read tokens as a fraction of prompt tokens;
-- description: how much that saved depends on the provider's cache pricing for the model.
-- param: from date 30 days ago
-- param: to date today
-- requires: LiteLLM_DailyUserSpend(date, model, custom_llm_provider, prompt_tokens, completion_tokens, cache_read_input_tokens, cache_creation_input_tokens, spend, api_requests)
WITH per_model AS (
  SELECT COALESCE(model, '') AS model,
         COALESCE(NULLIF(custom_llm_provider, ''), 'unknown') AS provider,
         SUM(api_requests)::bigint AS api_requests,
         SUM(prompt_tokens)::bigint AS prompt_tokens,
         SUM(completion_tokens)::bigint AS completion_tokens,
         SUM(cache_read_input_tokens)::bigint AS cache_read_input_tokens,
         SUM(cache_creation_input_tokens)::bigint AS cache_creation_input_tokens,
         SUM(spend) AS spend
  FROM "LiteLLM_DailyUserSpend"
  WHERE "date" >= $1 AND "date" <= $2
  GROUP BY 1, 2
)
SELECT CASE WHEN model = '' THEN '(no model)' ELSE model END AS model,
       provider,
       api_requests,
       prompt_tokens,
       cache_read_input_tokens,
       cache_creation_input_tokens,
       cache_read_input_tokens::double precision / NULLIF(prompt_tokens, 0) AS cache_read_share,
       completion_tokens,
       spend
FROM per_model
ORDER BY cache_read_input_tokens DESC, prompt_tokens DESC, model;
