// End-user identities are kept only from their second sight (TupleMemo onSecondSight): the first time their bytes
// are written straight into the row's line, later rows copy the kept bytes. Against real PostgreSQL, every
// exported row (both profiles, both formats) must equal the row the builder made, which the stream yields with
// no encoder in between, for end users seen once, seen again in later hours, and shared between keys.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { exportCbf } from '../../src/core/cbf/export';
import { streamCbf } from '../../src/core/cbf/stream';
import type { CbfFormat, CbfProfile, CbfRow } from '../../src/core/cbf/types';
import { type EngineFixture, openEngineFixture } from '../support/engineFixture';

const DAY = '2024-02-03';

/** Absent columns are empty CSV cells and missing JSONL members: compare rows without them. */
const present = (row: CbfRow): CbfRow => Object.fromEntries(Object.entries(row).filter(([, v]) => v !== undefined && v !== ''));

async function fileRows(file: string, format: CbfFormat): Promise<CbfRow[]> {
  const text = await readFile(file, 'utf8');
  const rows =
    format === 'csv'
      ? (parse(text, { columns: true }) as CbfRow[])
      : text
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as CbfRow);
  return rows.map(present);
}

describe('CBF export: end users seen once and again', () => {
  let fx: EngineFixture;

  before(async () => {
    fx = await openEngineFixture({ version: '1.83' }, 'cbf-end-users-');
    // Per hour: 'cust, "repeat"' on key-a (hours 01-05, so kept from hour 02 on) and on key-b (hour 03 only); a new
    // end user on key-a each hour (seen once); requests without an end user.
    const rows: unknown[][] = [];
    for (let hour = 1; hour <= 5; hour++) {
      const at = `${DAY} 0${hour}:15:00`;
      rows.push([`r-${hour}-a`, 'key-a', 'cust, "repeat"', at]);
      rows.push([`r-${hour}-once`, 'key-a', `once-${hour} Zoë`, at]);
      rows.push([`r-${hour}-none`, 'key-a', '', at]);
      if (hour === 3) rows.push([`r-${hour}-b`, 'key-b', 'cust, "repeat"', at]);
    }
    for (const [id, key, endUser, at] of rows) {
      await fx.tdb.admin.query(
        `INSERT INTO "LiteLLM_SpendLogs" (request_id, call_type, api_key, spend, total_tokens, prompt_tokens, completion_tokens, "startTime", "endTime",
          model, model_group, custom_llm_provider, "user", metadata, team_id, organization_id, end_user, status)
        VALUES ($1, 'acompletion', $2, 0.25, 12, 10, 2, $4, $4, 'gpt-4o', 'gpt-4o', 'openai', 'carol', '{}', '', '', $3, 'success')`,
        [id, key, endUser, at],
      );
    }
  });
  after(() => fx?.close());

  for (const profile of ['lens', 'll2cz'] as CbfProfile[]) {
    for (const format of ['csv', 'jsonl'] as CbfFormat[]) {
      test(`--source logs --profile ${profile} (${format}): the file's rows are the builder's rows`, async () => {
        const selection = { source: 'logs' as const, profile, from: DAY, to: DAY };
        const out = join(fx.dir, `logs-${profile}.${format}`);
        await exportCbf(fx.db, { selection, format, out, capabilities: fx.caps });
        const expected: CbfRow[] = [];
        for await (const item of streamCbf(fx.db, selection, { capabilities: fx.caps })) {
          assert.ok(item.row, JSON.stringify(item));
          expected.push(present(item.row));
        }
        const written = await fileRows(out, format);
        assert.equal(written.length, 16);
        assert.deepEqual(written, expected);

        const endUsers = written.map((r) => r['resource/tag:end_user'] ?? '');
        assert.equal(endUsers.filter((u) => u === 'cust, "repeat"').length, 6, 'the repeated end user: 5 hours on key-a, 1 on key-b');
        assert.equal(endUsers.filter((u) => u.startsWith('once-')).length, 5);
        if (profile === 'lens') {
          // Same end user, other key: another resource; the same key and end user keep one resource over the hours.
          const ids = (key: string) =>
            new Set(
              written
                .filter((r) => r['resource/tag:end_user'] === 'cust, "repeat"' && r['resource/tag:key_id'] === key)
                .map((r) => r['resource/id']),
            );
          assert.equal(ids('key-a').size, 1);
          assert.equal(ids('key-b').size, 1);
          assert.notDeepEqual(ids('key-a'), ids('key-b'));
        }
      });
    }
  }
});
