import type { SourceRow } from '../../src/core/cbf/sourceRow';

/** A source row as the sources hand it to a profile: the given fields, every other id and name NULL, counters 0. */
export function sourceRow(fields: Partial<SourceRow>): SourceRow {
  return {
    usage_start: '2026-01-01T00:00:00Z',
    entity: null,
    api_key: null,
    model: null,
    model_group: null,
    provider: null,
    call_type: null,
    end_user: null,
    log_team_id: null,
    spend: '0',
    prompt_tokens: 0,
    completion_tokens: 0,
    cache_read_tokens: 0,
    cache_creation_tokens: 0,
    api_requests: 0,
    successful_requests: 0,
    failed_requests: 0,
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
    ...fields,
  };
}
