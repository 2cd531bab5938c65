import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { DailyFact } from '../../src/core/attribution/dailyFacts';
import type { Entities } from '../../src/core/attribution/entities';
import { assignDailyOrgs } from '../../src/core/attribution/orgs';
import type { Cell } from '../../src/core/attribution/split';
import type { Measures } from '../../src/core/attribution/types';

const m = (spend: number, apiRequests: number): Measures => ({
  spend,
  apiRequests,
  successfulRequests: apiRequests,
  failedRequests: 0,
  promptTokens: 0,
  completionTokens: 0,
  cacheReadInputTokens: 0,
  cacheCreationInputTokens: 0,
});
const cell = (span: string, apiKey: string, teamId: string | null, spend: number, requests: number): Cell => ({
  span,
  teamId,
  userId: 'u',
  apiKey,
  model: 'gpt',
  m: m(spend, requests),
  apportioned: false,
});
const org = (span: string, apiKey: string, entity: string, spend: number): DailyFact => ({
  kind: 'org',
  date: span.length === 10 ? span : null,
  span,
  apiKey,
  model: '',
  entity,
  range: m(spend, 0),
  lifetime: spend,
});

const entities = {
  keys: new Map([
    ['k-own', { orgId: 'org-key' }],
    ['k-team', { orgId: null }],
  ]),
  teams: new Map([['t1', { orgId: 'org-team' }]]),
} as unknown as Entities;

describe('organisation at request time (LiteLLM_DailyOrganizationSpend) on tree cells', () => {
  test('one organisation row per key and day: the cell moves whole, even when the sums differ in the last bit', () => {
    const out = assignDailyOrgs(
      [cell('2026-10-20', 'k-team', 't1', 0.1, 3), cell('2026-10-20', 'k-team', '', 0.2, 4)],
      [org('2026-10-20', 'k-team', 'org-b', 0.30000000000000004)],
      '2026-10-15',
      entities,
    );
    assert.deepEqual(
      out.map((c) => [c.orgId, c.orgSource, c.m.apiRequests, c.apportioned]),
      [
        ['org-b', 'daily-organization', 3, false],
        ['org-b', 'daily-organization', 4, false],
      ],
    );
  });

  test('a key that changed organisation within a span is split by the organisation rows, the rest has none', () => {
    const out = assignDailyOrgs(
      [cell('P', 'k-team', 't1', 10, 10)],
      [org('P', 'k-team', 'org-a', 6), org('P', 'k-team', 'org-b', 3)],
      '2026-01-01',
      entities,
    );
    assert.deepEqual(
      out.map((c) => [c.orgId, Number(c.m.spend.toFixed(12)), c.apportioned]),
      [
        ['org-a', 6, true],
        ['org-b', 3, true],
        ['', 1, true],
      ],
    );
  });

  test('spend-free requests (failures) go to the organisation whose rows hold them', () => {
    const out = assignDailyOrgs(
      [cell('2026-10-21', 'k-team', 't1', 0, 2)],
      [org('2026-10-21', 'k-team', 'org-a', 0)],
      '2026-10-15',
      entities,
    );
    assert.deepEqual(
      out.map((c) => [c.orgId, c.m.apiRequests]),
      [['org-a', 2]],
    );
  });

  test("before the table's first row: the key's own organisation now, else its request-time team's", () => {
    const out = assignDailyOrgs(
      [cell('2026-10-01', 'k-own', 't1', 1, 1), cell('2026-10-01', 'k-team', 't1', 2, 2), cell('2026-10-01', 'k-team', '', 3, 3)],
      [],
      '2026-10-15',
      entities,
    );
    assert.deepEqual(
      out.map((c) => [c.orgId, c.orgSource]),
      [
        ['org-key', 'key'],
        ['org-team', 'team'],
        ['', 'none'],
      ],
    );
  });
});
