import { CopyRowReader } from '../../db/copyRowReader';
import type { LensDatabase } from '../../db/database';
import type { Capabilities } from '../../schema/capabilities';
import { numericText } from '../pgNumeric';
import type { ProfileSpec } from '../profiles/profile';
import type { SourceRow } from '../sourceRow';
import type { CbfSelection, CbfSource } from '../types';
import { type Dimensions, ENRICHMENT_REQUIREMENTS, firstNonEmpty, keyNotes, loadDimensions, nameRow } from './dimensions';
import { daysIn, quoted, RowBatches, shortKey, type SourcePlan } from './plan';
import { COUNTERS, DayRows, FACT, type FactKey, ORG, type RowMaker, TEAM } from './dailyDay';
import type { Piece, RowShare } from './requestTime';

type DailySource = Exclude<CbfSource, 'logs'>;

/** The daily aggregate table of each source and its entity column (docs/reference/litellm-schema.md §8.4). */
export const DAILY_TABLES: Readonly<Record<DailySource, { table: string; entity: string }>> = {
  user: { table: 'LiteLLM_DailyUserSpend', entity: 'user_id' },
  team: { table: 'LiteLLM_DailyTeamSpend', entity: 'team_id' },
  tag: { table: 'LiteLLM_DailyTagSpend', entity: 'tag' },
  org: { table: 'LiteLLM_DailyOrganizationSpend', entity: 'organization_id' },
  enduser: { table: 'LiteLLM_DailyEndUserSpend', entity: 'end_user_id' },
};

const TEAM_TABLE = DAILY_TABLES.team.table;
const ORG_TABLE = DAILY_TABLES.org.table;

const DAILY_COLUMNS = ['date', 'api_key', 'model', 'model_group', 'custom_llm_provider', 'spend', ...COUNTERS];
const PART_COLUMNS = ['date', 'api_key', 'model', 'custom_llm_provider', 'spend', 'api_requests', 'created_at'];

/**
 * The exported table's rows, one per (day, entity, key, model, model group, provider): the daily tables' unique
 * key grew over versions (MCP tool, endpoint), so several stored rows can share that tuple and are summed. Time
 * is the day's 00:00Z: the daily tables have no hour. A stored date that is not `YYYY-MM-DD` still lands in the
 * export (and fails validation there) rather than vanishing.
 *
 * The server only streams the raw fact columns, day by day through the date index (issue 15): grouping,
 * the request-time split (requestTime.ts) and the key, user, team and organisation names (dimensions.ts) are
 * done here, one day at a time, so memory holds one day and PostgreSQL does no more than `\copy` of the rows.
 */
export function dailyPlan(caps: Capabilities, selection: CbfSelection & { source: DailySource }, profile: ProfileSpec): SourcePlan {
  const { source } = selection;
  const { table, entity } = DAILY_TABLES[source];
  caps.require(`CBF export --source ${source}`, [{ table, columns: [entity, ...DAILY_COLUMNS] }, ...ENRICHMENT_REQUIREMENTS]);
  const resolved = profile.joins !== 'key';
  const split = resolved && caps.missing([{ table: TEAM_TABLE, columns: ['team_id', ...PART_COLUMNS] }]).length === 0;
  const hasOrg = split && caps.missing([{ table: ORG_TABLE, columns: ['organization_id', ...PART_COLUMNS] }]).length === 0;
  const share: RowShare = source === 'team' ? 'team' : source === 'org' ? 'org' : 'whole';
  // With an index leading with the time column the query walks the range bucket by bucket (a day, an hour)
  // through it: rows leave the server as each bucket is done instead of after one sort of everything, so the
  // server works while this process writes. Without one each bucket would scan the whole table, so the query
  // falls back to one aggregation and one sort.
  const bucketed = caps.hasLeadingIndex(table, 'date');
  const { sql, params } = readSql(selection, table, entity, split, hasOrg, bucketed);
  const notes = keyNotes(caps, resolved);
  if (resolved) notes.push(...fallbackNotes(caps, source, split));
  if (source === 'tag') {
    notes.push(
      "Tag spend overlaps: a request with N tags is counted in N tag rows, so the tag export's total is not total spend; never add it to other exports.",
    );
  }
  return {
    table,
    sql,
    params,
    notes,
    describe: (r) =>
      `${table} date=${quoted(r.usage_start.replace(/T00:00:00Z$/, ''))} ${entity}=${quoted(r.entity)} api_key=${shortKey(r.api_key)} model=${quoted(r.model)} model_group=${quoted(r.model_group)} custom_llm_provider=${quoted(r.provider)}`,
    async *read(db, opts) {
      const dims = await loadDimensions(db, caps, resolved, opts.signal);
      const coverage = hasOrg ? await orgCoverage(db, opts.signal) : null;
      const day = new DayRows(share, split, coverage, resolved ? resolvedRow(source, dims) : keyRow(source, dims));
      const out = new RowBatches(opts.batchSize ?? 500);
      const rows = new CopyRowReader();
      for await (const chunk of db.copyChunks(sql, params, { signal: opts.signal })) {
        rows.push(chunk);
        while (rows.next()) {
          if (day.opensBucket(rows)) yield* out.add(day.flush());
          day.add(rows);
        }
      }
      rows.end();
      yield* out.add(day.flush());
      yield* out.rest();
    },
  };
}

/**
 * The read statement: the exported table's fact columns and, for the split, the team and organisation tables'
 * part columns, as one stream ordered by day bucket. With a date index each day is a LATERAL walk of the index
 * (no sort: rows leave the server as they are read); without, one sort by date.
 */
