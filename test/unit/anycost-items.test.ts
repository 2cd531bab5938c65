import { test } from 'node:test';
import assert from 'node:assert/strict';
import { transmittableRows } from '../../src/core/cbf/anycostItems';
import type { CbfItem, CbfRow, InvalidRow } from '../../src/core/cbf/types';
import { LensError } from '../../src/core/errors';
import { cbfRow } from '../support/anycostRows';

const good = cbfRow('2024-08-01T00', 1);
const bad: InvalidRow = {
  sourceKey: 'LiteLLM_DailyUserSpend date=2024-08-01 user_id=u1',
  reasons: ['cost/cost "-1" is negative'],
  row: { ...good, 'cost/cost': '-1' },
};

async function* items(): AsyncGenerator<CbfItem> {
  yield { row: good };
  yield { invalid: bad };
  yield { row: good };
}

async function collect(iterable: AsyncIterable<CbfRow>): Promise<CbfRow[]> {
  const out: CbfRow[] = [];
  for await (const row of iterable) out.push(row);
  return out;
}

test('an invalid row stops the transmit, naming the source row and the reasons', async () => {
  const seen: CbfRow[] = [];
  await assert.rejects(
    (async () => {
      for await (const row of transmittableRows(items())) seen.push(row);
    })(),
    (e: LensError) =>
      e.kind === 'validation' &&
      e.message ===
        'An invalid CBF row stopped the transmit: LiteLLM_DailyUserSpend date=2024-08-01 user_id=u1: cost/cost "-1" is negative.' &&
      /--skip-invalid/.test(e.hint ?? ''),
  );
  assert.equal(seen.length, 1);
});

test('with skipInvalid the invalid row is left out and reported', async () => {
  const reported: InvalidRow[] = [];
  const rows = await collect(transmittableRows(items(), { skipInvalid: true, onInvalid: (r) => reported.push(r) }));
  assert.deepEqual(rows, [good, good]);
  assert.deepEqual(reported, [bad]);
});
