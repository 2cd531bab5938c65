import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { extractModelName } from '../../src/core/cbf/modelFamily';
import { normalizeComponent, normalizeService } from '../../src/core/cbf/normalize';

// Every vector of docs/reference/cloudzero.md §5.1–§5.3.
describe('normalizeComponent (§5.1)', () => {
  const vectors: [string, string][] = [
    ['Test_Component', 'test-component'],
    ['UPPERCASE', 'uppercase'],
    ['with spaces', 'with-spaces'],
    ['with@special!chars', 'with-special-chars'],
    ['multiple---hyphens', 'multiple-hyphens'],
    ['-leading-trailing-', 'leading-trailing'],
    ['', 'unknown'],
    ['Prod Key #1', 'prod-key-1'],
    ['team_alpha@x.com', 'team-alpha-x-com'],
    ['ÄÖ', 'unknown'],
    ['a:b/c', 'a-b-c'],
  ];
  for (const [input, expected] of vectors) {
    test(`${JSON.stringify(input)} -> ${expected}`, () => assert.equal(normalizeComponent(input), expected));
  }
  test('null and undefined -> unknown', () => {
    assert.equal(normalizeComponent(null), 'unknown');
    assert.equal(normalizeComponent(undefined), 'unknown');
  });
});

describe('normalizeService (§5.2)', () => {
  const vectors: [string | undefined, string][] = [
    ['azure_openai', 'azure'],
    ['aws_bedrock', 'aws'],
    ['aws', 'aws'],
    ['together_ai', 'together'],
    ['unknown_provider', 'unknown'],
    ['azure_ai', 'azure'],
    ['custom-llm', 'custom'],
    ['nova_provider', 'nova'],
    ['vertex_ai_beta', 'vertex'],
    ['hosted_vllm', 'hosted'],
    ['text-completion-openai', 'text'],
    ['Bedrock', 'aws'],
    ['xai', 'xai'],
    [undefined, 'unknown'],
  ];
  for (const [input, expected] of vectors) {
    test(`${JSON.stringify(input ?? 'missing')} -> ${expected}`, () => assert.equal(normalizeService(input), expected));
  }
  test('the rest of the mapping table', () => {
    assert.equal(normalizeService('openai'), 'openai');
    assert.equal(normalizeService('vertex_ai'), 'gcp');
    assert.equal(normalizeService('gemini'), 'gcp');
    assert.equal(normalizeService('fireworks_ai'), 'fireworks');
    assert.equal(normalizeService('watsonx'), 'ibm');
    assert.equal(normalizeService('sagemaker'), 'aws');
    assert.equal(normalizeService('mistral'), 'mistral');
    assert.equal(normalizeService(''), 'unknown');
  });
});

describe('extractModelName (§5.3)', () => {
  const vectors: [string, string][] = [
    ['gpt-4o-mini', 'gpt-mini'],
    ['gpt-4o', 'gpt'],
    ['gpt-4', 'gpt'],
    ['gpt-4-0613', 'gpt'],
    ['gpt-3.5-turbo', 'gpt-turbo'],
    ['gpt-4.1-nano', 'gpt-nano'],
    ['o1-preview', 'o1-preview'],
    ['o3-mini', 'o3-mini'],
    ['claude-3-5-haiku-20241022', 'claude-haiku'],
    ['claude-sonnet-4-20250514', 'claude-sonnet'],
    ['claude-opus-4-1-20250805', 'claude-opus'],
    ['gemini-1.5-flash', 'gemini-flash'],
    ['gemini-2.5-pro', 'gemini'],
    ['text-embedding-3-small', 'text-embedding-small'],
    ['us.anthropic.claude-3-haiku:0', 'claude-haiku'],
    ['bedrock/us.amazon.nova-lite-v1:0', 'nova-lite'],
    ['amazon.titan-text-lite-v1', 'titan-text-lite'],
    ['anthropic.claude-3-5-sonnet-20240620-v1:0', 'claude-sonnet-v1:0'],
    ['fireworks_ai/accounts/fireworks/models/deepseek-v3', 'deepseek'],
    ['command-r-plus', 'command-r'],
    ['mistral/mistral-small-2402', 'mistral-small'],
    ['llama3.1:8b', '1:8b'],
    ['dall-e-3', 'dall-e'],
    ['*', '*'],
    ['', 'unknown'],
  ];
  for (const [input, expected] of vectors) {
    test(`${JSON.stringify(input)} -> ${expected}`, () => assert.equal(extractModelName(input), expected));
  }
});
