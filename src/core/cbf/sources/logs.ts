import { CopyRowReader } from '../../db/copyRowReader';
import type { Capabilities } from '../../schema/capabilities';
import type { ProfileSpec } from '../profiles/profile';
import type { SourceRow } from '../sourceRow';
import type { CbfSelection } from '../types';
import { type Dimensions, ENRICHMENT_REQUIREMENTS, firstNonEmpty, keyNotes, loadDimensions, nameRow } from './dimensions';
import { FieldDictionary } from './fieldDictionary';
import { daysIn, quoted, RowBatches, shortKey, type SourcePlan } from './plan';

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

/** The aggregated columns the statement returns, in this order (`read` maps them by position). */
const COLUMNS = [
  'usage_start',
  'entity',
  'api_key',
  'model',
  'model_group',
  'provider',
  'call_type',
  'end_user',
  'log_team_id',
  'log_org_id',
  'spend',
  'prompt_tokens',
  'completion_tokens',
  'api_requests',
  'successful_requests',
  'failed_requests',
] as const;

/**
 * `LiteLLM_SpendLogs` aggregated to the UTC hour per attribution tuple (CBF `time/usage_start` is the hour the
 * usage belongs to). "startTime" is UTC in a timestamp without time zone, so hour buckets (or `date_trunc`)
 * are UTC hours. Cache tokens live only in metadata JSON, so logs rows carry none. The server aggregates and
 * orders; key, user, team and organisation names are joined here (dimensions.ts), as for the daily sources.
 */
export function logsPlan(caps: Capabilities, selection: CbfSelection, profile: ProfileSpec): SourcePlan {
  const callType = profile.groupsLogsByCallType;
  caps.require('CBF export --source logs', [
    { table: TABLE, columns: [...REQUIRED, ...(callType ? ['call_type'] : [])] },
    ...ENRICHMENT_REQUIREMENTS,
  ]);
  const hasOrg = caps.hasColumn(TABLE, 'organization_id');
  const hasStatus = caps.hasColumn(TABLE, 'status');
  const resolved = profile.joins !== 'key';
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
  // Hour by hour through an index on startTime when there is one, as the daily sources walk days (daily.ts).
  const bucketed = caps.hasLeadingIndex(TABLE, 'startTime');
  const hour = bucketed ? 'g.lo' : `date_trunc('hour', s."startTime")`;
  const rows = (
    where: string,
  ) => `SELECT to_char(${hour}, 'YYYY-MM-DD"T"HH24":00:00Z"') AS usage_start, s."user" AS entity, s.api_key, s.model,
         s.model_group, s.custom_llm_provider AS provider, ${callType ? 's.call_type' : 'NULL::text'} AS call_type, s.end_user,
         s.team_id AS log_team_id, ${hasOrg ? 's.organization_id' : 'NULL::text'} AS log_org_id,
         SUM(s.spend::numeric) AS spend, SUM(s.prompt_tokens)::int8 AS prompt_tokens, SUM(s.completion_tokens)::int8 AS completion_tokens,
         COUNT(*)::int8 AS api_requests, (COUNT(*) - ${failed})::int8 AS successful_requests, (${failed})::int8 AS failed_requests
  FROM "${TABLE}" s
  WHERE ${where}
  GROUP BY 1, ${groupCols.join(', ')}`;
  // Time first (AnyCost batching relies on it), then the group in byte order.
  const order = [...COLUMNS.slice(0, 6), 'end_user', 'log_team_id', 'log_org_id', 'call_type'].map((c) => `x.${c} COLLATE "C"`).join(', ');
  const columns = COLUMNS.map((c) => `x.${c}`).join(', ');
  // With hour buckets the aggregation runs inside a LATERAL subquery per hour, so PostgreSQL only sorts within
  // an hour (incremental sort) and streams hour after hour. LIMIT $3 (the hour count) is a no-op that gives the
  // planner the real count instead of its default of 1000 rows for generate_series (which triggered JIT).
  const sql = bucketed
    ? `SELECT ${columns} FROM (SELECT h AS lo FROM generate_series($1::date::timestamp, $2::date::timestamp + interval '23 hours', interval '1 hour') AS h ORDER BY 1 LIMIT $3) g
CROSS JOIN LATERAL (${rows(`s."startTime" >= g.lo AND s."startTime" < g.lo + interval '1 hour'`)}) x
ORDER BY g.lo, ${order}`
    : `SELECT ${columns} FROM (${rows('s."startTime" >= $1::date AND s."startTime" < $2::date + 1')}) x\nORDER BY ${order}`;
  const notes = keyNotes(caps, resolved);
  if (!hasOrg) {
    notes.push(
      "LiteLLM_SpendLogs has no organization_id (LiteLLM before Nov 2025): a request's organisation is taken from its key's current organisation, else its team's (flagged attribution=key in the description).",
    );
  }
  if (!hasStatus) notes.push('LiteLLM_SpendLogs has no status column: every request counts as successful.');
  const params = bucketed ? [selection.from, selection.to, 24 * daysIn(selection.from, selection.to)] : [selection.from, selection.to];
  return {
    table: TABLE,
    sql,
    params,
    notes,
    describe: (r) =>
      `${TABLE} hour=${r.usage_start} user=${quoted(r.entity)} api_key=${shortKey(r.api_key)} model=${quoted(r.model)} model_group=${quoted(r.model_group)} custom_llm_provider=${quoted(r.provider)} end_user=${quoted(r.end_user)}`,
    async *read(db, opts) {
      const dims = await loadDimensions(db, caps, resolved, opts.signal);
      const name = resolved ? resolvedNames(dims, hasOrg) : keyNames(dims);
      const out = new RowBatches(opts.batchSize ?? 500);
      const rows = new CopyRowReader();
      const texts = new LogsTexts();
      for await (const chunk of db.copyChunks(sql, params, { signal: opts.signal })) {
        rows.push(chunk);
        const batch: SourceRow[] = [];
        while (rows.next()) batch.push(name(logsRow(rows, texts), texts.of(rows, LOG_ORG)));
        yield* out.add(batch);
      }
      rows.end();
      yield* out.rest();
    },
  };
}

