import type { LensDatabase } from '../db/database';
import type { Capabilities } from '../schema/capabilities';
import { measuresOf } from './measures';
import { addDays, type Period } from './period';
import { nearlyEqual } from './reconcileLine';
import { rows } from './sql';
import type { Measures, SpendLogsCoverage } from './types';
import { type ZonePlan, pgTimestamp, zoneDayParams, zoneDaySql } from './zoneDays';

const SL = 'LiteLLM_SpendLogs';

export function hasSpendLogs(caps: Capabilities): boolean {
  return ['startTime', 'spend', 'api_key', 'user', 'team_id', 'model'].every((c) => caps.hasColumn(SL, c));
}

/**
 * Where SpendLogs start and whether their first day is complete: the retention job deletes rows older than a
 * moment, so the first remaining day is usually cut. It counts as covered only when its SpendLogs spend is not
 * short of its LiteLLM_DailyUserSpend spend (both read through their date indexes).
 */
export async function probeCoverage(
  db: LensDatabase,
  caps: Capabilities,
  period: Period,
  signal?: AbortSignal,
): Promise<SpendLogsCoverage> {
  const none: SpendLogsCoverage = { available: false, firstLog: null, lastLog: null, coveredFrom: null, complete: false };
  if (!hasSpendLogs(caps)) return none;
  const [r] = await rows(
    db,
    `WITH f AS (SELECT min("startTime") AS first, max("startTime") AS last FROM "${SL}")
SELECT f.first, f.last, to_char(f.first, 'YYYY-MM-DD') AS first_day,
  (SELECT sum(l.spend)::float8 FROM "${SL}" l WHERE l."startTime" >= date_trunc('day', f.first) AND l."startTime" < date_trunc('day', f.first) + interval '1 day') AS logs_spend,
  (SELECT sum(d.spend)::float8 FROM "LiteLLM_DailyUserSpend" d WHERE d.date = to_char(f.first, 'YYYY-MM-DD')) AS daily_spend
FROM f`,
    [],
    signal,
  );
  if (!r || r.first == null) return { ...none, available: true };
  const firstDay = String(r.first_day);
  const logs = Number(r.logs_spend ?? 0);
  const daily = Number(r.daily_spend ?? 0);
  const firstDayComplete = logs >= daily || nearlyEqual(logs, daily);
  const coverageStart = firstDayComplete ? firstDay : addDays(firstDay, 1);
  const coveredFrom = coverageStart <= period.from ? period.from : coverageStart <= period.to ? coverageStart : null;
  return { available: true, firstLog: String(r.first), lastLog: String(r.last), coveredFrom, complete: coveredFrom === period.from };
}

/** One SpendLogs group: by (org, team, user, key, model) over the period, or by (date, team) / (date, model). */
export interface LogFact {
  set: 'cell' | 'day-team' | 'day-model';
  date: string;
  userId: string;
  teamId: string;
  /** '' when the column is missing (early 2025): the caller falls back to the key's current organisation. */
  orgId: string;
  apiKey: string;
  model: string;
  m: Measures;
  /** Spend on covered days. */
  covered: number;
  /** Spend of requests without model and MCP tool on covered days (left out of the daily tables before 1.83 only). */
  skipped: number;
  /** Spend of batch retrievals on covered days: a batch retrieved twice is charged twice in the daily tables, once here. */
  batch: number;
  /** Σ spend × number of tags, and spend of untagged requests (covered days only). */
  tagWeighted: number;
  untagged: number;
}

/**
 * Per-row values are computed once in a subquery (OFFSET 0 keeps the planner from inlining them into every
 * aggregate, which would detoast `metadata` once per use), then grouped three ways in one pass.
 */
