import { type CopyField, detachString } from '../db/copyText';

/**
 * One aggregated row as the source SQL returns it (column names are the SQL aliases): the spend of one identity
 * tuple in one hour (logs) or one day (daily tables), with the names the profile needs. Absent ids are `''` or
 * null exactly as LiteLLM stored them; profiles decide how each shows up.
 */
export interface SourceRow {
  /** `YYYY-MM-DDTHH:00:00Z`; daily sources use the day's 00:00Z. */
  usage_start: string;
  /** The daily table's entity value (`user_id`, `team_id`, `tag`, `organization_id`, `end_user_id`); logs: `"user"`. */
  entity: string | null;
  api_key: string | null;
  model: string | null;
  model_group: string | null;
  /** `custom_llm_provider` as stored (`bedrock`, `vertex_ai`, …). */
  provider: string | null;
  /** Logs only, and only when the profile groups by it; otherwise null. */
  call_type: string | null;
  /** Logs: `end_user`; enduser source: the entity; otherwise null. */
  end_user: string | null;
  /** Logs: the request-time `team_id` column; otherwise null. */
  log_team_id: string | null;
  /** Σ spend as PostgreSQL numeric text (exact sum of the stored doubles). */
  spend: string;
  prompt_tokens: number;
  completion_tokens: number;
  /** Daily sources only (SpendLogs keeps them inside metadata JSON); null for logs. */
  cache_read_tokens: number | null;
  cache_creation_tokens: number | null;
  api_requests: number;
  successful_requests: number;
  failed_requests: number;
  /** From the key (`LiteLLM_VerificationToken`, or `LiteLLM_DeletedVerificationToken` once deleted). */
  key_alias: string | null;
  key_name: string | null;
  /**
   * Attribution ids under the profile's join plan: lens resolves the row's user/team/organisation
   * (docs/design.md §2), ll2cz reproduces ll2cz's joins through the key's current row.
   */
  user_id: string | null;
  team_id: string | null;
  org_id: string | null;
  user_alias: string | null;
  user_email: string | null;
  team_alias: string | null;
  org_alias: string | null;
  /** ll2cz logs only: `COALESCE(key team, team row, request team)`. */
  enriched_team_id: string | null;
  /** lens: `key` when the team or organisation is the key's current one (the tables did not record it), else null. */
  attribution: string | null;
}

/** The SourceRow columns in the order every source query returns them (sources/plan.ts selects them so). */
export const SOURCE_COLUMNS = [
  'usage_start',
  'entity',
  'api_key',
  'model',
  'model_group',
  'provider',
  'call_type',
  'end_user',
  'log_team_id',
  'spend',
  'prompt_tokens',
  'completion_tokens',
  'cache_read_tokens',
  'cache_creation_tokens',
  'api_requests',
  'successful_requests',
  'failed_requests',
  'key_alias',
  'key_name',
  'user_id',
  'team_id',
  'org_id',
  'user_alias',
  'user_email',
  'team_alias',
  'org_alias',
  'enriched_team_id',
  'attribution',
] as const satisfies readonly (keyof SourceRow)[];

const num = (f: CopyField): number | null => (f === null ? null : Number(f));

/**
 * A SourceRow from the fields of one COPY row in SOURCE_COLUMNS order, written out field by field so every row
 * gets the same object shape (a million rows go through here). The source queries never yield NULL where the
 * type says otherwise (a NOT NULL date; sums over at least one row of NOT NULL columns).
 */
export function sourceRowOf(f: readonly CopyField[]): SourceRow {
  return {
    usage_start: f[0] as string,
    entity: f[1],
    api_key: f[2],
    model: f[3],
    model_group: f[4],
    provider: f[5],
    call_type: f[6],
    end_user: f[7],
    log_team_id: f[8],
    spend: f[9] as string,
    prompt_tokens: num(f[10]) as number,
    completion_tokens: num(f[11]) as number,
    cache_read_tokens: num(f[12]),
    cache_creation_tokens: num(f[13]),
    api_requests: num(f[14]) as number,
    successful_requests: num(f[15]) as number,
    failed_requests: num(f[16]) as number,
    key_alias: f[17],
    key_name: f[18],
    user_id: f[19],
    team_id: f[20],
    org_id: f[21],
    user_alias: f[22],
    user_email: f[23],
    team_alias: f[24],
    org_alias: f[25],
    enriched_team_id: f[26],
    attribution: f[27],
  };
}

/** The row with its strings copied (db/copyText.ts `detachString`), for building something that outlives the batch. */
export function detachedRow(src: SourceRow): SourceRow {
  const out = { ...src } as Record<string, unknown>;
  for (const k in out) if (typeof out[k] === 'string') out[k] = detachString(out[k]);
  return out as unknown as SourceRow;
}
