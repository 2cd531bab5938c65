import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { loadAnalyses } from '../../src/core/analyses/loadAnalyses';
import { runCliCapture } from '../support/runCliCapture';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

const LIBRARY_SIZE = loadAnalyses({ workspaceDirs: [] }).length;
const HOSTILE = `'; DROP TABLE "LiteLLM_SpendLogs"; --`;

interface Listed {
  id: string;
  runnable: boolean | null;
  missing: string[];
  absent: string[];
  origin: string;
}

describe('litellm-lens analyses', () => {
  let recent: TestDatabase;
  let early: TestDatabase;
  let dir: string;
  const cli = (db: TestDatabase | null, ...args: string[]) => runCliCapture(db ? [...args, '--db', db.url] : args);
  const spendLogRows = async () => Number((await recent.admin.query('SELECT count(*) AS n FROM "LiteLLM_SpendLogs"')).rows[0].n);

  before(async () => {
    [recent, early] = await Promise.all([createTestDatabase({ version: '1.83' }), createTestDatabase({ version: 'early-2025' })]);
    dir = mkdtempSync(join(tmpdir(), 'lens-cli-analyses-'));
    writeFileSync(
      join(dir, 'team-by-alias.sql'),
      [
        '-- name: Team by alias',
        '-- param: alias text',
        '-- requires: LiteLLM_TeamTable(team_id, team_alias)',
        'SELECT team_id, team_alias FROM "LiteLLM_TeamTable" WHERE team_alias = $1',
      ].join('\n'),
    );
    writeFileSync(join(dir, 'purge.sql'), '-- name: Purge logs\n-- requires: LiteLLM_SpendLogs\nDELETE FROM "LiteLLM_SpendLogs"\n');
  });
  after(async () => {
    await Promise.all([recent?.drop(), early?.drop()]);
    rmSync(dir, { recursive: true, force: true });
  });

  test('list says what runs on each schema version', async () => {
    const r = await cli(early, 'analyses', 'list', '--json');
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as { generation: string; analyses: Listed[] };
    assert.equal(doc.generation, 'early-2025');
    assert.equal(doc.analyses.length, LIBRARY_SIZE);
    const byId = new Map(doc.analyses.map((a) => [a.id, a]));
    assert.equal(byId.get('top-users')?.runnable, true);
    assert.equal(byId.get('org-rollup')?.runnable, true);
    assert.deepEqual(byId.get('org-rollup')?.absent, ['LiteLLM_DailyOrganizationSpend']);
    assert.deepEqual(byId.get('transaction-detail')?.absent, ['LiteLLM_SpendLogs.organization_id']);

    const text = await cli(recent, 'analyses', 'list');
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^ID\s+RUNNABLE\s+NAME$/m);
    assert.match(text.stdout, /^org-rollup\s+yes\s+Organisation rollup/m);
    const earlyText = await cli(early, 'analyses', 'list');
    assert.match(earlyText.stdout, /^org-rollup\s+yes\s+.*\(runs without LiteLLM_DailyOrganizationSpend\)$/m);
  });

  test('list works without a database and includes --workspace folders', async () => {
    const r = await runCliCapture(['analyses', 'list', '--json', '--workspace', dir]);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as { analyses: Listed[] };
    assert.equal(doc.analyses.length, LIBRARY_SIZE + 2);
    assert.ok(doc.analyses.every((a) => a.runnable === null));
    assert.equal(doc.analyses.find((a) => a.id === 'purge')?.origin, 'workspace');
  });

  test('run prints a table by default and streams CSV or JSON with every row', async () => {
    const params = ['--param', 'from=2026-08-03', '--param', 'to=2026-10-31'];
    const text = await cli(recent, 'analyses', 'run', 'daily-spend-trend', ...params, '--max-rows', '5');
    assert.equal(text.code, 0, text.stderr);
    assert.equal(text.stdout.trimEnd().split('\n').length, 2 + 5);
    assert.match(text.stderr, /5 row\(s\) shown \(more exist/);

    const csv = await cli(recent, 'analyses', 'run', 'daily-spend-trend', ...params, '--format', 'csv');
    assert.equal(csv.code, 0, csv.stderr);
    const rows = parse(csv.stdout, { columns: true }) as Record<string, string>[];
    assert.equal(rows.length, 90);
    const [daily] = (
      await recent.admin.query(`SELECT SUM(spend) AS s FROM "LiteLLM_DailyUserSpend" WHERE "date" BETWEEN '2026-08-03' AND '2026-10-31'`)
    ).rows;
    assert.ok(Math.abs(rows.reduce((s, r) => s + Number(r.spend), 0) - Number(daily.s)) < 1e-9);

    const json = await cli(recent, 'analyses', 'run', 'top-users', ...params, '--param', 'limit=3', '--json');
    assert.equal(json.code, 0, json.stderr);
    const top = JSON.parse(json.stdout) as { spend: number }[];
    assert.equal(top.length, 3);
    assert.ok(top[0].spend >= top[1].spend && top[1].spend >= top[2].spend);
  });

  test('an analysis this LiteLLM version cannot run exits 4 and names what is missing', async () => {
    // Every shipped analysis runs on early-2025 (analyses-optional.test.ts); one that cannot mean anything
    // without a newer table still refuses.
    const own = mkdtempSync(join(tmpdir(), 'lens-cli-needs-'));
    try {
      writeFileSync(
        join(own, 'org-daily.sql'),
        '-- name: Org daily\n-- requires: LiteLLM_DailyOrganizationSpend(date, spend)\nSELECT "date", spend FROM "LiteLLM_DailyOrganizationSpend"\n',
      );
      const r = await cli(early, 'analyses', 'run', 'org-daily', '--workspace', own);
      assert.equal(r.code, 4);
      assert.match(r.stderr, /org-daily.*needs LiteLLM_DailyOrganizationSpend/);
      const json = await cli(early, 'analyses', 'run', 'org-daily', '--workspace', own, '--json');
      assert.equal(json.code, 4);
      assert.equal((JSON.parse(json.stdout) as { error: { kind: string } }).error.kind, 'schema');
    } finally {
      rmSync(own, { recursive: true, force: true });
    }
  });

  test('usage errors exit 2', async () => {
    for (const args of [
      ['analyses', 'run', 'no-such-analysis'],
      ['analyses', 'run', 'top-users', '--param', 'bogus=1'],
      ['analyses', 'run', 'top-users', '--param', 'from=2026-02-30'],
      ['analyses', 'run', 'top-users', '--param', 'from'],
      ['analyses', 'run', 'top-users', '--format', 'xml'],
      ['analyses', 'run'],
      ['analyses', 'frobnicate'],
    ]) {
      const r = await cli(recent, ...args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    }
  });

  test('user analyses bind hostile values and cannot write', async () => {
    const before = await spendLogRows();
    const bound = await cli(
      recent,
      'analyses',
      'run',
      'team-by-alias',
      '--workspace',
      dir,
      '--param',
      `alias=${HOSTILE}`,
      '--format',
      'json',
    );
    assert.equal(bound.code, 0, bound.stderr);
    assert.deepEqual(JSON.parse(bound.stdout), []);
    const write = await cli(recent, 'analyses', 'run', 'purge', '--workspace', dir);
    assert.equal(write.code, 1);
    assert.match(write.stderr, /Refused: LiteLLM Lens sessions are read-only/);
    assert.equal(await spendLogRows(), before);
  });
});
