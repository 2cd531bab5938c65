import type { Capabilities } from '../../schema/capabilities';
import type { ProfileSpec } from '../profiles/profile';
import type { CbfSelection } from '../types';
import { ENRICHMENT_REQUIREMENTS, enrichmentColumns, entityJoins, firstNonEmpty, keyJoin, type Attribution } from './enrichment';
import { hasLeadingIndex, type QueryParts, rangeParams, quoted, shortKey, sourceQuery, type SourcePlan } from './plan';

const TABLE = 'LiteLLM_SpendLogs';
const REQUIRED = [
  'startTime',
  'api_key',
  'spend',
  'prompt_tokens',
  'completion_tokens',
  'model',
  'model_group',
  'custom_llm_provider',
  'user',
  'team_id',
  'end_user',
];

/**
 * `LiteLLM_SpendLogs` aggregated to the UTC hour per attribution tuple (CBF `time/usage_start` is the hour the
 * usage belongs to). "startTime" is UTC in a timestamp without time zone, so hour buckets (or `date_trunc`)
 * are UTC hours. Cache tokens live only in metadata JSON, so logs rows carry none.
 */
export function logsPlan(caps: Capabilities, selection: CbfSelection, profile: ProfileSpec): SourcePlan {
  const callType = profile.groupsLogsByCallType;
  caps.require('CBF export --source logs', [
    { table: TABLE, columns: [...REQUIRED, ...(callType ? ['call_type'] : [])] },
    ...ENRICHMENT_REQUIREMENTS,
  ]);
  const hasOrg = caps.hasColumn(TABLE, 'organization_id');
  const hasStatus = caps.hasColumn(TABLE, 'status');
  const key = keyJoin(caps, 'a', profile.joins !== 'key');
  const attribution = profile.joins === 'key' ? keyAttribution(key) : resolvedAttribution(key, hasOrg);
  const groupCols = [
    's."user"',
    's.api_key',
    's.model',
    's.model_group',
    's.custom_llm_provider',
    's.end_user',
    's.team_id',
    ...(hasOrg ? ['s.organization_id'] : []),
    ...(callType ? ['s.call_type'] : []),
  ];
  const failed = hasStatus ? `COUNT(*) FILTER (WHERE s.status = 'failure')` : '0';
  const aggregate = (hourExpr: string, where: string) => `SELECT ${hourExpr} AS hour, s."user" AS entity, s.api_key, s.model, s.model_group,
         s.custom_llm_provider AS provider, s.end_user, s.team_id AS log_team_id,
         ${hasOrg ? 's.organization_id' : 'NULL::text'} AS log_org_id, ${callType ? 's.call_type' : 'NULL::text'} AS call_type,
         SUM(s.spend::numeric) AS spend,
         SUM(s.prompt_tokens)::int8 AS prompt_tokens, SUM(s.completion_tokens)::int8 AS completion_tokens,
         COUNT(*)::int8 AS api_requests, (COUNT(*) - ${failed})::int8 AS successful_requests, (${failed})::int8 AS failed_requests
  FROM "${TABLE}" s
  WHERE ${where}
  GROUP BY 1, ${groupCols.join(', ')}`;
  const bucketed = hasLeadingIndex(caps, TABLE, 'startTime');
  const hour = bucketed ? 'g.lo' : `date_trunc('hour', s."startTime")`;
  const rows = (
    where: string,
  ) => `SELECT to_char(a.hour, 'YYYY-MM-DD"T"HH24":00:00Z"') AS usage_start, a.entity, a.api_key, a.model, a.model_group, a.provider,
       a.call_type, a.end_user, a.log_team_id,
       a.spend, a.prompt_tokens, a.completion_tokens, NULL::int8 AS cache_read_tokens, NULL::int8 AS cache_creation_tokens,
       a.api_requests, a.successful_requests, a.failed_requests,
       ${enrichmentColumns(key, attribution)}, a.log_org_id
FROM (${aggregate(hour, where)}) a
${key.joins}
${entityJoins(attribution)}`;
  const parts: QueryParts = {
    rows,
    buckets: bucketed
      ? {
          sql: `SELECT h AS lo FROM generate_series($1::date::timestamp, $2::date::timestamp + interval '23 hours', interval '1 hour') AS h`,
          where: `s."startTime" >= g.lo AND s."startTime" < g.lo + interval '1 hour'`,
        }
      : undefined,
    rangeWhere: 's."startTime" >= $1::date AND s."startTime" < $2::date + 1',
    order: ['entity', 'api_key', 'model', 'model_group', 'provider', 'end_user', 'log_team_id', 'log_org_id', 'call_type'],
  };
  const notes = [...key.notes];
  if (!hasOrg) {
    notes.push(
      "LiteLLM_SpendLogs has no organization_id (LiteLLM before Nov 2025): a request's organisation is taken from its key's current organisation, else its team's (flagged attribution=key in the description).",
    );
  }
  if (!hasStatus) notes.push('LiteLLM_SpendLogs has no status column: every request counts as successful.');
  return {
    table: TABLE,
    sql: sourceQuery(parts),
    params: rangeParams(selection.from, selection.to, parts, 24),
    notes,
    describe: (r) =>
      `${TABLE} hour=${r.usage_start} user=${quoted(r.entity)} api_key=${shortKey(r.api_key)} model=${quoted(r.model)} model_group=${quoted(r.model_group)} custom_llm_provider=${quoted(r.provider)} end_user=${quoted(r.end_user)}`,
  };
}

/** ll2cz's logs joins (docs/reference/cloudzero.md §2.4): user by `"user"`, team by the key's team else the request's. */
function keyAttribution(key: ReturnType<typeof keyJoin>): Attribution {
  return {
    userJoin: 'a.entity',
    teamJoin: `COALESCE(${key.teamId}, a.log_team_id)`,
    orgJoin: key.orgId,
    userId: 'a.entity',
    teamId: 't.team_id',
    orgId: `COALESCE(${key.orgId}, o.organization_id)`,
    enrichedTeamId: `COALESCE(${key.teamId}, t.team_id, a.log_team_id)`,
  };
}

/**
 * lens: the request-time user, team and organisation SpendLogs recorded (`''` = none: spend_tracking_utils.py
 * ~L442). Where the organisation was not recorded (no column before Nov 2025; NULL on rows older than it), the
 * key's current organisation, else its team's, flagged in `attribution`.
 */
function resolvedAttribution(key: ReturnType<typeof keyJoin>, hasOrg: boolean): Attribution {
  const current = firstNonEmpty(key.orgId, 't.organization_id');
  const org = hasOrg ? `COALESCE(a.log_org_id, ${current})` : current;
  return {
    userJoin: 'a.entity',
    teamJoin: 'a.log_team_id',
    orgJoin: org,
    userId: 'a.entity',
    teamId: 'a.log_team_id',
    orgId: org,
    enrichedTeamId: 'NULL::text',
    fallback: hasOrg ? `CASE WHEN a.log_org_id IS NULL THEN 'key' END` : `'key'`,
  };
}
