import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { czrnOf, czrnProblem, isValidCzrn, parseCzrn } from '../../src/core/cbf/czrn';
import { ll2czProfile } from '../../src/core/cbf/profiles/ll2cz';
import { columnsOfIdentity } from '../../src/core/cbf/profiles/profile';
import { identityFingerprint, lensResourceId, ll2czResourceId, type LensIdentity } from '../../src/core/cbf/resourceId';
import type { SourceRow } from '../../src/core/cbf/sourceRow';
import { sourceRow as baseRow } from '../support/sourceRow';

function sourceRow(overrides: Partial<SourceRow>): SourceRow {
  return baseRow({
    usage_start: '2024-01-01T00:00:00Z',
    entity: 'test_user_123',
    api_key: 'sk-test123456789',
    model: 'gpt-3.5-turbo',
    provider: 'openai',
    spend: '0.002',
    prompt_tokens: 100,
    completion_tokens: 50,
    api_requests: 1,
    successful_requests: 1,
    ...overrides,
  });
}

/** The CZRN the ll2cz profile emits for a row of the user source. */
function ll2czCzrn(overrides: Partial<SourceRow>): string {
  return columnsOfIdentity(ll2czProfile.builder('user')(sourceRow(overrides)).identity)['resource/tag:czrn'];
}

describe('ll2czResourceId (§5.4)', () => {
  test('("gpt-4","openai") -> openai/gpt-4', () => assert.equal(ll2czResourceId('gpt-4', 'openai'), 'openai/gpt-4'));
  test('("openai/gpt-4") -> openai/gpt-4', () => assert.equal(ll2czResourceId('openai/gpt-4'), 'openai/gpt-4'));
  test('bedrock ":" becomes "|"', () =>
    assert.equal(ll2czResourceId('us.anthropic.claude-3-haiku:0', 'bedrock'), 'bedrock/us.anthropic.claude-3-haiku|0'));
  test('path model without provider', () =>
    assert.equal(ll2czResourceId('bedrock/us.amazon.nova-lite-v1:0'), 'bedrock/us.amazon.nova-lite-v1|0'));
  test('empty or * -> unknown/unknown', () => {
    assert.equal(ll2czResourceId('', 'openai'), 'unknown/unknown');
    assert.equal(ll2czResourceId('*', 'openai'), 'unknown/unknown');
    assert.equal(ll2czResourceId(null, 'openai'), 'unknown/unknown');
  });
  test('a model that already names the provider is kept', () => assert.equal(ll2czResourceId('openai-gpt', 'openai'), 'openai-gpt'));
});

describe('CZRN validation (§5.5)', () => {
  test('components -> CZRN', () => {
    const czrn = czrnOf({
      provider: 'litellm',
      serviceType: 'openai',
      region: 'cross-region',
      ownerAccountId: 'key-abc123def456',
      resourceType: 'gpt-turbo',
      cloudLocalId: 'user|test_user|gpt-3.5-turbo',
    });
    assert.equal(czrn, 'czrn:litellm:openai:cross-region:key-abc123def456:gpt-turbo:user|test_user|gpt-3.5-turbo');
    assert.ok(isValidCzrn(czrn));
    assert.deepEqual(parseCzrn(czrn), {
      provider: 'litellm',
      serviceType: 'openai',
      region: 'cross-region',
      ownerAccountId: 'key-abc123def456',
      resourceType: 'gpt-turbo',
      cloudLocalId: 'user|test_user|gpt-3.5-turbo',
    });
  });
  for (const czrn of [
    'czrn:ec2:aws:us-east-1:123456789012:instance:i-0abc123def456789',
    'czrn:compute:azure:eastus:subscription-abc123:virtualmachine:my-vm',
    'czrn:litellm:openai:cross-region:key-abc123:llm-usage:user|test|model',
  ]) {
    test(`valid: ${czrn}`, () => assert.equal(czrnProblem(czrn), undefined));
  }
  for (const czrn of ['czrn:only:five:components:here', 'czrn:invalid:components:with:UPPERCASE:Resource:id', '', 'not-a-czrn']) {
    test(`invalid: ${JSON.stringify(czrn)}`, () => assert.match(czrnProblem(czrn) ?? '', /does not match/));
  }
  test('an 8-field CZRN (":" in the cloud-local-id) is refused although the regex accepts it', () => {
    const eight = 'czrn:litellm:aws:cross-region:abc:claude-sonnet-v1:0:bedrock/x|0';
    assert.match(eight, /^czrn:([a-z0-9-]+):([a-zA-Z0-9-]+):([a-z0-9-]+):([a-z0-9-]+):([a-z0-9-]+):(.+)$/);
    assert.match(czrnProblem(eight) ?? '', /8 ':'-separated fields/);
    assert.throws(() => parseCzrn(eight), RangeError);
  });
});