function logsSql(caps: Capabilities, date: string): string {
  const org = caps.hasColumn(SL, 'organization_id') ? `COALESCE(l.organization_id, '')` : `''::text`;
  // Failed requests are rows with status 'failure'; a row without a status counts as a success in LiteLLM.
  const status = caps.hasColumn(SL, 'status') ? `COALESCE(NULLIF(l.status, ''), l.metadata->>'status')` : `l.metadata->>'status'`;
  const tool = caps.hasColumn(SL, 'mcp_namespaced_tool_name') ? `COALESCE(l.mcp_namespaced_tool_name, '')` : `''`;
  const tags = caps.hasColumn(SL, 'request_tags')
    ? `CASE WHEN jsonb_typeof(l.request_tags) = 'array' THEN jsonb_array_length(l.request_tags) ELSE 0 END`
    : '0';
  const usage = (field: string) => `CASE WHEN jsonb_typeof(r.usage->'${field}') = 'number' THEN (r.usage->>'${field}')::float8 ELSE 0 END`;
  return `SELECT GROUPING(r.date) AS g_date, GROUPING(r.model) AS g_model, r.date, r.user_id, r.team_id, r.org_id, r.api_key, r.model,
  sum(r.spend)::float8 AS spend, count(*)::float8 AS "apiRequests",
  count(*) FILTER (WHERE r.success)::float8 AS "successfulRequests", count(*) FILTER (WHERE NOT r.success)::float8 AS "failedRequests",
  sum(r.prompt_tokens)::float8 AS "promptTokens", sum(r.completion_tokens)::float8 AS "completionTokens",
  sum(${usage('cache_read_input_tokens')}) AS "cacheReadInputTokens", sum(${usage('cache_creation_input_tokens')}) AS "cacheCreationInputTokens",
  sum(r.spend) FILTER (WHERE r.covered)::float8 AS covered,
  sum(r.spend) FILTER (WHERE r.covered AND r.model = '' AND r.tool = '')::float8 AS skipped,
  sum(r.spend) FILTER (WHERE r.covered AND r.call_type IN ('aretrieve_batch', 'retrieve_batch'))::float8 AS batch,
  sum(r.spend * r.tags) FILTER (WHERE r.covered)::float8 AS tag_weighted,
  sum(r.spend) FILTER (WHERE r.covered AND r.tags = 0)::float8 AS untagged
FROM (
  SELECT ${date} AS date, COALESCE(l."user", '') AS user_id, COALESCE(l.team_id, '') AS team_id, ${org} AS org_id,
    l.api_key, COALESCE(l.model, '') AS model, l.spend, l.prompt_tokens, l.completion_tokens, l.metadata->'usage_object' AS usage,
    ${status} IS DISTINCT FROM 'failure' AS success, ${caps.hasColumn(SL, 'call_type') ? 'l.call_type' : `''::text`} AS call_type, l."startTime" >= $3::timestamp AS covered, ${tool} AS tool, ${tags} AS tags
  FROM "${SL}" l WHERE l."startTime" >= $1::timestamp AND l."startTime" < $2::timestamp OFFSET 0) r
GROUP BY GROUPING SETS ((r.user_id, r.team_id, r.org_id, r.api_key, r.model), (r.date, r.team_id), (r.date, r.model))`;
}

/**
 * One scan of the period's SpendLogs: request-basis cells, per-day series, and the reconciliation figures. With
 * `local` (a report time zone's local days, zoneDays.ts) the scan spans those days and labels rows with their
 * local date; every row counts as covered there.
 */
export async function loadLogFacts(
  db: LensDatabase,
  caps: Capabilities,
  period: Period,
  coverage: SpendLogsCoverage,
  signal?: AbortSignal,
  local?: ZonePlan['local'],
): Promise<LogFact[]> {
  if (!coverage.available || coverage.firstLog === null) return [];
  const coveredFrom = coverage.coveredFrom ?? addDays(period.to, 1);
  const result = local
    ? await rows(
        db,
        logsSql(caps, zoneDaySql('l', 4, 5)),
        [pgTimestamp(local.startMs), pgTimestamp(local.endMs), pgTimestamp(local.startMs), ...zoneDayParams(local)],
        signal,
      )
    : await rows(db, logsSql(caps, `to_char(l."startTime", 'YYYY-MM-DD')`), [period.from, addDays(period.to, 1), coveredFrom], signal);
  return result.map((r) => ({
    set: Number(r.g_date) === 1 ? 'cell' : Number(r.g_model) === 1 ? 'day-team' : 'day-model',
    date: String(r.date ?? ''),
    userId: String(r.user_id ?? ''),
    teamId: String(r.team_id ?? ''),
    orgId: String(r.org_id ?? ''),
    apiKey: String(r.api_key ?? ''),
    model: String(r.model ?? ''),
    m: measuresOf(r),
    covered: Number(r.covered ?? 0),
    skipped: Number(r.skipped ?? 0),
    batch: Number(r.batch ?? 0),
    tagWeighted: Number(r.tag_weighted ?? 0),
    untagged: Number(r.untagged ?? 0),
  }));
}
