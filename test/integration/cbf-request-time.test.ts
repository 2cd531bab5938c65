// Issue 14: the lens CBF export puts money on the team and organisation of the request, as LiteLLM recorded them.
// Fixtures are the demo generator's rows, written the way LiteLLM 1.83 writes them (facts 1-8), on the 1.83
// schema with LiteLLM_DailyOrganizationSpend starting 20 days into the period, and on the early-2025 schema.
// Every sum is compared in PostgreSQL numeric against the daily tables, per (day, key, team / organisation).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { exportCbf } from '../../src/core/cbf/export';
import { MASTER_KEY_ALIAS } from '../../src/core/cbf/profiles/lens';
import type { CbfRow, CbfSource } from '../../src/core/cbf/types';
import { hashMasterKey, MASTER_KEY_LITERAL } from '../../src/core/db/masterKey';
import { DEMO_MASTER_KEY } from '../../src/core/demo/gen/cast';
import { runCliCapture } from '../support/runCliCapture';
import { type EngineFixture, openEngineFixture } from '../support/engineFixture';

const ORG_STARTS_AFTER_DAYS = 20;
const MASTER_HASH = hashMasterKey(DEMO_MASTER_KEY);

function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

for (const version of ['1.83', 'early-2025'] as const) {
  describe(`CBF lens: request-time team and organisation (schema ${version})`, () => {
    const hasOrgTable = version === '1.83';
    let fx: EngineFixture;
    let from: string;
    let to: string;
    let orgFrom: string;

    before(async () => {
      const start = addDays('2026-10-31', -89);
      orgFrom = addDays(start, ORG_STARTS_AFTER_DAYS);
      fx = await openEngineFixture({ version, seed: { dailyFirstDays: { LiteLLM_DailyOrganizationSpend: orgFrom } } }, 'cbf-request-time-');
      ({ from, to } = fx.tdb.summary);
      assert.equal(from, start);
    });
    after(() => fx?.close());

    async function exportRows(source: CbfSource, masterKeyHash?: string): Promise<{ rows: CbfRow[]; text: string; notes: string[] }> {
      const out = join(fx.dir, `${source}-${masterKeyHash ? 'master' : 'plain'}.jsonl`);
      const notes: string[] = [];
      await exportCbf(fx.db, {
        selection: { source, profile: 'lens', from, to },
        format: 'jsonl',
        out,
        capabilities: fx.caps,
        masterKeyHash,
        onNote: (n) => notes.push(n),
      });
      const text = await readFile(out, 'utf8');
      return {
        rows: text
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as CbfRow),
        text,
        notes,
      };
    }

    /** The export's cost per (day, key, <tag>) next to the daily table's spend per (date, api_key, <column>); rows that differ. */
    async function mismatches(rows: CbfRow[], tag: string, table: string, column: string, where = 'TRUE'): Promise<unknown[]> {
      const { rows: bad } = await fx.tdb.admin.query(
        `WITH f AS (SELECT d, k, e, SUM(c::numeric) AS s FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS x(d, k, e, c) GROUP BY 1, 2, 3),
              t AS (SELECT date AS d, api_key AS k, COALESCE("${column}", '') AS e, SUM(spend::numeric) AS s FROM "${table}" GROUP BY 1, 2, 3)
         SELECT d, k, e, f.s AS exported, t.s AS daily FROM f FULL JOIN t USING (d, k, e)
         WHERE ${where} AND abs(COALESCE(f.s, 0) - COALESCE(t.s, 0)) > 1e-9`,
        [
          rows.map((r) => r['time/usage_start'].slice(0, 10)),
          rows.map((r) => r['resource/tag:key_id'] ?? ''),
          rows.map((r) => r[tag] ?? ''),
          rows.map((r) => r['cost/cost']),
        ],
      );
      return bad;
    }

    /** Σ cost per tag value (absent = ''), exact. */
    async function sumsPer(rows: CbfRow[], tag: string, filter: (r: CbfRow) => boolean = () => true): Promise<Record<string, string>> {
      const kept = rows.filter(filter);
      const { rows: out } = await fx.tdb.admin.query<{ e: string; s: string }>(
        'SELECT e, SUM(c::numeric)::text AS s FROM unnest($1::text[], $2::text[]) AS x(e, c) GROUP BY e ORDER BY e',
        [kept.map((r) => r[tag] ?? ''), kept.map((r) => r['cost/cost'])],
      );
      return Object.fromEntries(out.map((r) => [r.e, r.s]));
    }

    async function tableSums(table: string, column: string, where = 'TRUE'): Promise<Record<string, string>> {
      const { rows } = await fx.tdb.admin.query<{ e: string; s: string }>(
        `SELECT COALESCE("${column}", '') AS e, SUM(spend::numeric)::text AS s FROM "${table}" WHERE ${where} GROUP BY 1 ORDER BY 1`,
      );
      return Object.fromEntries(rows.map((r) => [r.e, r.s]));
    }

    function assertSameSums(actual: Record<string, string>, expected: Record<string, string>, what: string): void {
      assert.deepEqual(Object.keys(actual).sort(), Object.keys(expected).sort(), `${what}: the same ids`);
      for (const [id, s] of Object.entries(expected)) {
        assert.ok(Math.abs(Number(actual[id]) - Number(s)) <= 1e-9, `${what} ${id}: exported ${actual[id]} vs table ${s}`);
      }
    }

    test('user export: Σ cost per team_id = Σ DailyTeamSpend per team, per day and key too (moves and same-day splits)', async () => {
      const { rows } = await exportRows('user');
      assertSameSums(await sumsPer(rows, 'resource/tag:team_id'), await tableSums('LiteLLM_DailyTeamSpend', 'team_id'), 'team');
      assert.deepEqual(await mismatches(rows, 'resource/tag:team_id', 'LiteLLM_DailyTeamSpend', 'team_id'), []);
      // The fixture holds a key that moved team mid-period, with both teams on the day of the move.
      const { rows: split } = await fx.tdb.admin.query<{ d: string; k: string }>(
        `SELECT date AS d, api_key AS k FROM "LiteLLM_DailyTeamSpend" GROUP BY 1, 2 HAVING count(DISTINCT team_id) > 1`,
      );
      assert.ok(split.length > 0, 'a key whose spend went to two teams on one day');
      const { d, k } = split[0];
      const teamsThatDay = new Set(
        rows.filter((r) => r['resource/tag:key_id'] === k && r['time/usage_start'].startsWith(d)).map((r) => r['resource/tag:team_id']),
      );
      assert.equal(teamsThatDay.size, 2, 'the user rows of that day are split between both teams');
      const { rows: current } = await fx.tdb.admin.query<{ team_id: string }>(
        'SELECT team_id FROM "LiteLLM_VerificationToken" WHERE token = $1',
        [k],
      );
      const old = rows.filter((r) => r['resource/tag:key_id'] === k && r['resource/tag:team_id'] !== current[0].team_id);
      assert.ok(old.length > 0 && old.every((r) => r['time/usage_start'].slice(0, 10) <= d), 'old team kept on the rows before the move');
    });

    test(
      'user export: Σ cost per organization_id = Σ DailyOrganizationSpend per organisation where the table covers the period',
      { skip: !hasOrgTable && 'no LiteLLM_DailyOrganizationSpend before Nov 2025' },
      async () => {
        const { rows } = await exportRows('user');
        const covered = (r: CbfRow): boolean => r['time/usage_start'].slice(0, 10) >= orgFrom;
        const exported = await sumsPer(rows, 'resource/tag:organization_id', covered);
        delete exported[''];
        assertSameSums(exported, await tableSums('LiteLLM_DailyOrganizationSpend', 'organization_id'), 'organisation');
        assert.deepEqual(
          await mismatches(
            rows,
            'resource/tag:organization_id',
            'LiteLLM_DailyOrganizationSpend',
            'organization_id',
            `e <> '' AND d >= '${orgFrom}'`,
          ),
          [],
        );
        // Coverage (fact 4): before the table's first row the organisation is the key's current one, flagged.
        const { rows: first } = await fx.tdb.admin.query<{ d: string }>('SELECT min(date) AS d FROM "LiteLLM_DailyOrganizationSpend"');
        assert.equal(first[0].d, orgFrom);
        assert.ok(
          rows.filter((r) => !covered(r)).every((r) => r['lineitem/description'].endsWith(' attribution=key')),
          'fallback flagged before coverage',
        );
        assert.ok(
          rows.filter(covered).every((r) => !r['lineitem/description'].includes('attribution=')),
          'request-time values once covered',
        );
        // A teamless key whose organisation changed: both organisations appear on its rows, the old one not from the key row.
        const { rows: moved } = await fx.tdb.admin.query<{ k: string; org: string }>(
          `SELECT o.api_key AS k, vt.organization_id AS org FROM "LiteLLM_DailyOrganizationSpend" o JOIN "LiteLLM_VerificationToken" vt ON vt.token = o.api_key
          WHERE vt.team_id IS NULL GROUP BY 1, 2 HAVING count(DISTINCT o.organization_id) > 1`,
        );
        assert.equal(moved.length, 1, 'the fixture has a teamless key that changed organisation');
        const orgs = new Set(
          rows.filter((r) => covered(r) && r['resource/tag:key_id'] === moved[0].k).map((r) => r['resource/tag:organization_id']),
        );
        assert.ok(orgs.size === 2 && orgs.has(moved[0].org), `both organisations: ${[...orgs].join(', ')}`);
      },
    );

    test(
      "early-2025: no organisation table, so every row's organisation is the key's current one and says so",
      { skip: hasOrgTable && 'the table exists' },
      async () => {
        const { rows, notes } = await exportRows('user');
        assert.ok(rows.length > 0 && rows.every((r) => r['lineitem/description'].endsWith(' attribution=key')));
        assert.ok(notes.some((n) => n.includes('LiteLLM_DailyOrganizationSpend is absent')));
      },
    );

    test("a regenerated key: rows under its old hash get the live key's owner and alias through DeprecatedVerificationToken", async () => {
      const { rows: keys } = await fx.tdb.admin.query<{ token: string; key_alias: string; user_id: string }>(
        `SELECT token, key_alias, user_id FROM "LiteLLM_VerificationToken" WHERE rotation_count > 0`,
      );
      assert.equal(keys.length, 1);
      const { rows: teamRows } = await exportRows('team');
      // The regeneration's audit row holds the old hash (key_management_endpoints.py audits the token change).
      const { rows: audit } = await fx.tdb.admin.query<{ old: string }>(
        `SELECT before_value->>'token' AS old FROM "LiteLLM_AuditLog" WHERE object_id = $1 AND before_value ? 'token'`,
        [keys[0].token],
      );
      assert.equal(audit.length, 1);
      const viaOld = teamRows.filter((r) => r['resource/tag:key_id'] === audit[0].old);
      assert.ok(viaOld.length > 0, 'daily rows under the old hash');
      if (version === '1.83') {
        const { rows: dep } = await fx.tdb.admin.query<{ token: string }>(
          'SELECT token FROM "LiteLLM_DeprecatedVerificationToken" WHERE active_token_id = $1',
          [keys[0].token],
        );
        assert.deepEqual(
          dep.map((r) => r.token),
          [audit[0].old],
        );
        assert.ok(viaOld.every((r) => r['resource/tag:key_alias'] === keys[0].key_alias && r['resource/tag:user_id'] === keys[0].user_id));
      } else {
        // No DeprecatedVerificationToken before 1.83: the old hash names no key.
        assert.ok(viaOld.every((r) => r['resource/tag:key_alias'] === undefined && r['resource/tag:user_id'] === undefined));
      }
    });

    test('master-key spend stored as its hash: labelled with --master-key-env, the key and its hash never written', async () => {
      const { rows: logged } = await fx.tdb.admin.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM "LiteLLM_DailyUserSpend" WHERE api_key = $1',
        [MASTER_HASH],
      );
      assert.ok(logged[0].n > 0, "master-key spend is stored under the key's SHA-256 hash");
      const plain = await exportRows('user');
      assert.ok(
        plain.rows.some((r) => r['resource/tag:key_id'] === MASTER_HASH && r['resource/tag:key_alias'] === undefined),
        'unlabelled without the key',
      );
      const labelled = await exportRows('user', MASTER_HASH);
      const master = labelled.rows.filter((r) => r['resource/tag:key_id'] === MASTER_KEY_LITERAL);
      assert.ok(master.length > 0 && master.every((r) => r['resource/tag:key_alias'] === MASTER_KEY_ALIAS));
      assert.ok(
        !labelled.text.includes(MASTER_HASH) && !labelled.text.includes(DEMO_MASTER_KEY),
        'neither the hash nor the key in the file',
      );
      // Relabelling moves no money between teams.
      assertSameSums(
        await sumsPer(labelled.rows, 'resource/tag:team_id'),
        await tableSums('LiteLLM_DailyTeamSpend', 'team_id'),
        'team (labelled)',
      );

      const out = join(fx.dir, 'cli-master.csv');
      const cli = await runCliCapture(
        [
          'export',
          '--db',
          fx.tdb.url,
          '--master-key-env',
          'LENS_TEST_MASTER',
          '--source',
          'user',
          '--from',
          from,
          '--to',
          to,
          '--out',
          out,
          '--json',
        ],
        { LENS_TEST_MASTER: DEMO_MASTER_KEY },
      );
      assert.equal(cli.code, 0, cli.stderr);
      const text = await readFile(out, 'utf8');
      assert.ok(text.includes(MASTER_KEY_ALIAS));
      for (const secret of [DEMO_MASTER_KEY, MASTER_HASH]) {
        assert.ok(!text.includes(secret) && !cli.stdout.includes(secret) && !cli.stderr.includes(secret), 'nothing printed or written');
      }
      const missing = await runCliCapture([
        'export',
        '--db',
        fx.tdb.url,
        '--master-key-env',
        'LENS_TEST_UNSET',
        '--source',
        'user',
        '--from',
        from,
        '--to',
        to,
        '--out',
        join(fx.dir, 'x.csv'),
      ]);
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /LENS_TEST_UNSET is not set/);
    });
  });
}
