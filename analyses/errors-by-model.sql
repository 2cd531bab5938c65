-- name: Errors by model
-- description: Failed calls in the period grouped by public model name, model, exception class and error code, from
-- description: LiteLLM_SpendLogs rows with status 'failure' (spend 0; LiteLLM 1.83 does not write LiteLLM_ErrorLogs),
-- description: with the first and last occurrence and the latest message (metadata.error_information). SpendLogs
-- description: are purged by the retention job, so older failures only appear as counts in failure-rate-by-model.
-- param: from date 30 days ago
-- param: to date today
-- requires: LiteLLM_SpendLogs(request_id, startTime, model, model_group, api_base, metadata)
-- optional: LiteLLM_SpendLogs.status -- failed calls are found by metadata.status alone (no status column)
WITH errors AS (
  SELECT COALESCE(model_group, '') AS model_group,
         COALESCE(model, '') AS model,
         COALESCE(metadata->'error_information'->>'error_class', '') AS exception_type,
         COALESCE(metadata->'error_information'->>'error_code', '') AS status_code,
         metadata->'error_information'->>'error_message' AS message,
         api_base, "startTime", request_id
  FROM "LiteLLM_SpendLogs"
  WHERE "startTime" >= $1::date AND "startTime" < $2::date + 1
    AND COALESCE(NULLIF(status, ''), metadata->>'status') = 'failure' -- if: LiteLLM_SpendLogs.status
    AND metadata->>'status' = 'failure' -- if-missing: LiteLLM_SpendLogs.status
),
latest AS (
  SELECT DISTINCT ON (model_group, model, exception_type, status_code) model_group, model, exception_type, status_code, message
  FROM errors
  ORDER BY model_group, model, exception_type, status_code, "startTime" DESC, request_id DESC
)
SELECT e.model_group,
       CASE WHEN e.model = '' THEN '(no model)' ELSE e.model END AS model,
       e.exception_type,
       e.status_code,
       COUNT(*)::bigint AS errors,
       COUNT(DISTINCT e.api_base)::bigint AS api_bases,
       MIN(e."startTime") AS first_seen,
       MAX(e."startTime") AS last_seen,
       MIN(l.message) AS latest_message
FROM errors AS e
JOIN latest AS l USING (model_group, model, exception_type, status_code)
GROUP BY e.model_group, e.model, e.exception_type, e.status_code
ORDER BY errors DESC, e.model_group, model, e.exception_type, e.status_code;
