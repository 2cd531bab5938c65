import type { CbfRow } from '../../src/core/cbf/types';

/** docs/reference/cloudzero.md §5.6: ll2cz 0.6.2's record for its tests/test_sqlite.py fixture, as sent. */
export const WORKED_EXAMPLE_ROW: CbfRow = {
  'time/usage_start': '2025-01-15T00:00:00Z', 'cost/cost': '0.05', 'usage/amount': '1500', 'usage/units': 'tokens',
  'resource/service': 'openai', 'resource/account': 'test', 'resource/region': 'cross-region', 'resource/usage_family': 'gpt',
  'resource/id': 'openai/gpt-4', 'lineitem/type': 'Usage', 'resource/tag:czrn': 'czrn:litellm:openai:cross-region:test:gpt:openai/gpt-4',
  'resource/tag:model_family': 'gpt', 'resource/tag:cache_creation_tokens': '0', 'resource/tag:cache_read_tokens': '0',
  'resource/tag:entity_type': 'user', 'resource/tag:entity_id': 'user-1', 'resource/tag:api_requests': '10',
  'resource/tag:successful_requests': '10', 'resource/tag:failed_requests': '0', 'resource/tag:model_group': 'openai-gpt-4',
  'resource/tag:key_name': 'test-key', 'resource/tag:user_alias': 'test_user', 'resource/tag:user_email': 'test@example.com',
  'resource/tag:team_alias': 'Test Team', 'resource/tag:team_id': 'team-1', 'resource/tag:organization_alias': 'Test Org',
  'resource/tag:organization_id': 'org-1',
};
