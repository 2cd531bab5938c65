// Issue 15: the export pipeline may change shape (how rows are read, joined and encoded) but not one output byte.
// EXPECTED holds the SHA-256 of every source × profile × format export of one fixed database, recorded with the
// encoder and source queries as they were before issue 15's rework (commit 10f0154). The database is the
// request-time fixture (test/support/requestTimeFixture.ts: moved, teamless, regenerated and master keys, an
// organisation table that starts mid-range, failed calls) plus hostile names, a deleted key and twin identities
// added below. The second part proves per-identity reuse never carries one identity's tags into another's row.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { exportCbf } from '../../src/core/cbf/export';
import { CBF_SOURCES, type CbfFormat, type CbfProfile, type CbfRow } from '../../src/core/cbf/types';
import { type LensDatabase, openDatabase } from '../../src/core/db/database';
import type { FixtureDb } from '../support/litellmRows';
import { createRequestTimeFixture, MASTER_HASH } from '../support/requestTimeFixture';

const FROM = '2026-09-01';
const TO = '2026-10-31';
const DAY = '2026-10-26';
/** 200 characters with a quote, a comma, a newline, a tab, a backslash and non-ASCII (COPY escapes some of them). */
const LONG_ALIAS = `"prod", eu\nline two\tZoë – Ñandú 東京 \\ ${'abcdefghij'.repeat(20)}`.slice(0, 200);

/**
 * Hostile names, a deleted key, and twins: `k-twin-a`/`k-twin-b` are the same user, team, model and provider and
 * differ only in key name (the ll2cz identity's only difference); `k-hostile` uses one model under two model
 * groups (different endpoints, so two stored rows), identities that differ only in the model_group tag.
 */
async function addHostileRows(db: FixtureDb): Promise<void> {
  const daily = (table: string, column: string, entity: string, key: string, modelGroup: string, endpoint: string, spend: number) =>
    `INSERT INTO "${table}" (id, ${column}, date, api_key, model, model_group, custom_llm_provider, prompt_tokens, completion_tokens,
       cache_read_input_tokens, cache_creation_input_tokens, spend, api_requests, successful_requests, failed_requests, mcp_namespaced_tool_name, endpoint, created_at, updated_at)
     VALUES (md5(random()::text), '${entity}', '${DAY}', '${key}', 'gpt-4o', '${modelGroup}', 'openai', 100, 20, 3, 1, ${spend}, 2, 2, 0, '', '${endpoint}', '${DAY} 10:00:00', now());`;
  const everywhere = (user: string, team: string, org: string, key: string, modelGroup: string, endpoint: string, spend: number) =>
    [
      daily('LiteLLM_DailyUserSpend', 'user_id', user, key, modelGroup, endpoint, spend),
      daily('LiteLLM_DailyTeamSpend', 'team_id', team, key, modelGroup, endpoint, spend),
      daily('LiteLLM_DailyOrganizationSpend', 'organization_id', org, key, modelGroup, endpoint, spend),
      daily('LiteLLM_DailyTagSpend', 'tag', 'prod', key, modelGroup, endpoint, spend),
      daily('LiteLLM_DailyEndUserSpend', 'end_user_id', `cust "${key}", Zoë`, key, modelGroup, endpoint, spend),
    ].join('\n');
  await db.q(
    `INSERT INTO "LiteLLM_UserTable" (user_id, user_alias, user_email, spend) VALUES ('carol', 'Zoë "Z", Ñandú', '"o''brien, j"@exämple.com', 0)`,
  );
  await db.q(
    `INSERT INTO "LiteLLM_VerificationToken" (token, key_alias, key_name, user_id, team_id, organization_id, spend) VALUES
    ('k-hostile', $1, 'sk-...host', 'carol', 'team-1', NULL, 0),
    ('k-twin-a', 'twin', 'sk-...aaaa', 'carol', 'team-2', NULL, 0),
    ('k-twin-b', 'twin', 'sk-...bbbb', 'carol', 'team-2', NULL, 0)`,
    [LONG_ALIAS],
  );
  await db.q(`INSERT INTO "LiteLLM_DeletedVerificationToken" (id, token, key_alias, key_name, user_id, team_id, organization_id, deleted_at) VALUES
    ('del-1', 'k-gone', 'gone, "old"', 'sk-...gone', 'carol', 'team-1', NULL, '2026-10-30'),
    ('del-0', 'k-gone', 'older name', 'sk-...gone', 'carol', 'team-1', NULL, '2026-10-01')`);
  await db.q(
    [
      everywhere('carol', 'team-1', 'org-a', 'k-hostile', 'gpt-4o', '/v1/chat/completions', 0.25),
      everywhere('carol', 'team-1', 'org-a', 'k-hostile', 'gpt-4o-eu', '/v1/responses', 0.125),
      everywhere('carol', 'team-2', 'org-b', 'k-twin-a', 'gpt-4o', '/v1/chat/completions', 0.5),
      everywhere('carol', 'team-2', 'org-b', 'k-twin-b', 'gpt-4o', '/v1/chat/completions', 0.75),
      everywhere('carol', 'team-1', 'org-a', 'k-gone', 'gpt-4o', '/v1/chat/completions', 0.0625),
    ].join('\n'),
  );
  for (const [i, key] of ['k-hostile', 'k-twin-a', 'k-twin-b', 'k-gone'].entries()) {
    await db.q(
      `INSERT INTO "LiteLLM_SpendLogs" (request_id, call_type, api_key, spend, total_tokens, prompt_tokens, completion_tokens, "startTime", "endTime",
        model, model_group, custom_llm_provider, "user", metadata, team_id, organization_id, end_user, status)
      VALUES ($1, 'acompletion', $2, 0.5, 12, 10, 2, '${DAY} 13:30:00', '${DAY} 13:30:01', 'gpt-4o', 'gpt-4o', 'openai', 'carol', '{}', $3, $4, $5, 'success')`,
      [
        `hostile-${i}`,
        key,
        key === 'k-twin-a' || key === 'k-twin-b' ? 'team-2' : 'team-1',
        key === 'k-twin-a' || key === 'k-twin-b' ? 'org-b' : 'org-a',
        `cust "${key}", Zoë`,
      ],
    );
  }
  await db.q('ANALYZE');
}