describe('ll2cz CZRNs (§5.5)', () => {
  test('row -> CZRN owned by the hashed key', () => {
    assert.equal(ll2czCzrn({}), 'czrn:litellm:openai:cross-region:sk-test123456789:gpt-turbo:openai/gpt-3.5-turbo');
  });
  test('team row', () => {
    assert.equal(
      ll2czCzrn({ entity: 'engineering_team', model: 'gpt-4', api_key: 'sk-team123456' }),
      'czrn:litellm:openai:cross-region:sk-team123456:gpt:openai/gpt-4',
    );
  });
  test('no custom_llm_provider', () => {
    assert.ok(
      ll2czCzrn({ provider: null, model: 'custom-model', api_key: 'sk-test123' }).startsWith(
        'czrn:litellm:unknown:cross-region:sk-test123:',
      ),
    );
  });
  test('bedrock cloud-local-id', () => {
    assert.ok(
      ll2czCzrn({ provider: 'bedrock', model: 'us.anthropic.claude-3-haiku:0' }).endsWith(':bedrock/us.anthropic.claude-3-haiku|0'),
    );
  });
  test('docs examples', () => {
    assert.equal(
      ll2czCzrn({ key_alias: 'John Doe', model: 'gpt-4o-mini' }),
      'czrn:litellm:openai:cross-region:john-doe:gpt-mini:openai/gpt-4o-mini',
    );
    assert.equal(
      ll2czCzrn({ key_alias: 'engineering-team', provider: 'anthropic', model: 'claude-3-5-haiku-20241022' }),
      'czrn:litellm:anthropic:cross-region:engineering-team:claude-haiku:anthropic/claude-3-5-haiku-20241022',
    );
  });
  test('key alias "Team Alpha Key"', () => {
    assert.equal(
      ll2czCzrn({ key_alias: 'Team Alpha Key' }),
      'czrn:litellm:openai:cross-region:team-alpha-key:gpt-turbo:openai/gpt-3.5-turbo',
    );
  });
  test('bedrock v1:0 model: the 8-field ll2cz CZRN is fixed to 7 fields', () => {
    const key = 'a'.repeat(64);
    const czrn = ll2czCzrn({ provider: 'bedrock', model: 'anthropic.claude-3-5-sonnet-20240620-v1:0', api_key: key });
    assert.equal(czrn, `czrn:litellm:aws:cross-region:${key}:claude-sonnet-v1-0:bedrock/anthropic.claude-3-5-sonnet-20240620-v1|0`);
    assert.equal(czrnProblem(czrn), undefined);
  });
  test('model * or empty still gives a valid CZRN', () => {
    assert.equal(ll2czCzrn({ model: '*' }), 'czrn:litellm:openai:cross-region:sk-test123456789:unknown:unknown/unknown');
    assert.equal(ll2czCzrn({ model: '' }), 'czrn:litellm:openai:cross-region:sk-test123456789:unknown:unknown/unknown');
  });
});

describe('lens resource id', () => {
  const base: LensIdentity = {
    provider: 'openai',
    org: 'org-1',
    team: 'team-1',
    user: 'user-1',
    key: 'ab'.repeat(32),
    model: 'gpt-4o',
    modelGroup: 'gpt-4o',
    extra: '',
  };

  test('llm-usage/<provider>|<org>|<team>|<user>|<key>|<model>|<fingerprint>, exactly one "/" and no ":"', () => {
    const id = lensResourceId({ ...base, provider: 'vertex_ai', model: 'vertex_ai/gemini-1.5:pro', user: 'Alice@Example.com' });
    assert.match(id, /^llm-usage\/gcp\|org-1\|team-1\|alice-example-com\|(ab){32}\|vertex-ai-gemini-1-5-pro\|[0-9a-f]{12}$/);
    assert.equal(id.split('/').length, 2);
    assert.ok(!id.includes(':'));
  });
  test('identities that normalise alike still get different ids', () => {
    const ids = new Set([
      lensResourceId(base),
      lensResourceId({ ...base, model: 'GPT-4o' }),
      lensResourceId({ ...base, user: '' }),
      lensResourceId({ ...base, user: 'unknown' }),
      lensResourceId({ ...base, modelGroup: 'other-group' }),
      lensResourceId({ ...base, extra: 'tag-a' }),
      lensResourceId({ ...base, provider: 'gemini' }),
    ]);
    assert.equal(ids.size, 7);
  });
  test('the fingerprint depends on field boundaries, not just the concatenated text', () => {
    assert.match(identityFingerprint(base), /^[0-9a-f]{12}$/);
    assert.equal(identityFingerprint({ ...base }), identityFingerprint(base));
    assert.notEqual(identityFingerprint({ ...base, org: 'ab', team: 'c' }), identityFingerprint({ ...base, org: 'a', team: 'bc' }));
  });
});
