import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import type { CliContext, OptionValues } from '../../src/cli/command';
import { attributionCommand } from '../../src/cli/commands/attribution';
import { TREE_CSV_COLUMNS } from '../../src/core/attribution/csv';
import type { AttributionResult } from '../../src/core/attribution/types';
import { openDatabase, type LensDatabase } from '../../src/core/db/database';
import { LensError } from '../../src/core/errors';
import { Capabilities } from '../../src/core/schema/capabilities';
import { introspect } from '../../src/core/schema/introspect';
import { ATTRIBUTION_JSON_KEYS } from '../support/attributionKeys';
import { runCliCapture } from '../support/runCliCapture';
import { formatShare, formatUsd, oneLine } from '../../src/shared/format';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

const FROM = '2026-10-01';
const TO = '2026-10-31';

/** The context the CLI's main gives a command, on a real database, with captured output. */
function cliContext(url: string, json = false, env: NodeJS.ProcessEnv = {}, tty = false) {
  let db: LensDatabase | undefined;
  let caps: Capabilities | undefined;
  let out = '';
  let err = '';
  const stdout = Object.assign(new PassThrough(), tty ? { isTTY: true } : {});
  const stderr = new PassThrough();
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const ctx: CliContext = {
    stdout,
    stderr,
    env,
    json,
    signal: new AbortController().signal,
    async openDatabase() {
      db ??= await openDatabase({ url });
      return db;
    },
    async openSchema() {
      caps ??= new Capabilities(await introspect(await ctx.openDatabase()));
      return caps;
    },
    progress: (m) => stderr.write(`${m}\n`),
  };
  return { ctx, out: () => out, err: () => err, close: () => db?.close() };
}