/** sha256 of each export, recorded before issue 15's rework (see the header). Key: source/profile/format[/master]. */
const EXPECTED: Record<string, string> = {
  'user/lens/csv': '83ca65ffbb45215344efb7cb20dd334e8935dc926f732485d0240045cc3665ad',
  'user/lens/csv/master': '9988ee0dc4a3603f130b739c3c529fdaa52494b2af1eba52429c83647023097a',
  'user/lens/jsonl': '346a529e36adb2adc3a209720decfc84fa82c1032f6fdc8d0c9002916c9e7ba8',
  'user/lens/jsonl/master': '8ba63cdfe6f76dbee0d12e28d9501013ec28f3241da153c402293dd1ea1dd257',
  'user/ll2cz/csv': 'dd417e3ee097b5479cfd1434cb3ead4945a759d3b814f20b8d5a54ef7193cd0a',
  'user/ll2cz/jsonl': '3618d4e55e1e0bad9921d003caa1cf064f137f136b2553d014d1bf8c0488e5f2',
  'team/lens/csv': 'cbc727578b8d541d8ff4b55c86f677447ab76af001d57f73f8112e6a01713aa9',
  'team/lens/csv/master': '228211130901690fcb62570f2e8cf56020129f3cf5bcc0f4457cd72098c477a2',
  'team/lens/jsonl': '85e6bbc77ad5741bc7b9a934dad97dab7138425db93b895c13ec04d3fe9f07ef',
  'team/lens/jsonl/master': '8131f2828043a3d68944d38ada2bcc366cf4ce5e985eb054f35a057fb6e87fe9',
  'team/ll2cz/csv': '93e28bd3e87deddf85195e35464ed201591a38eb8216a7a537c32b68a1871b6c',
  'team/ll2cz/jsonl': '2d3f040ab3d294f3ffff35f157d781cc215ed184bab17b1574f57e16d819b063',
  'tag/lens/csv': '019541853446fd1784c7def890902b22e5d26f3ffe4eb154907ebc7990fc2160',
  'tag/lens/csv/master': '019541853446fd1784c7def890902b22e5d26f3ffe4eb154907ebc7990fc2160',
  'tag/lens/jsonl': '41e2e8b6ccb7dc270a0f1db54b1b96f6195c13c030021cca3451ef130cf66e92',
  'tag/lens/jsonl/master': '41e2e8b6ccb7dc270a0f1db54b1b96f6195c13c030021cca3451ef130cf66e92',
  'tag/ll2cz/csv': 'f2b5f01cd951500636d927f00931390e5baa2962eb3ead364b9468937412b6cb',
  'tag/ll2cz/jsonl': '41f29bd3badadb7aa47af61b151b3e0d14216297c7a9403cece8fe02a73c04bb',
  'org/lens/csv': '84d8af2939a4830db29fdcaa2a881248eb81ea3a3e0ea91db1902e0738b9cb00',
  'org/lens/csv/master': '84d8af2939a4830db29fdcaa2a881248eb81ea3a3e0ea91db1902e0738b9cb00',
  'org/lens/jsonl': 'e4e0fe8e6ae740d8b04b044d7e426b3307813b9e7739aa0e800395c70f8c6f3f',
  'org/lens/jsonl/master': 'e4e0fe8e6ae740d8b04b044d7e426b3307813b9e7739aa0e800395c70f8c6f3f',
  'org/ll2cz/csv': '928a7d4d72eab699458484e1bb123043bdc4e6fac1a1746b494867558f070420',
  'org/ll2cz/jsonl': '67c806531d295d14a88bac825de1cd20d9b631bee1e8f4c98b97bf1926760a50',
  'enduser/lens/csv': 'b6d0c778e5cfd1b5d84e1fefa8b89f9039a59ef47e6461ee9e210e29e0197375',
  'enduser/lens/csv/master': 'b6d0c778e5cfd1b5d84e1fefa8b89f9039a59ef47e6461ee9e210e29e0197375',
  'enduser/lens/jsonl': '5f1bdfae9cc8a5e531ea590b0217b8142baf984b9b4ce4b2903a309cd78f015c',
  'enduser/lens/jsonl/master': '5f1bdfae9cc8a5e531ea590b0217b8142baf984b9b4ce4b2903a309cd78f015c',
  'enduser/ll2cz/csv': 'efa7bf8696d78e9747faf1ad26782738be7330711cc248f508c1d0d5ebb49588',
  'enduser/ll2cz/jsonl': '9aeea0f56e9792b6d201bf44c1a6c944ebdba6579c08e665d77a014bb917b1a8',
  'logs/lens/csv': 'e7112caa9fd02d02664d585ec5e206a143135f1403f869ac39e6271cad239b49',
  'logs/lens/csv/master': '91a1a488fe8001ee4fdea9d9c8fad3f9abd150a2e74acf6352e0c9f95d055dc4',
  'logs/lens/jsonl': '1a2eddbc6fecfc7c2049aba29baa21193156d30735556a9488e1df0b9aa6d514',
  'logs/lens/jsonl/master': 'bce37cf9ba9c8c3f425b711a420df798b779684cf2cd796fa674c4820de2d301',
  'logs/ll2cz/csv': '5e03d9e8aec3b2ae4a0586f66d419b6278670668ffa4d725063334bf9b0aa2ab',
  'logs/ll2cz/jsonl': 'c284137f42467bc084c5b430a17c9a27245266d369b9cd6886a5934010bf34bb',
};

