import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TransmitSummary } from '../../src/core/cbf/anycostTransmit';
import { LensError } from '../../src/core/errors';
import { cbfFileName, PROFILE_CHOICES, sourceChoices } from '../../src/extension/logic/cbfChoices';
import { checkRange, parseDay, rangePresets } from '../../src/extension/logic/cbfRanges';
import { describeTransmit } from '../../src/extension/logic/cbfTransmit';
import { invalidRowsResult } from '../../src/extension/logic/invalidRows';

describe('CBF export choices', () => {
  test('range presets are UTC calendar ranges, both ends included', () => {
    assert.deepEqual(rangePresets({ now: new Date('2026-03-01T00:30:00Z') }), [
      { label: 'Last month', from: '2026-02-01', to: '2026-02-28' },
      { label: 'This month', from: '2026-03-01', to: '2026-03-01' },
      { label: 'Last 7 days', from: '2026-02-23', to: '2026-03-01' },
    ]);
    assert.deepEqual(rangePresets({ now: new Date('2026-01-15T23:59:00Z') })[0], {
      label: 'Last month',
      from: '2025-12-01',
      to: '2025-12-31',
    });
  });

  test("custom days accept ISO and relative forms; a reversed range is refused in the extension's words", () => {
    const now = new Date('2026-11-27T12:00:00Z');
    assert.deepEqual(parseDay(' 2026-10-01 ', now), { day: '2026-10-01' });
    assert.deepEqual(parseDay('start of last month', now), { day: '2026-10-01' });
    assert.match((parseDay('2026-13-01', now) as { error: string }).error, /is not a date/);
    assert.deepEqual(checkRange('2026-10-01', '2026-10-31'), { from: '2026-10-01', to: '2026-10-31' });
    assert.throws(
      () => checkRange('2026-10-31', '2026-10-01'),
      (err: unknown) =>
        err instanceof LensError && err.kind === 'usage' && err.message === 'The start 2026-10-31 is after the end 2026-10-01.',
    );
  });

  test('every source is offered in order; without a connection none is marked unavailable', () => {
    const choices = sourceChoices(undefined, { from: '2026-10-01', to: '2026-10-31' });
    assert.deepEqual(
      choices.map((c) => c.source),
      ['user', 'team', 'tag', 'org', 'enduser', 'logs'],
    );
    assert.ok(choices.every((c) => c.unavailable === undefined));
    assert.match(choices.find((c) => c.source === 'tag')!.detail, /counts N times/);
    assert.deepEqual(
      PROFILE_CHOICES.map((p) => p.profile),
      ['lens', 'll2cz'],
    );
    assert.equal(cbfFileName('team', 'lens', '2026-10-01', '2026-10-31', 'jsonl'), 'cbf-team-lens-2026-10-01-2026-10-31.jsonl');
  });

  test('invalid rows become a grid: origin, reasons, then the union of their CBF columns', () => {
    const grid = invalidRowsResult(
      [
        {
          sourceKey: 'LiteLLM_DailyUserSpend date=2026-10-01 user_id=u1',
          reasons: ['cost/cost "-1" is negative', 'bad czrn'],
          row: { 'time/usage_start': '2026-10-01T00:00:00Z', 'cost/cost': '-1' },
        },
        {
          sourceKey: 'LiteLLM_DailyUserSpend date=2026-10-02 user_id=u2',
          reasons: ['tag key'],
          row: { 'resource/tag:b@d': 'x', 'cost/cost': '1' },
        },
      ],
      5,
    );
    assert.deepEqual(
      grid.columns.map((c) => [c.name, c.kind]),
      [
        ['source row', 'text'],
        ['reasons', 'text'],
        ['time/usage_start', 'text'],
        ['cost/cost', 'number'],
        ['resource/tag:b@d', 'text'],
      ],
    );
    assert.deepEqual(grid.rows[0], [
      'LiteLLM_DailyUserSpend date=2026-10-01 user_id=u1',
      'cost/cost "-1" is negative; bad czrn',
      '2026-10-01T00:00:00Z',
      '-1',
      null,
    ]);
    assert.deepEqual(grid.rows[1].slice(2), [null, '1', 'x']);
    assert.equal(grid.rowCount, 5);
    assert.equal(grid.truncated, true);
  });

  test('the transmit preview lists months, left-out rows and what the operation means', () => {
    const summary: TransmitSummary = {
      mode: 'dry-run',
      connectionId: 'conn-1',
      operation: 'replace_hourly',
      batches: 3,
      rows: 12345,
      totalCost: '987.654321',
      retries: 0,
      months: [
        { month: '2026-09', batches: 1, rows: 345, cost: '12.5', complete: true },
        { month: '2026-10', batches: 2, rows: 12000, cost: '975.154321', complete: true },
      ],
      sent: [],
      notSent: [],
    };
    const selection = { source: 'user' as const, profile: 'lens' as const, from: '2026-09-30', to: '2026-10-31' };
    const preview = describeTransmit({ summary, invalid: [], invalidCount: 2 }, selection);
    assert.equal(
      preview.headline,
      'Ready to send 12,345 rows, total cost $987.65, in 3 requests to CloudZero connection conn-1 (replace_hourly).',
    );
    assert.deepEqual(preview.detail.split('\n'), [
      'Selection: user spend, profile lens, 2026-09-30 … 2026-10-31 (UTC, inclusive).',
      '2026-09: 345 rows, cost 12.5, 1 request',
      '2026-10: 12,000 rows, cost 975.154321, 2 requests',
      '2 invalid rows are left out (not sent).',
      'replace_hourly replaces exactly the hours sent; sending again does not double them.',
    ]);
    const sent = describeTransmit(
      { summary: { ...summary, mode: 'send', operation: 'sum', retries: 1 }, invalid: [], invalidCount: 0 },
      selection,
    );
    assert.match(sent.headline, /^Sent 12,345 rows/);
    assert.match(sent.detail, /doubles their cost/);
    assert.match(sent.detail, /1 retry\./);
  });
});