describe('litellm-lens attribution', () => {
  let t: TestDatabase;
  const run = async (values: OptionValues, json = false, env: NodeJS.ProcessEnv = {}, tty = false) => {
    const c = cliContext(t.url, json, env, tty);
    try {
      await attributionCommand.run(values, [], c.ctx);
      return { stdout: c.out(), stderr: c.err() };
    } finally {
      await c.close();
    }
  };

  before(async () => {
    t = await createTestDatabase({ version: '1.83' });
  });
  after(async () => {
    await t?.drop();
  });

  test('JSON: one document with the tree, reconciliation, budgets and trend', async () => {
    const { stdout } = await run({ from: FROM, to: TO }, true);
    const result = JSON.parse(stdout) as AttributionResult;
    const { rows } = await t.admin.query(
      `SELECT sum(spend)::float8 AS spend FROM "LiteLLM_DailyUserSpend" WHERE date >= $1 AND date <= $2`,
      [FROM, TO],
    );
    assert.ok(Math.abs(result.tree.spend - rows[0].spend) <= 1e-9 * rows[0].spend);
    assert.deepEqual(Object.keys(result), ATTRIBUTION_JSON_KEYS);
    assert.deepEqual(result.period, { from: FROM, to: TO, days: 31 });
    assert.equal(result.trend.days.length, 31);
    assert.ok(result.tags.every((x) => x.overlapping === true));
  });

  test('--budget-timezone and --master-key-env: windows in that zone, master-key spend labelled, the key never printed', async () => {
    const [token] = (
      await t.admin.query(
        `SELECT api_key FROM "LiteLLM_DailyUserSpend" WHERE api_key <> '' AND api_key <> 'litellm_proxy_master_key' ORDER BY spend DESC LIMIT 1`,
      )
    ).rows;
    // Pretend the busiest key's hash is the master key's: give the CLI a key whose SHA-256 is that token.
    await t.admin.query(`UPDATE "LiteLLM_DailyUserSpend" SET api_key = encode(sha256('sk-cli-master'::bytea), 'hex') WHERE api_key = $1`, [
      token.api_key,
    ]);
    try {
      // --master-key-env is a global option: through the CLI's own entry point, as a user runs it.
      const { code, stdout, stderr } = await runCliCapture(
        [
          'attribution',
          '--db',
          t.url,
          '--from',
          FROM,
          '--to',
          TO,
          '--budget-timezone',
          'Asia/Kolkata',
          '--master-key-env',
          'LENS_MASTER',
          '--json',
        ],
        { LENS_MASTER: 'sk-cli-master' },
      );
      assert.equal(code, 0, stderr);
      const result = JSON.parse(stdout) as AttributionResult;
      assert.equal(result.budgetTimezone, 'Asia/Kolkata');
      const keys: AttributionResult['tree'][] = [];
      const visit = (n: AttributionResult['tree']) => (n.level === 'key' ? keys.push(n) : n.children.forEach(visit));
      visit(result.tree);
      const master = keys.filter((k) => k.status === 'master-key' && k.id !== 'litellm_proxy_master_key');
      assert.ok(master.length > 0 && master.every((k) => k.name === '(master key)'));
      assert.ok(!stdout.includes('sk-cli-master') && !stderr.includes('sk-cli-master'), 'the master key is never printed');
    } finally {
      await t.admin.query(
        `UPDATE "LiteLLM_DailyUserSpend" SET api_key = $1 WHERE api_key = encode(sha256('sk-cli-master'::bytea), 'hex')`,
        [token.api_key],
      );
    }
  });

  test('CSV: the flattened tree, parents first, plain decimals, hostile aliases intact', async () => {
    const { stdout } = await run({ from: FROM, to: TO, format: 'csv' });
    const json = JSON.parse((await run({ from: FROM, to: TO })).stdout) as AttributionResult;
    const records = parse(stdout, { columns: true }) as Record<string, string>[];
    assert.deepEqual(Object.keys(records[0]), [...TREE_CSV_COLUMNS]);
    assert.equal(records[0].level, 'total');
    assert.equal(Number(records[0].spend), json.tree.spend);
    const count = (n: AttributionResult['tree']): number => 1 + n.children.reduce((s, c) => s + count(c), 0);
    assert.equal(records.length, count(json.tree));
    for (const r of records) {
      for (const column of TREE_CSV_COLUMNS.slice(6)) assert.match(r[column], /^-?\d+(\.\d+)?$/, `${column} = ${r[column]}`);
    }
    assert.ok(
      records.some((r) => r.level === 'key' && r.name === 'ml-batch\nnightly'),
      'newline inside a quoted field',
    );
    const seen = new Set<string>();
    for (const r of records) {
      if (r.level !== 'total') {
        assert.ok(seen.has(r.path.includes('/') ? r.path.slice(0, r.path.lastIndexOf('/')) : ''), `parent of ${r.path} comes first`);
      }
      seen.add(r.path);
    }
  });

  test('text: an indented tree with money and shares that add up to the JSON figures; the default on a terminal only', async () => {
    const json = JSON.parse((await run({ from: FROM, to: TO })).stdout) as AttributionResult;
    const { stdout } = await run({ from: FROM, to: TO, format: 'text', top: '3' });
    const lines = stdout.split('\n');
    assert.equal(lines[0], `Spend ${FROM} … ${TO} (31 days, daily basis)`);
    const total = lines.find((l) => /^\s*\$[\d,.]+\s+Total {2}\(/.test(l));
    assert.ok(total, stdout.slice(0, 400));
    assert.equal(total!.trim().split(/\s+/)[0], formatUsd(json.tree.spend), 'the total as money');
    const orgs = [...json.tree.children].sort((a, b) => b.spend - a.spend);
    const first = lines.find((l) => l.includes(`  org ${oneLine(orgs[0].name)}  (`));
    assert.ok(first, 'the biggest organisation, indented one level');
    assert.equal(
      first!
        .trim()
        .split(/\s{2,}/)
        .slice(0, 2)
        .join(' | '),
      `${formatUsd(orgs[0].spend)} | ${formatShare(orgs[0].share)}`,
      first,
    );
    assert.ok(
      lines.some((l) => /% {6}team /.test(l)),
      'teams one level deeper than organisations',
    );
    assert.ok(
      lines.some((l) => /% {8}user /.test(l)),
      'users one level deeper still',
    );
    assert.ok(!lines.some((l) => / (key|model) /.test(l)), 'keys and models are left to json and csv');
    if (orgs.length > 3) {
      assert.ok(
        lines.some((l) => l.includes(`… ${orgs.length - 3} more`)),
        'the rest summed on one line',
      );
    }
    assert.match(
      lines.find((l) => l.startsWith('Reconciliation:'))!,
      /^Reconciliation: (all \d+ checks agree or are explained\.|\d+ of \d+ checks unexplained:)$/,
    );

    assert.equal((await run({ from: FROM, to: TO }, false, {}, true)).stdout.split('\n')[0], lines[0], 'a terminal gets text by default');
    const piped = (await run({ from: FROM, to: TO }, false, {}, false)).stdout;
    assert.doesNotThrow(() => JSON.parse(piped), 'a pipe still gets JSON');
    const forced = (await run({ from: FROM, to: TO }, true, {}, true)).stdout;
    assert.doesNotThrow(() => JSON.parse(forced), '--json wins on a terminal');
  });

  test('request basis: a note on stderr when SpendLogs cover only part of the period', async () => {
    const { stdout, stderr } = await run({ from: '2026-08-03', to: TO, basis: 'requests' });
    const result = JSON.parse(stdout) as AttributionResult;
    assert.equal(result.basis, 'requests');
    assert.match(stderr, /SpendLogs cover only part of the period \(from 2026-09-0\d\)/);
  });

  test('without LiteLLM_SpendLogs: the daily basis degrades and says so, the request basis is a schema error (exit 4)', async () => {
    const db = await createTestDatabase({ version: 'early-2025' });
    try {
      await db.admin.query('DROP TABLE "LiteLLM_SpendLogs" CASCADE');
      const c = cliContext(db.url);
      try {
        await attributionCommand.run({ from: FROM, to: TO }, [], c.ctx);
        const result = JSON.parse(c.out()) as AttributionResult;
        assert.ok(result.schema.missing.includes('LiteLLM_SpendLogs'));
        assert.equal(result.spendLogs.available, false);
        assert.equal(result.reconciliation.totals.spendLogs, null);
        assert.match(c.err(), /note: No LiteLLM_SpendLogs/);
        await assert.rejects(
          attributionCommand.run({ from: FROM, to: TO, basis: 'requests' }, [], c.ctx),
          (e: unknown) => e instanceof LensError && e.kind === 'schema' && e.exitCode === 4 && /LiteLLM_SpendLogs/.test(e.message),
        );
      } finally {
        await c.close();
      }
    } finally {
      await db.drop();
    }
  });

  for (const [values, json, message] of [
    [{ to: TO }, false, /Missing --from/],
    [{ from: '2026-02-30', to: TO }, false, /Invalid --from "2026-02-30"/],
    [{ from: TO, to: FROM }, false, /is after --to/],
    [{ from: FROM, to: TO, basis: 'hourly' }, false, /Unknown --basis hourly/],
    [{ from: FROM, to: TO, format: 'xml' }, false, /Unknown --format xml/],
    [{ from: FROM, to: TO, format: 'csv' }, true, /cannot be combined with --format csv/],
    [{ from: FROM, to: TO, format: 'text' }, true, /cannot be combined with --format text/],
    [{ from: FROM, to: TO, top: '0' }, false, /Invalid --top 0/],
    [{ from: FROM, to: TO, 'budget-timezone': 'Europe/Atlantis' }, false, /Unknown budget timezone "Europe\/Atlantis"/],
  ] as [OptionValues, boolean, RegExp][]) {
    test(`usage error (exit 2): ${message.source}`, async () => {
      await assert.rejects(
        run(values, json),
        (e: unknown) => e instanceof LensError && e.kind === 'usage' && e.exitCode === 2 && message.test(e.message),
      );
    });
  }
  test('usage error (exit 2): --master-key-env names an unset variable', async () => {
    const { code, stdout, stderr } = await runCliCapture([
      'attribution',
      '--db',
      t.url,
      '--from',
      FROM,
      '--to',
      TO,
      '--master-key-env',
      'LENS_TEST_UNSET_MASTER_KEY',
    ]);
    assert.equal(code, 2);
    assert.match(stderr, /LENS_TEST_UNSET_MASTER_KEY is not set/);
    assert.equal(stdout, '');
  });
});