describe('CBF export bytes (issue 15: the pipeline may change, the output may not)', () => {
  let fx: FixtureDb;
  let db: LensDatabase;
  let dir: string;

  before(async () => {
    fx = await createRequestTimeFixture();
    await addHostileRows(fx);
    db = await openDatabase({ url: fx.url });
    dir = await mkdtemp(join(tmpdir(), 'cbf-bytes-'));
  });
  after(async () => {
    await db?.close();
    await fx?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  async function exported(source: (typeof CBF_SOURCES)[number], profile: CbfProfile, format: CbfFormat, master: boolean): Promise<string> {
    const out = join(dir, `${source}-${profile}-${master ? 'master' : 'plain'}.${format}`);
    await exportCbf(db, {
      selection: { source, profile, from: FROM, to: TO },
      format,
      out,
      masterKeyHash: master ? MASTER_HASH : undefined,
    });
    return readFile(out, 'utf8');
  }

  test('every source × profile × format (lens also with the master key) gives the recorded bytes', async () => {
    const actual: Record<string, string> = {};
    for (const source of CBF_SOURCES) {
      for (const profile of ['lens', 'll2cz'] as const) {
        for (const format of ['csv', 'jsonl'] as const) {
          for (const master of profile === 'lens' ? [false, true] : [false]) {
            const text = await exported(source, profile, format, master);
            assert.ok(text.split('\n').length > 5, `${source}/${profile}/${format}: the fixture yields rows`);
            actual[`${source}/${profile}/${format}${master ? '/master' : ''}`] = createHash('sha256').update(text).digest('hex');
          }
        }
      }
    }
    assert.deepEqual(actual, EXPECTED);
  });

  for (const format of ['csv', 'jsonl'] as const) {
    const rowsOf = (text: string): CbfRow[] =>
      format === 'csv'
        ? (parse(text, { columns: true }) as CbfRow[]).map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== '')))
        : text
            .split('\n')
            .filter(Boolean)
            .map((l) => JSON.parse(l) as CbfRow);

    test(`${format}: twin identities that differ in one tag value keep their own value on every row`, async () => {
      // ll2cz: the twins differ only in key_name; every row of each twin's cost carries its own name.
      const ll2cz = rowsOf(await exported('user', 'll2cz', format, false)).filter(
        (r) => r['resource/tag:user_alias'] === 'Zoë "Z", Ñandú' && r['time/usage_start'].startsWith(DAY),
      );
      const byName = (name: string) => ll2cz.filter((r) => r['resource/tag:key_name'] === name);
      assert.deepEqual(
        byName('sk-...aaaa').map((r) => r['cost/cost']),
        ['0.5'],
      );
      assert.deepEqual(
        byName('sk-...bbbb').map((r) => r['cost/cost']),
        ['0.75'],
      );
      const tagsOf = (r: CbfRow) =>
        Object.entries(r).filter(([k]) => k.startsWith('resource/tag:') && k !== 'resource/tag:key_name' && !/requests|tokens/.test(k));
      assert.deepEqual(tagsOf(byName('sk-...aaaa')[0]), tagsOf(byName('sk-...bbbb')[0]), 'the twins differ in key_name only');
      // lens: one key, one model, two model groups; each row keeps its own model_group tag and resource.
      for (const source of ['user', 'team', 'org', 'tag', 'enduser', 'logs'] as const) {
        const lens = rowsOf(await exported(source, 'lens', format, false)).filter((r) => r['resource/tag:key_id'] === 'k-hostile');
        const groups = new Map(lens.map((r) => [r['resource/tag:model_group'], r]));
        if (source === 'logs') {
          assert.deepEqual([...groups.keys()], ['gpt-4o'], 'logs: one request under gpt-4o');
          continue;
        }
        assert.deepEqual([...groups.keys()].sort(), ['gpt-4o', 'gpt-4o-eu'], source);
        const [a, b] = [groups.get('gpt-4o') as CbfRow, groups.get('gpt-4o-eu') as CbfRow];
        assert.equal(a['cost/cost'], '0.25', source);
        assert.equal(b['cost/cost'], '0.125', source);
        assert.notEqual(a['resource/id'], b['resource/id'], `${source}: identities differing only in model group have different resources`);
        assert.equal(a['resource/tag:key_alias'], LONG_ALIAS, `${source}: the hostile alias is written exactly`);
        const differing = Object.keys({ ...a, ...b }).filter((k) => k.startsWith('resource/') && a[k] !== b[k]);
        assert.deepEqual(
          differing.sort(),
          ['resource/id', 'resource/tag:model_group'],
          `${source}: only the model group tag (and the id) differ`,
        );
      }
    });
  }

  // Last: it drops indexes of the fixture. Without an index leading with the date (or "startTime") the sources read
  // the range in one sorted statement instead of bucket by bucket; the rows and their order must not change.
  test('without the date indexes (one sorted read instead of day buckets) every export gives the same bytes', async () => {
    const indexes = await fx.q(
      `SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND (indexdef LIKE '%(date)%' OR indexdef LIKE '%("startTime")%')`,
    );
    assert.ok(indexes.length >= 6, "the fixture has the daily tables' and SpendLogs' date indexes");
    for (const { indexname } of indexes) await fx.q(`DROP INDEX "${String(indexname)}"`);
    for (const source of CBF_SOURCES) {
      for (const profile of ['lens', 'll2cz'] as const) {
        const text = await exported(source, profile, 'csv', false);
        assert.equal(createHash('sha256').update(text).digest('hex'), EXPECTED[`${source}/${profile}/csv`], `${source}/${profile}`);
      }
    }
  });
});
