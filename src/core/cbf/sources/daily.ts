import type { Capabilities } from '../../schema/capabilities';
import type { ProfileSpec } from '../profiles/profile';
import type { CbfSelection, CbfSource } from '../types';
import { ENRICHMENT_REQUIREMENTS, enrichmentColumns, entityJoins, firstNonEmpty, keyJoin, type Attribution } from './enrichment';
import { requestTimeSplit } from './requestTime';
import { hasLeadingIndex, type QueryParts, rangeParams, quoted, shortKey, sourceQuery, type SourcePlan } from './plan';

type DailySource = Exclude<CbfSource, 'logs'>;

/** The daily aggregate table of each source and its entity column (docs/reference/litellm-schema.md §8.4). */
export const DAILY_TABLES: Readonly<Record<DailySource, { table: string; entity: string }>> = {
  user: { table: 'LiteLLM_DailyUserSpend', entity: 'user_id' },
  team: { table: 'LiteLLM_DailyTeamSpend', entity: 'team_id' },
  tag: { table: 'LiteLLM_DailyTagSpend', entity: 'tag' },
  org: { table: 'LiteLLM_DailyOrganizationSpend', entity: 'organization_id' },
  enduser: { table: 'LiteLLM_DailyEndUserSpend', entity: 'end_user_id' },
};

const DAILY_COLUMNS = [
  'date',
  'api_key',
  'model',
  'model_group',
  'custom_llm_provider',
  'spend',
  'prompt_tokens',
  'completion_tokens',
  'cache_read_input_tokens',
  'cache_creation_input_tokens',
  'api_requests',
  'successful_requests',
  'failed_requests',
];

/**
 * One row per (day, entity, key, model, model group, provider): the daily tables' unique key grew over versions
 * (MCP tool, endpoint), so several stored rows can share that tuple and are summed here. Joins run after the
 * aggregation. Time is the day's 00:00Z: the daily tables have no hour. A stored date that is not `YYYY-MM-DD`
 * still lands in the export (and fails validation there) rather than vanishing.
 */
export function dailyPlan(caps: Capabilities, selection: CbfSelection & { source: DailySource }, profile: ProfileSpec): SourcePlan {
  const { source } = selection;
  const { table, entity } = DAILY_TABLES[source];
  caps.require(`CBF export --source ${source}`, [{ table, columns: [entity, ...DAILY_COLUMNS] }, ...ENRICHMENT_REQUIREMENTS]);
  const key = keyJoin(caps, 'a', profile.joins !== 'key');
  const split = profile.joins === 'key' ? null : requestTimeSplit(caps, source === 'team' ? 'team' : source === 'org' ? 'org' : 'whole');
  const attribution = profile.joins === 'key' ? keyAttribution(key) : resolvedAttribution(source, key, split !== null);
  const aggregate = (
    where: string,
  ) => `SELECT d.date, d."${entity}" AS entity, d.api_key, d.model, d.model_group, d.custom_llm_provider AS provider,
         SUM(d.spend::numeric) AS spend,
         SUM(d.prompt_tokens)::int8 AS prompt_tokens, SUM(d.completion_tokens)::int8 AS completion_tokens,
         SUM(d.cache_read_input_tokens)::int8 AS cache_read_tokens, SUM(d.cache_creation_input_tokens)::int8 AS cache_creation_tokens,
         SUM(d.api_requests)::int8 AS api_requests, SUM(d.successful_requests)::int8 AS successful_requests,
         SUM(d.failed_requests)::int8 AS failed_requests
  FROM "${table}" d
  WHERE ${where}
  GROUP BY d.date, d."${entity}", d.api_key, d.model, d.model_group, d.custom_llm_provider`;
  const value = (column: string, integer: boolean): string => (split ? split.share(column, integer) : `a.${column}`);
  const rows = (where: string) => `SELECT a.date || 'T00:00:00Z' AS usage_start, a.entity, a.api_key, a.model, a.model_group, a.provider,
       NULL::text AS call_type, ${source === 'enduser' ? 'a.entity' : 'NULL::text'} AS end_user, NULL::text AS log_team_id,
       ${value('spend', false)} AS spend, ${value('prompt_tokens', true)} AS prompt_tokens, ${value('completion_tokens', true)} AS completion_tokens,
       ${value('cache_read_tokens', true)} AS cache_read_tokens, ${value('cache_creation_tokens', true)} AS cache_creation_tokens,
       ${value('api_requests', true)} AS api_requests, ${value('successful_requests', true)} AS successful_requests,
       ${value('failed_requests', true)} AS failed_requests,
       ${enrichmentColumns(key, attribution)}
FROM (${aggregate(where)}) a
${split ? split.join(where) : ''}
${key.joins}
${entityJoins(attribution)}`;
  const parts: QueryParts = {
    rows,
    // Day buckets are half-open text ranges, so every stored date string in [from, to + 1 day) lands in exactly one.
    buckets: hasLeadingIndex(caps, table, 'date')
      ? {
          sql: `SELECT to_char(b, 'YYYY-MM-DD') AS lo, to_char(b + interval '1 day', 'YYYY-MM-DD') AS hi FROM generate_series($1::date, $2::date, interval '1 day') AS b`,
          where: 'd.date >= g.lo AND d.date < g.hi',
        }
      : undefined,
    rangeWhere: 'd.date >= $1 AND d.date <= $2',
    // A split row yields one row per (team, organisation) segment.
    order: ['entity', 'api_key', 'model', 'model_group', 'provider', ...(split ? ['team_id', 'org_id'] : [])],
  };
  const notes = [...key.notes];
  if (profile.joins !== 'key') notes.push(...fallbackNotes(caps, source, split !== null));
  if (source === 'tag') {
    notes.push(
      "Tag spend overlaps: a request with N tags is counted in N tag rows, so the tag export's total is not total spend; never add it to other exports.",
    );
  }
  return {
    table,
    sql: sourceQuery(parts),
    params: rangeParams(selection.from, selection.to, parts, 1),
    notes,
    describe: (r) =>
      `${table} date=${quoted(r.usage_start.replace(/T00:00:00Z$/, ''))} ${entity}=${quoted(r.entity)} api_key=${shortKey(r.api_key)} model=${quoted(r.model)} model_group=${quoted(r.model_group)} custom_llm_provider=${quoted(r.provider)}`,
  };
}

