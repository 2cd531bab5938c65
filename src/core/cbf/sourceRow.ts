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
