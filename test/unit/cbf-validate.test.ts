import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { columnProblem, validateRow } from '../../src/core/cbf/validate';

const good = {
  'time/usage_start': '2026-10-01T13:00:00Z',
  'cost/cost': '0.0000001',
  'usage/amount': '1500',
  'resource/id': 'llm-usage/openai|o|t|u|k|gpt-4o|0123456789ab',
  'lineitem/type': 'Usage',
  'resource/tag:czrn': 'czrn:litellm:openai:cross-region:o:llm-usage:o|t|u|gpt-4o',
  'resource/tag:user_alias': 'Zoë, "the boss"\nline two',
};

describe('validateRow', () => {
  test('a good row has no problems', () => assert.deepEqual(validateRow(good, { singleSeparatorResourceId: true }), []));

  test('required columns', () => {
    const { 'time/usage_start': _t, 'cost/cost': _c, ...rest } = good;
    const reasons = validateRow(rest);
    assert.ok(reasons.includes('time/usage_start is missing'));
    assert.ok(reasons.includes('cost/cost is missing'));
    const { 'resource/id': _r, ...noId } = good;
    assert.deepEqual(validateRow(noId), ['resource/id is missing although the row has resource/tag:* columns']);
    assert.deepEqual(validateRow({ 'time/usage_start': '2026-10-01T00:00:00Z', 'cost/cost': '1' }), []);
  });

  test('reports every reason, not just the first', () => {
    const reasons = validateRow({ ...good, 'cost/cost': '-1', 'time/usage_start': '2026-10-01T13:30:00Z', 'lineitem/type': 'Refund' });
    assert.equal(reasons.length, 3);
  });
});

describe('columnProblem', () => {
  test('tag keys: letters, digits and _ . : / = + - @ only', () => {
    for (const ok of ['resource/tag:team', 'resource/tag:a_b.c:d/e=f+g-h@i', 'resource/tag:Team1']) {
      assert.equal(columnProblem(ok, 'x'), undefined, ok);
    }
    for (const bad of ['resource/tag:Team Name', 'resource/tag:Product&Dev', 'resource/tag:', 'resource/tag:tab\there', 'resource/tag:é']) {
      assert.match(columnProblem(bad, 'x') ?? '', /tag key/, bad);
    }
  });

  test('cost and usage: unsigned decimals without exponent', () => {
    for (const ok of ['0', '12', '0.05', '0.0000001', '123456789.123456789']) {
      assert.equal(columnProblem('cost/cost', ok), undefined, ok);
      assert.equal(columnProblem('usage/amount', ok), undefined, ok);
    }
    for (const bad of ['1e-7', '-0.5', '+1', '.5', '5.', '', 'NaN', '1,5', ' 1']) assert.ok(columnProblem('cost/cost', bad), bad);
    assert.ok(columnProblem('cost/discounted_cost', '1e3'));
  });

  test('timestamps: UTC, ISO, at the start of an hour, real dates', () => {
    for (const ok of ['2026-10-01T00:00:00Z', '2024-02-29T23:00:00Z']) assert.equal(columnProblem('time/usage_start', ok), undefined, ok);
    for (const bad of [
      '2026-10-01',
      '2026-10-01T00:00:00+00:00',
      '2026-10-01T00:30:00Z',
      '2026-10-01T00:00:01Z',
      '2026-10-01 00:00:00Z',
      '2026-10-01T00:00:00.000Z',
      '2025-02-29T00:00:00Z',
      '2026-13-01T00:00:00Z',
      '2026-10-01T24:00:00Z',
    ]) {
      assert.ok(columnProblem('time/usage_start', bad), bad);
    }
  });

  test('lineitem/type enum', () => {
    for (const ok of ['Usage', 'Tax', 'Support', 'Purchase', 'CommittedUsePurchase', 'Discount', 'Credit', 'Fee', 'Adjustment']) {
      assert.equal(columnProblem('lineitem/type', ok), undefined);
    }
    for (const bad of ['usage', 'Refund', '']) assert.ok(columnProblem('lineitem/type', bad));
  });

  test('czrn tag must be a valid 7-field CZRN', () => {
    assert.ok(columnProblem('resource/tag:czrn', 'czrn:litellm:aws:cross-region:k:claude-sonnet-v1:0:bedrock/x|0'));
    assert.ok(columnProblem('resource/tag:czrn', 'czrn:litellm:openai:cross-region:Owner:gpt:x'));
  });

  test('resource/id: never empty; lens demands <type>/<id> with exactly one separator', () => {
    const strict = { singleSeparatorResourceId: true };
    for (const asLl2czSends of ['openai/gpt-4', 'fireworks_ai/accounts/fireworks/models/deepseek-v3', 'call_mcp_tool']) {
      assert.equal(columnProblem('resource/id', asLl2czSends), undefined, asLl2czSends);
    }
    assert.ok(columnProblem('resource/id', ''));
    assert.equal(columnProblem('resource/id', 'llm-usage/openai|o|t|u|k|m|0123456789ab', strict), undefined);
    for (const bad of ['', 'noseparator', '/x', 'x/', 'fireworks_ai/accounts/x', 'llm-usage/a:b', 'llm-usage:a']) {
      assert.ok(columnProblem('resource/id', bad, strict), bad);
    }
  });

  test('unknown columns are refused', () => {
    assert.match(columnProblem('resource/owner', 'x') ?? '', /not a CBF column/);
    assert.equal(columnProblem('lineitem/description', 'anything, even "quotes"'), undefined);
  });
});
