// Issue 14, hand-made rows: one key's day split between two teams and two organisations exactly as LiteLLM
// writes it (the same requests in every daily table under (date, api_key, model, provider); db_spend_update_writer.py
// `daily_transaction_key`), a team share that only failed (spend 0), and a teamless key that had no organisation
// then but has one now. The lens export must pair each team with its own organisation and reproduce every table.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { exportCbf } from '../../src/core/cbf/export';
import type { CbfRow, CbfSource } from '../../src/core/cbf/types';
import { type LensDatabase, openDatabase } from '../../src/core/db/database';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

const DAY = '2024-03-05';
const COLUMNS = `(id, DAYCOL, date, api_key, model, model_group, custom_llm_provider, prompt_tokens, completion_tokens,
  cache_read_input_tokens, cache_creation_input_tokens, spend, api_requests, successful_requests, failed_requests, created_at, updated_at)`;

/** One daily row: [entity, api_key, spend, prompt, completion, requests, failed, created hour]. */
type Daily = [string, string, number, number, number, number, number, number];

function insert(table: string, column: string, rows: Daily[]): string {
  const values = rows.map(
    ([e, key, spend, p, c, n, f, hour], i) =>
      `('${table}-${i}', '${e}', '${DAY}', '${key}', 'gpt-4o', 'gpt-4o', 'openai', ${p}, ${c}, 0, 0, ${spend}, ${n}, ${n - f}, ${f}, '${DAY} ${String(hour).padStart(2, '0')}:00:12', '${DAY} 23:00:00')`,
  );
  return `INSERT INTO "${table}" ${COLUMNS.replace('DAYCOL', column)} VALUES ${values.join(', ')};`;
}

