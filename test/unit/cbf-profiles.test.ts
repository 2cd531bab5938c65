import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { lensProfile } from '../../src/core/cbf/profiles/lens';
import { ll2czProfile } from '../../src/core/cbf/profiles/ll2cz';
import { cbfRowOf, columnsOf, columnsOfIdentity } from '../../src/core/cbf/profiles/profile';
import type { SourceRow } from '../../src/core/cbf/sourceRow';
import { validateRow } from '../../src/core/cbf/validate';
import { WORKED_EXAMPLE_ROW } from '../support/ll2czWorkedExample';

/** docs/reference/cloudzero.md §5.6 input, as the user-source SQL returns it after the joins. */
const WORKED_EXAMPLE_SOURCE: SourceRow = {
  usage_start: '2025-01-15T00:00:00Z',
  entity: 'user-1',
  api_key: 'sk-test',
  model: 'gpt-4',
  model_group: 'openai-gpt-4',
  provider: 'openai',
  call_type: null,
  end_user: null,
  log_team_id: null,
  spend: '0.05',
  prompt_tokens: 1000,
  completion_tokens: 500,
  cache_read_tokens: 0,
  cache_creation_tokens: 0,
  api_requests: 10,
  successful_requests: 10,
  failed_requests: 0,
  key_alias: 'test',
  key_name: 'test-key',
  user_id: 'user-1',
  team_id: 'team-1',
  org_id: 'org-1',
  user_alias: 'test_user',
  user_email: 'test@example.com',
  team_alias: 'Test Team',
  org_alias: 'Test Org',
  enriched_team_id: null,
  attribution: null,
};

function build(profile: typeof lensProfile, source: Parameters<typeof lensProfile.builder>[0], src: SourceRow) {
  return cbfRowOf(profile.builder(source)(src));
}

describe('ll2cz profile', () => {
  test('reproduces the worked example (§5.6) exactly: same columns, same values', () => {
    const row = build(ll2czProfile, 'user', WORKED_EXAMPLE_SOURCE);
    assert.deepEqual(row, WORKED_EXAMPLE_ROW);
    assert.deepEqual(columnsOf(ll2czProfile, 'user').sort(), Object.keys(WORKED_EXAMPLE_ROW).sort());
    assert.deepEqual(validateRow(row), []);
  });

  test('row columns hold the per-row counters, identity columns the rest', () => {
    const { identity, values } = ll2czProfile.builder('user')(WORKED_EXAMPLE_SOURCE);
    assert.deepEqual(Object.keys(values).sort(), [...ll2czProfile.rowColumns('user')].sort());
    assert.deepEqual(Object.keys(columnsOfIdentity(identity)).sort(), [...ll2czProfile.identityColumns('user')].sort());
  });

  test('only NULL is skipped; empty strings are kept (as ll2cz)', () => {
    const row = build(ll2czProfile, 'user', {
      ...WORKED_EXAMPLE_SOURCE,
      key_alias: null,
      key_name: null,
      user_email: '',
      team_id: null,
      team_alias: null,
    });
    assert.equal(row['resource/tag:user_email'], '');
    assert.ok(!('resource/tag:key_name' in row));
    assert.ok(!('resource/tag:team_id' in row));
    assert.equal(row['resource/account'], 'sk-test');
  });

  test('logs rows use call_type as resource type and carry model, end user and enriched team', () => {
    const row = build(ll2czProfile, 'logs', {
      ...WORKED_EXAMPLE_SOURCE,
      usage_start: '2025-07-01T13:00:00Z',
      call_type: 'acompletion',
      end_user: 'cust-9',
      log_team_id: '',
      enriched_team_id: 'team-1',
      cache_read_tokens: null,
      cache_creation_tokens: null,
    });
    assert.equal(row['resource/tag:czrn'], 'czrn:litellm:openai:cross-region:test:acompletion:openai/gpt-4');
    assert.equal(row['resource/usage_family'], 'acompletion');
    assert.equal(row['resource/tag:model'], 'gpt-4');
    assert.equal(row['resource/tag:end_user'], 'cust-9');
    assert.equal(row['resource/tag:team_id'], '');
    assert.equal(row['resource/tag:enriched_team_id'], 'team-1');
    assert.ok(!('resource/tag:cache_read_tokens' in row));
    assert.deepEqual(
      Object.keys(row).filter((c) => !columnsOf(ll2czProfile, 'logs').includes(c)),
      [],
    );
  });
});

