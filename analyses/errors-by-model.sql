-- name: Errors by model
-- description: Failed LLM calls in the period grouped by public model name, deployment, exception type and HTTP
-- description: status, from LiteLLM_ErrorLogs (which, unlike LiteLLM_SpendLogs, no retention job purges), with the
-- description: first and last occurrence and the latest message.
-- param: from date 30 days ago
-- param: to date today
-- requires: LiteLLM_ErrorLogs(request_id, startTime, model_group, litellm_model_name, api_base, exception_type, exception_string, status_code)
WITH errors AS (
  SELECT model_group, litellm_model_name, exception_type, status_code, api_base, exception_string, "startTime", request_id
  FROM "LiteLLM_ErrorLogs"
  WHERE "startTime" >= $1::date AND "startTime" < $2::date + 1
)
SELECT e.model_group,
       e.litellm_model_name AS model,
       e.exception_type,
       e.status_code,
       COUNT(*)::bigint AS errors,
       COUNT(DISTINCT e.api_base)::bigint AS api_bases,
       MIN(e."startTime") AS first_seen,
       MAX(e."startTime") AS last_seen,
       (SELECT l.exception_string FROM errors AS l
        WHERE l.model_group = e.model_group AND l.litellm_model_name = e.litellm_model_name
          AND l.exception_type = e.exception_type AND l.status_code = e.status_code
        ORDER BY l."startTime" DESC, l.request_id DESC LIMIT 1) AS latest_message
FROM errors AS e
GROUP BY e.model_group, e.litellm_model_name, e.exception_type, e.status_code
ORDER BY errors DESC, e.model_group, e.litellm_model_name, e.exception_type, e.status_code;