const LOG_ORG = COLUMNS.indexOf('log_org_id');
/** Past this many distinct values a column's dictionary starts over (end users can be many). */
const TEXTS_LIMIT = 20_000;

/**
 * The text columns' values, each distinct value one string: the identity memo then hashes and compares the same
 * strings row after row instead of new ones (issue 15: a third of a logs export's CPU went to making, hashing,
 * comparing and copying a string per field).
 */
class LogsTexts {
  private readonly columns = COLUMNS.map(() => new FieldDictionary(TEXTS_LIMIT));

  of(row: CopyRowReader, field: number): string | null {
    return this.columns[field].textOf(row, field);
  }
}

/** A source row of the aggregated fields, names still unset. */
function logsRow(f: CopyRowReader, texts: LogsTexts): SourceRow {
  if (f.count !== COLUMNS.length) throw new Error(`A row of the logs read has ${f.count} fields instead of ${COLUMNS.length}.`);
  return {
    usage_start: texts.of(f, 0) as string,
    entity: texts.of(f, 1),
    api_key: texts.of(f, 2),
    model: texts.of(f, 3),
    model_group: texts.of(f, 4),
    provider: texts.of(f, 5),
    call_type: texts.of(f, 6),
    end_user: texts.of(f, 7),
    log_team_id: texts.of(f, 8),
    spend: f.text(10) as string,
    prompt_tokens: f.number(11),
    completion_tokens: f.number(12),
    cache_read_tokens: null,
    cache_creation_tokens: null,
    api_requests: f.number(13),
    successful_requests: f.number(14),
    failed_requests: f.number(15),
    key_alias: null,
    key_name: null,
    user_id: null,
    team_id: null,
    org_id: null,
    user_alias: null,
    user_email: null,
    team_alias: null,
    org_alias: null,
    enriched_team_id: null,
    attribution: null,
  };
}

/**
 * lens: the request-time user, team and organisation SpendLogs recorded (`''` = none: spend_tracking_utils.py
 * ~L442). Where the organisation was not recorded (no column before Nov 2025; NULL on rows older than it), the
 * key's current organisation, else its team's, flagged in `attribution`.
 */
function resolvedNames(dims: Dimensions, hasOrg: boolean): (row: SourceRow, logOrg: string | null) => SourceRow {
  return (row, logOrg) => {
    const key = dims.key(row.api_key);
    const team = row.log_team_id;
    const recorded = hasOrg && logOrg !== null;
    const org = recorded ? logOrg : firstNonEmpty(key?.orgId, dims.team(team)?.orgId);
    row.attribution = recorded ? null : 'key';
    return nameRow(row, dims, key, { user: row.entity, team, org });
  };
}

/** ll2cz's logs joins (docs/reference/cloudzero.md §2.4): user by `"user"`, team by the key's team else the request's. */
function keyNames(dims: Dimensions): (row: SourceRow) => SourceRow {
  return (row) => {
    const key = dims.key(row.api_key);
    const team = key?.teamId ?? row.log_team_id;
    const org = key?.orgId ?? null;
    nameRow(row, dims, key, { user: row.entity, team, org });
    // ll2cz prints the team id only when its row exists (the name is looked up by the id either way).
    row.team_id = dims.team(team) ? team : null;
    row.enriched_team_id = key?.teamId ?? row.team_id ?? row.log_team_id;
    return row;
  };
}
