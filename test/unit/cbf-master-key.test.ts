// The master key as LiteLLM stores it, and how the lens profile labels its spend without writing the hash.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { lensProfile, MASTER_KEY_ALIAS } from '../../src/core/cbf/profiles/lens';
import { cbfRowOf } from '../../src/core/cbf/profiles/profile';
import type { SourceRow } from '../../src/core/cbf/sourceRow';
import { hashMasterKey, isMasterKey, MASTER_KEY_LITERAL } from '../../src/core/db/masterKey';
import { sourceRow } from '../support/sourceRow';

// LiteLLM's own docs and tests show the master key `sk-1234` as this api_key (e.g. SpendLogs rows with user
// default_user_id): hash_token = sha256 hex, applied because the key starts with `sk-` (spend_tracking_utils.py ~L296-330).
const SK_1234_HASH = '88dc28d0f030c55ed4ab77ed8faf098196cb1c05df778539800c9f1243fe6b4b';

function row(overrides: Partial<SourceRow>): SourceRow {
  return sourceRow({
    usage_start: '2026-10-01T00:00:00Z',
    entity: 'default_user_id',
    api_key: SK_1234_HASH,
    model: 'gpt-4o',
    model_group: 'gpt-4o',
    provider: 'openai',
    spend: '1.25',
    prompt_tokens: 10,
    completion_tokens: 5,
    api_requests: 1,
    successful_requests: 1,
    user_id: 'default_user_id',
    team_id: '',
    org_id: '',
    ...overrides,
  });
}

describe('master key', () => {
  test('hashMasterKey hashes sk- keys as LiteLLM does and leaves other values as stored', () => {
    assert.equal(hashMasterKey('sk-1234'), SK_1234_HASH);
    assert.equal(hashMasterKey('not-an-sk-key'), 'not-an-sk-key');
  });

  test('isMasterKey: the hash when known, the literal always, nothing else', () => {
    assert.equal(isMasterKey(SK_1234_HASH, SK_1234_HASH), true);
    assert.equal(isMasterKey(SK_1234_HASH), false);
    assert.equal(isMasterKey(MASTER_KEY_LITERAL), true);
    assert.equal(isMasterKey('ab'.repeat(32), SK_1234_HASH), false);
    assert.equal(isMasterKey('', ''), false);
    assert.equal(isMasterKey(null, SK_1234_HASH), false);
  });

  test('lens labels master-key spend and writes the literal instead of the hash', () => {
    const built = cbfRowOf(lensProfile.builder('user', { masterKeyHash: SK_1234_HASH })(row({})));
    assert.equal(built['resource/tag:key_id'], MASTER_KEY_LITERAL);
    assert.equal(built['resource/tag:key_alias'], MASTER_KEY_ALIAS);
    assert.ok(!JSON.stringify(built).includes(SK_1234_HASH));
    const unknown = cbfRowOf(lensProfile.builder('user')(row({})));
    assert.equal(unknown['resource/tag:key_id'], SK_1234_HASH);
    assert.equal(unknown['resource/tag:key_alias'], undefined);
    const literal = cbfRowOf(lensProfile.builder('user')(row({ api_key: MASTER_KEY_LITERAL })));
    assert.equal(literal['resource/tag:key_alias'], MASTER_KEY_ALIAS);
  });

  test("a row whose team or organisation came from the key's current row says so in its description", () => {
    const guessed = cbfRowOf(lensProfile.builder('user')(row({ attribution: 'key' })));
    assert.match(guessed['lineitem/description'], / attribution=key$/);
    assert.doesNotMatch(cbfRowOf(lensProfile.builder('user')(row({})))['lineitem/description'], /attribution/);
  });
});