function readSql(
  selection: CbfSelection,
  table: string,
  entity: string,
  split: boolean,
  hasOrg: boolean,
  bucketed: boolean,
): { sql: string; params: (string | number)[] } {
  const where = bucketed ? 'd.date >= g.lo AND d.date < g.hi' : 'd.date >= $1 AND d.date <= $2';
  const bucket = bucketed ? 'g.lo' : 'd.date';
  // Parts need only api_requests of the counters (their weight where a group spent nothing).
  const counters = (facts: boolean) => COUNTERS.map((c) => (facts || c === 'api_requests' ? `d.${c}` : 'NULL')).join(', ');
  const select = (role: number, from: string, column: string, facts: boolean, parts: boolean) =>
    `SELECT ${role}, ${bucket}, d.date, d."${column}", d.api_key, d.model, ${facts ? 'd.model_group' : 'NULL'}, d.custom_llm_provider, d.spend,
       ${counters(facts)}, ${parts ? 'd.created_at' : 'NULL'} FROM "${from}" d WHERE ${where}`;
  // The exported table is read once even when it is also the team or organisation table.
  const own = table === TEAM_TABLE ? TEAM : table === ORG_TABLE && hasOrg ? ORG : 0;
  const branches = [select(FACT | (split ? own : 0), table, entity, true, split && own !== 0)];
  if (split && own !== TEAM) branches.push(select(TEAM, TEAM_TABLE, 'team_id', false, true));
  if (hasOrg && own !== ORG) branches.push(select(ORG, ORG_TABLE, 'organization_id', false, true));
  const rows = branches.join('\n  UNION ALL\n  ');
  if (!bucketed) return { sql: `SELECT * FROM (\n  ${rows}\n) x ORDER BY 2`, params: [selection.from, selection.to] };
  // Day buckets are half-open text ranges, so every stored date string in [from, to + 1 day) lands in exactly one.
  // LIMIT $3 (the day count) is a no-op that gives the planner the real count instead of its default of 1000
  // rows for generate_series, which overstated small exports enough to trigger JIT compilation.
  return {
    sql: `SELECT x.* FROM (SELECT to_char(b, 'YYYY-MM-DD') AS lo, to_char(b + interval '1 day', 'YYYY-MM-DD') AS hi
  FROM generate_series($1::date, $2::date, interval '1 day') AS b ORDER BY 1 LIMIT $3) g
CROSS JOIN LATERAL (
  ${rows}
) x ORDER BY g.lo`,
    params: [selection.from, selection.to, daysIn(selection.from, selection.to)],
  };
}

/** The organisation table's first and last day: outside them it did not exist yet (or any more). */
async function orgCoverage(db: LensDatabase, signal?: AbortSignal): Promise<{ min: string; max: string } | null> {
  const { rows } = await db.query<{ min: string | null; max: string | null }>(
    `SELECT min(date) AS min, max(date) AS max FROM "${ORG_TABLE}"`,
    [],
    { signal },
  );
  return rows[0].min === null || rows[0].max === null ? null : { min: rows[0].min, max: rows[0].max };
}

/** The source row of a piece, names still unset (`nameRow` sets them). */
function sourceRow(f: FactKey, piece: Piece, source: DailySource): SourceRow {
  const [prompt, completion, cacheRead, cacheWrite, requests, successful, failed] = piece.counts;
  return {
    usage_start: `${f.date}T00:00:00Z`,
    entity: f.entity,
    api_key: f.apiKey,
    model: f.model,
    model_group: f.modelGroup,
    provider: f.provider,
    call_type: null,
    end_user: source === 'enduser' ? f.entity : null,
    log_team_id: null,
    spend: numericText(piece.spend),
    prompt_tokens: prompt as number,
    completion_tokens: completion as number,
    cache_read_tokens: cacheRead,
    cache_creation_tokens: cacheWrite,
    api_requests: requests as number,
    successful_requests: successful as number,
    failed_requests: failed as number,
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
 * lens: the row's own entity where the table has it; team and organisation at request time from the split;
 * only where the tables did not record them, the key's current team and organisation (its own, else its
 * team's), flagged `attribution=key`.
 */
function resolvedRow(source: DailySource, dims: Dimensions): RowMaker {
  return (f, piece) => {
    const key = dims.key(f.apiKey);
    const seg = piece.segment;
    const team = source === 'team' ? f.entity : seg ? seg.team : (key?.teamId ?? null);
    const org = source === 'org' ? f.entity : seg && seg.org !== null ? seg.org : firstNonEmpty(key?.orgId, dims.team(team)?.orgId);
    const row = nameRow(sourceRow(f, piece, source), dims, key, { user: source === 'user' ? f.entity : (key?.userId ?? null), team, org });
    const guessed = (source !== 'team' && !seg) || (source !== 'org' && (!seg || seg.org === null));
    row.attribution = guessed ? 'key' : null;
    return row;
  };
}

/** ll2cz: user, team and organisation through the key's current row (ll2cz's joins, docs/reference/cloudzero.md §2.4). */
function keyRow(source: DailySource, dims: Dimensions): RowMaker {
  return (f, piece) => {
    const key = dims.key(f.apiKey);
    const team = key?.teamId ?? null;
    const org = key?.orgId ?? null;
    const row = nameRow(sourceRow(f, piece, source), dims, key, { user: key?.userId ?? null, team, org });
    // ll2cz prints the team and organisation ids only when their rows exist.
    row.team_id = dims.team(team) ? team : null;
    row.org_id = dims.org(org) ? org : null;
    return row;
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
  if (source !== 'org' && !caps.hasTable(ORG_TABLE)) {
    notes.push(
      "LiteLLM_DailyOrganizationSpend is absent (LiteLLM before Nov 2025): each row's organisation is its key's current one, else its team's (flagged attribution=key in the description).",
    );
  }
  return notes;
}