describe('CBF lens: request-time split on hand-made rows (1.83)', () => {
  let tdb: TestDatabase;
  let db: LensDatabase;
  let dir: string;

  before(async () => {
    tdb = await createTestDatabase({ version: '1.83' });
    await tdb.admin.query(`
      INSERT INTO "LiteLLM_BudgetTable" (budget_id, created_by, updated_by) VALUES ('hand-budget', 'test', 'test');
      INSERT INTO "LiteLLM_OrganizationTable" (organization_id, organization_alias, budget_id, created_by, updated_by)
        VALUES ('org-x', 'Org X', 'hand-budget', 'test', 'test'), ('org-y', 'Org Y', 'hand-budget', 'test', 'test');
      INSERT INTO "LiteLLM_TeamTable" (team_id, team_alias, organization_id, members_with_roles)
        VALUES ('team-a', 'Team A', 'org-x', '[]'), ('team-b', 'Team B', 'org-y', '[]'), ('team-c', 'Team C', 'org-y', '[]');
      INSERT INTO "LiteLLM_UserTable" (user_id, user_alias) VALUES ('hand-user', 'Hand User');
      -- Today: the moved key sits in team B; the teamless key now belongs to org X (it had none on ${DAY}).
      INSERT INTO "LiteLLM_VerificationToken" (token, key_alias, user_id, team_id, organization_id)
        VALUES ('hand-moved', 'moved key', 'hand-user', 'team-b', NULL), ('hand-teamless', 'teamless key', 'hand-user', NULL, 'org-x');
      ${insert('LiteLLM_DailyUserSpend', 'user_id', [
        ['hand-user', 'hand-moved', 1.0, 1000, 100, 12, 2, 9],
        ['hand-user', 'hand-teamless', 0.5, 500, 50, 5, 0, 10],
      ])}
      ${insert('LiteLLM_DailyTeamSpend', 'team_id', [
        ['team-a', 'hand-moved', 0.3, 300, 30, 4, 0, 9],
        ['team-b', 'hand-moved', 0.7, 700, 70, 6, 0, 15],
        ['team-c', 'hand-moved', 0, 0, 0, 2, 2, 20],
        ['', 'hand-teamless', 0.5, 500, 50, 5, 0, 10],
      ])}
      ${insert('LiteLLM_DailyOrganizationSpend', 'organization_id', [
        ['org-x', 'hand-moved', 0.3, 300, 30, 4, 0, 9],
        ['org-y', 'hand-moved', 0.7, 700, 70, 8, 2, 15],
      ])}`);
    db = await openDatabase({ url: tdb.url });
    dir = await mkdtemp(join(tmpdir(), 'cbf-handmade-'));
  });
  after(async () => {
    await db?.close();
    await tdb?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  async function rowsOf(source: CbfSource): Promise<{ team: string; org: string; key: string; cost: number; description: string }[]> {
    const out = join(dir, `${source}.jsonl`);
    await exportCbf(db, { selection: { source, profile: 'lens', from: DAY, to: DAY }, format: 'jsonl', out });
    const rows = (await readFile(out, 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as CbfRow);
    return rows
      .map((r) => ({
        team: r['resource/tag:team_id'] ?? '',
        org: r['resource/tag:organization_id'] ?? '',
        key: r['resource/tag:key_id'],
        cost: Number(r['cost/cost']),
        description: r['lineitem/description'],
      }))
      .sort((a, b) => `${a.key}|${a.team}`.localeCompare(`${b.key}|${b.team}`));
  }

  test('user rows: each team with its own organisation, money and counts split exactly', async () => {
    assert.deepEqual(await rowsOf('user'), [
      {
        key: 'hand-moved',
        team: 'team-a',
        org: 'org-x',
        cost: 0.3,
        description: 'prompt=300 completion=30 cache_read=0 cache_write=0 requests=3 failed=0',
      },
      {
        key: 'hand-moved',
        team: 'team-b',
        org: 'org-y',
        cost: 0.7,
        description: 'prompt=700 completion=70 cache_read=0 cache_write=0 requests=9 failed=2',
      },
      // Request-time: no team and no organisation, although the key now belongs to org X.
      {
        key: 'hand-teamless',
        team: '',
        org: '',
        cost: 0.5,
        description: 'prompt=500 completion=50 cache_read=0 cache_write=0 requests=5 failed=0',
      },
    ]);
  });

  test('team rows get their organisation; a share that only failed falls back to the key and says so', async () => {
    const rows = await rowsOf('team');
    assert.deepEqual(
      rows.map((r) => [r.team, r.org, r.cost, r.description.endsWith('attribution=key')]),
      [
        ['team-a', 'org-x', 0.3, false],
        ['team-b', 'org-y', 0.7, false],
        ['team-c', 'org-y', 0, true],
        ['', '', 0.5, false],
      ],
    );
  });

  test('organisation rows get their request-time team', async () => {
    const rows = await rowsOf('org');
    assert.deepEqual(
      rows.map((r) => [r.org, r.team, r.cost]),
      [
        ['org-x', 'team-a', 0.3],
        ['org-y', 'team-b', 0.7],
      ],
    );
  });

  // Last: it renames a table of this throwaway database.
  test("without a daily team table the key's current team and organisation are used, flagged and noted", async () => {
    await tdb.admin.query('ALTER TABLE "LiteLLM_DailyTeamSpend" RENAME TO "Hidden_DailyTeamSpend"');
    const notes: string[] = [];
    const out = join(dir, 'no-team-table.jsonl');
    const summary = await exportCbf(db, {
      selection: { source: 'user', profile: 'lens', from: DAY, to: DAY },
      format: 'jsonl',
      out,
      onNote: (n) => notes.push(n),
    });
    const rows = (await readFile(out, 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as CbfRow);
    assert.equal(Number(summary.totalCost), 1.5);
    assert.deepEqual(
      rows.map((r) => [r['resource/tag:key_id'], r['resource/tag:team_id'] ?? '', r['resource/tag:organization_id'] ?? '']).sort(),
      [
        ['hand-moved', 'team-b', 'org-y'],
        ['hand-teamless', '', 'org-x'],
      ],
    );
    assert.ok(rows.every((r) => r['lineitem/description'].endsWith(' attribution=key')));
    assert.ok(notes.some((n) => n.startsWith('LiteLLM_DailyTeamSpend is absent')));
  });
});