describe('lens profile', () => {
  const row = build(lensProfile, 'user', WORKED_EXAMPLE_SOURCE);

  test('row columns are time, cost, usage and description; every other column belongs to the identity', () => {
    const { identity, values } = lensProfile.builder('user')(WORKED_EXAMPLE_SOURCE);
    assert.deepEqual(Object.keys(values), [...lensProfile.rowColumns('user')]);
    for (const column of Object.keys(columnsOfIdentity(identity))) assert.ok(lensProfile.identityColumns('user').includes(column), column);
  });

  test('CZRN owned by the organisation, cloud-local-id org|team|user|model', () => {
    assert.equal(row['resource/tag:czrn'], 'czrn:litellm:openai:cross-region:org-1:llm-usage:org-1|team-1|user-1|gpt-4');
    assert.equal(row['resource/account'], 'org-1');
  });

  test('resource/id is llm-usage/<provider>|<org>|<team>|<user>|<key>|<model>|<fingerprint>', () => {
    assert.match(row['resource/id'], /^llm-usage\/openai\|org-1\|team-1\|user-1\|sk-test\|gpt-4\|[0-9a-f]{12}$/);
  });

  test('tags carry identity only; counters go to usage/amount and the description', () => {
    const tags = Object.keys(row)
      .filter((k) => k.startsWith('resource/tag:'))
      .map((k) => k.slice('resource/tag:'.length));
    assert.deepEqual(tags.sort(), [
      'czrn',
      'key_alias',
      'key_id',
      'key_name',
      'model',
      'model_group',
      'organization_alias',
      'organization_id',
      'provider',
      'team_alias',
      'team_id',
      'user_alias',
      'user_email',
      'user_id',
    ]);
    assert.equal(row['usage/amount'], '1500');
    assert.equal(row['lineitem/description'], 'prompt=1000 completion=500 cache_read=0 cache_write=0 requests=10 failed=0');
    assert.deepEqual(validateRow(row, lensProfile.validation), []);
  });

  test('absent ids are "unknown" in the CZRN and absent as tags', () => {
    const bare = build(lensProfile, 'user', {
      ...WORKED_EXAMPLE_SOURCE,
      org_id: '',
      team_id: null,
      user_id: '',
      org_alias: null,
      team_alias: null,
      user_alias: null,
      user_email: null,
    });
    assert.equal(bare['resource/tag:czrn'], 'czrn:litellm:openai:cross-region:unknown:llm-usage:unknown|unknown|unknown|gpt-4');
    for (const tag of ['organization_id', 'team_id', 'user_id', 'user_alias']) assert.ok(!(`resource/tag:${tag}` in bare), tag);
  });

  test('tag and end-user sources add their dimension to tags and identity', () => {
    const a = build(lensProfile, 'tag', { ...WORKED_EXAMPLE_SOURCE, entity: 'project:alpha' });
    const b = build(lensProfile, 'tag', { ...WORKED_EXAMPLE_SOURCE, entity: 'project:beta' });
    assert.equal(a['resource/tag:tag'], 'project:alpha');
    assert.notEqual(a['resource/id'], b['resource/id']);
    const e = build(lensProfile, 'logs', {
      ...WORKED_EXAMPLE_SOURCE,
      end_user: 'cust "1"',
      cache_read_tokens: null,
      cache_creation_tokens: null,
    });
    assert.equal(e['resource/tag:end_user'], 'cust "1"');
    assert.equal(e['lineitem/description'], 'prompt=1000 completion=500 requests=10 failed=0');
  });

  test('rows of one identity share one identity object (memoised validation) and differ only in their own values', () => {
    const builder = lensProfile.builder('user');
    const first = builder(WORKED_EXAMPLE_SOURCE);
    const second = builder({ ...WORKED_EXAMPLE_SOURCE, usage_start: '2025-01-16T00:00:00Z', spend: '1e-7', prompt_tokens: 1 });
    assert.equal(first.identity, second.identity);
    assert.equal(second.values['cost/cost'], '0.0000001');
    assert.equal(second.values['usage/amount'], '501');
  });

  test('hostile aliases stay values, never reach keys or the CZRN', () => {
    const hostile = 'Robert\'); DROP TABLE x;--, "quoted"\r\nnew line ✓ 🚀 :/|';
    const h = build(lensProfile, 'user', { ...WORKED_EXAMPLE_SOURCE, user_alias: hostile, team_id: hostile, key_alias: hostile });
    assert.equal(h['resource/tag:user_alias'], hostile);
    assert.equal(h['resource/tag:team_id'], hostile);
    assert.deepEqual(validateRow(h, lensProfile.validation), []);
  });
});