/** ll2cz: user, team and organisation through the key's current row (ll2cz's joins, docs/reference/cloudzero.md §2.4). */
function keyAttribution(key: ReturnType<typeof keyJoin>): Attribution {
  return {
    userJoin: key.userId,
    teamJoin: key.teamId,
    orgJoin: key.orgId,
    userId: key.userId,
    teamId: 't.team_id',
    orgId: 'o.organization_id',
    enrichedTeamId: 'NULL::text',
  };
}

/**
 * lens: the row's own entity where the table has it; team and organisation otherwise at request time from the
 * daily team / organisation tables (sources/requestTime.ts); only where those did not record them, the key's
 * current team and organisation (its own, else its team's), flagged in `attribution`.
 */
function resolvedAttribution(source: DailySource, key: ReturnType<typeof keyJoin>, split: boolean): Attribution {
  const user = source === 'user' ? 'a.entity' : key.userId;
  const recordedTeam = split ? 'seg.lo IS NOT NULL' : 'FALSE';
  const recordedOrg = split ? 'seg.org IS NOT NULL' : 'FALSE';
  const currentOrg = firstNonEmpty(key.orgId, 't.organization_id');
  const team = source === 'team' ? 'a.entity' : split ? `CASE WHEN ${recordedTeam} THEN seg.team ELSE ${key.teamId} END` : key.teamId;
  const org = source === 'org' ? 'a.entity' : split ? `CASE WHEN ${recordedOrg} THEN seg.org ELSE ${currentOrg} END` : currentOrg;
  const guessed = [...(source === 'team' ? [] : [`NOT (${recordedTeam})`]), ...(source === 'org' ? [] : [`NOT (${recordedOrg})`])];
  return {
    userJoin: user,
    teamJoin: team,
    orgJoin: org,
    userId: user,
    teamId: team,
    orgId: org,
    enrichedTeamId: 'NULL::text',
    fallback: `CASE WHEN ${guessed.join(' OR ')} THEN 'key' END`,
  };
}

/** What the user should know about where team and organisation come from on this schema. */
function fallbackNotes(caps: Capabilities, source: DailySource, split: boolean): string[] {
  const notes: string[] = [];
  if (!split && source !== 'team') {
    notes.push(
      "LiteLLM_DailyTeamSpend is absent: each row's team is its key's current team, not the team at request time (flagged attribution=key in the description).",
    );
  }
  if (source !== 'org' && !caps.hasTable('LiteLLM_DailyOrganizationSpend')) {
    notes.push(
      "LiteLLM_DailyOrganizationSpend is absent (LiteLLM before Nov 2025): each row's organisation is its key's current one, else its team's (flagged attribution=key in the description).",
    );
  }
  return notes;
}
