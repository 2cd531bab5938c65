/**
 * Attribution benchmark: `npx tsx bench/attribution.ts`.
 * Builds a private PostgreSQL cluster holding a LiteLLM 1.83 database with a year of daily data —
 * 1,000,000 LiteLLM_DailyUserSpend rows (2,000 keys, three models each) and the matching team, organisation, tag
 * and end-user rows — plus 30 days of SpendLogs, all with generate_series. Then runs the whole attribution (tree,
 * reconciliation, budgets, trend) over the year, best of three after a warm-up, and its first stage alone (the
 * summary the spend view paints first: total, organisations, teams, trend; best of three by wall clock). It prints
 * the wall clock, the server's CPU time (from /proc: not stretched by other processes waiting for the CPUs), this
 * process's CPU time, the load average and the slowest statements, and for scale the cost of one spend-only grouped
 * pass over each daily table. Targets: first paint (summary) ≤ 1 s wall, the whole attribution ≤ 1 s of server time.
 * Env: BENCH_ROWS (default 1000000), LITELLM_LENS_BENCH_DB (use that server instead of a private cluster).
 */
import os from 'node:os';
import pg from 'pg';
import { computeAttribution } from '../src/core/attribution/compute';
import { computeSummary } from '../src/core/attribution/summary';
import { openDatabase, type LensDatabase } from '../src/core/db/database';
import { buildDdl } from '../src/core/demo/ddl';
import { Capabilities } from '../src/core/schema/capabilities';
import { introspect } from '../src/core/schema/introspect';
import { withBenchDatabase } from './benchDatabase';
import { postmasterOf, serverCpuMs } from './cpu';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const DAYS = 365;
const KEYS = 2000;
const USERS = 1000;
const TEAMS = 60;
const ORGS = 8;
const MODELS = 12;
const RUNS = 3;
const TARGET_MS = 1000;
const FIRST_PAINT_TARGET_MS = 1000;

const keyHash = (k: string) => `md5((${k})::text) || md5((${k})::text || 'x')`;

// Key k: owner user-(k mod USERS) ('' for every 50th), team-(k mod TEAMS) except every 40th (no team: no team
// rows) and the 40th+1 (team_id ''), organisation the team's for three keys in four. Key 7 moves team mid-year.
const KEY_TEAM = `CASE WHEN k % 40 = 0 THEN NULL WHEN k % 40 = 1 THEN '' WHEN k = 7 AND day >= 180 THEN 'team-8' ELSE 'team-' || (k % ${TEAMS}) END`;
const KEY_ORG = `CASE WHEN k % 4 = 0 OR k % 40 < 2 THEN NULL ELSE 'org-' || ((k % ${TEAMS}) % ${ORGS}) END`;

const DAILY_COLUMNS = `date, api_key, model, model_group, custom_llm_provider, mcp_namespaced_tool_name, endpoint, prompt_tokens, completion_tokens,
  cache_read_input_tokens, cache_creation_input_tokens, spend, api_requests, successful_requests, failed_requests, updated_at`;

/**
 * Row g of the year: day g / perDay, slot g mod perDay. Slot i is key i mod KEYS with its (i div KEYS)-th model
 * that day, so (key, model) never repeats within a day; each key uses three models over the year.
 */
function dailyRows(perDay: number): string {
  return `SELECT g, day, k, to_char(DATE '2025-01-01' + day, 'YYYY-MM-DD') AS date, ${keyHash('k')} AS api_key,
    'model-' || ((k + slot / ${KEYS} + day % 2) % ${MODELS}) AS model,
    1000 + g % 5000 AS prompt_tokens, 200 + g % 700 AS completion_tokens, g % 50 AS cache_read, g % 7 AS cache_creation,
    (g % 997) * 0.0000137 + 0.0000001 AS spend, 1 + g % 9 AS requests, g % 3 AS failed
  FROM (SELECT g, g / ${perDay} AS day, g % ${perDay} AS slot, (g % ${perDay}) % ${KEYS} AS k FROM generate_series(0, ${ROWS - 1}) g) s`;
}

function dailyInsert(table: string, entityColumn: string, entity: string, where: string, perDay: number, idPrefix = table): string {
  return `INSERT INTO "${table}" (id, ${entityColumn}, ${DAILY_COLUMNS})
  SELECT '${idPrefix}-' || g, ${entity}, date, api_key, model, model, 'openai', '', '/chat/completions', prompt_tokens, completion_tokens,
    cache_read, cache_creation, spend, requests, requests - LEAST(failed, requests), LEAST(failed, requests), now()
  FROM (${dailyRows(perDay)}) r WHERE ${where}`;
}

/** Fills an empty database with the benchmark's schema and rows. */
export async function buildAttributionBench(client: pg.Client): Promise<void> {
  const ddl = buildDdl('1.83');
  const afterLoad = /^(CREATE (UNIQUE )?INDEX|ALTER TABLE)/;
  for (const s of ddl.filter((x) => !afterLoad.test(x))) await client.query(s);
  const perDay = Math.ceil(ROWS / DAYS);
  await client.query(`
    INSERT INTO "LiteLLM_BudgetTable" (budget_id, max_budget, soft_budget, budget_duration, budget_reset_at, created_by, updated_by)
      SELECT 'budget-' || b, 100 * (b + 1), 80 * (b + 1), '30d', TIMESTAMP '2026-01-15', 'bench', 'bench' FROM generate_series(0, 19) b;
    INSERT INTO "LiteLLM_OrganizationTable" (organization_id, organization_alias, budget_id, spend, created_by, updated_by)
      SELECT 'org-' || o, 'Org ' || o, 'budget-' || o, 1000 * o, 'bench', 'bench' FROM generate_series(0, ${ORGS - 1}) o;
    INSERT INTO "LiteLLM_TeamTable" (team_id, team_alias, organization_id, members_with_roles, spend, max_budget, budget_duration, budget_reset_at)
      SELECT 'team-' || t, 'Team ' || t, 'org-' || (t % ${ORGS}),
        CASE WHEN t % 10 = 0 THEN '{}'::jsonb ELSE jsonb_build_array(jsonb_build_object('user_id', 'user-' || t, 'role', 'admin')) END,
        50 * t, 5000, '30d', TIMESTAMP '2026-01-20' FROM generate_series(0, ${TEAMS - 1}) t;
    INSERT INTO "LiteLLM_UserTable" (user_id, user_alias, user_email, teams, spend, max_budget)
      SELECT 'user-' || u, 'User ' || u, 'user' || u || '@example.com', ARRAY['team-' || (u % ${TEAMS})], u, 2000 FROM generate_series(0, ${USERS - 1}) u;
    INSERT INTO "LiteLLM_TeamMembership" (user_id, team_id, spend, budget_id)
      SELECT 'user-' || u, 'team-' || (u % ${TEAMS}), u / 10.0, 'budget-' || (u % 20) FROM generate_series(0, 199) u;
    INSERT INTO "LiteLLM_VerificationToken" (token, key_alias, user_id, team_id, organization_id, spend, max_budget, budget_duration, budget_reset_at)
      SELECT ${keyHash('k')}, 'key ' || k, CASE WHEN k % 50 = 0 THEN NULL ELSE 'user-' || (k % ${USERS}) END,
        (SELECT ${KEY_TEAM} FROM (SELECT 365 AS day) d), (SELECT ${KEY_ORG}), k / 10.0, 100, '7d', TIMESTAMP '2026-01-05'
      FROM generate_series(50, ${KEYS - 1}) k;
    INSERT INTO "LiteLLM_DeletedVerificationToken" (id, token, key_alias, user_id, team_id, deleted_at)
      SELECT 'del-' || k, ${keyHash('k')}, 'deleted key ' || k, 'user-' || k, 'team-' || (k % ${TEAMS}), TIMESTAMP '2025-06-01' FROM generate_series(0, 49) k;
    INSERT INTO "LiteLLM_TagTable" (tag_name, spend, budget_id) SELECT 'tag-' || t, t, 'budget-' || t FROM generate_series(0, 19) t;
    INSERT INTO "LiteLLM_EndUserTable" (user_id, spend, budget_id) SELECT 'cust-' || c, c, 'budget-' || (c % 20) FROM generate_series(0, 49) c;`);
  // Key 3's owner changes every day at noon, so its rows come in pairs of users (the apportioned path).
  const user = `CASE WHEN k % 50 = 0 THEN '' ELSE 'user-' || (k % ${USERS}) END`;
  await client.query(dailyInsert('LiteLLM_DailyUserSpend', 'user_id', user, 'true', perDay));
  await client.query(dailyInsert('LiteLLM_DailyUserSpend', 'user_id', `'user-extra'`, 'k = 3', perDay, 'extra'));
  await client.query(dailyInsert('LiteLLM_DailyTeamSpend', 'team_id', KEY_TEAM, 'k % 40 <> 0', perDay));
  await client.query(dailyInsert('LiteLLM_DailyOrganizationSpend', 'organization_id', KEY_ORG, `${KEY_ORG} IS NOT NULL`, perDay));
  await client.query(dailyInsert('LiteLLM_DailyTagSpend', 'tag', `'tag-' || (k % 20)`, 'g % 3 = 0', perDay));
  await client.query(dailyInsert('LiteLLM_DailyEndUserSpend', 'end_user_id', `'cust-' || (g % 50)`, 'g % 10 = 0', perDay));
  // 30 days of SpendLogs: 3000 requests a day.
  await client.query(`
    INSERT INTO "LiteLLM_SpendLogs" (request_id, call_type, api_key, spend, total_tokens, prompt_tokens, completion_tokens, "startTime", "endTime",
        model, model_group, custom_llm_provider, "user", team_id, organization_id, end_user, status, session_id, request_tags, metadata)
    SELECT 'req-' || g, 'acompletion', ${keyHash('k')}, (g % 991) * 0.0000071, 900, 600, 300,
      TIMESTAMP '2025-12-02' + make_interval(secs => g * 28.8), TIMESTAMP '2025-12-02' + make_interval(secs => g * 28.8 + 1),
      'model-' || (k % ${MODELS}), 'model-' || (k % ${MODELS}), 'openai', CASE WHEN k % 50 = 0 THEN '' ELSE 'user-' || (k % ${USERS}) END,
      COALESCE(CASE WHEN k % 40 = 0 THEN '' WHEN k % 40 = 1 THEN '' ELSE 'team-' || (k % ${TEAMS}) END, ''), COALESCE(${KEY_ORG}, ''),
      '', CASE WHEN g % 50 = 0 THEN 'failure' ELSE 'success' END, 's-' || g, jsonb_build_array('tag-' || (k % 20)),
      jsonb_build_object('usage_object', jsonb_build_object('cache_read_input_tokens', g % 50))
    FROM (SELECT g, (g * 7) % ${KEYS} AS k FROM generate_series(0, 89999) g) s`);
  for (const s of ddl.filter((x) => afterLoad.test(x))) await client.query(s);
  await client.query('VACUUM ANALYZE');
}

/** Times every statement the attribution sends (all local: the time is the server's). */
function timed(db: LensDatabase): { db: LensDatabase; log: { ms: number; sql: string }[] } {
  const log: { ms: number; sql: string }[] = [];
  const query = db.query.bind(db);
  const wrapped = Object.create(db) as LensDatabase;
  wrapped.query = (async (sql: string, params?: unknown[], opts?: { signal?: AbortSignal }) => {
    const t = performance.now();
    try {
      return await query(sql, params, opts);
    } finally {
      log.push({ ms: performance.now() - t, sql: sql.replace(/\s+/g, ' ').slice(0, 70) });
    }
  }) as LensDatabase['query'];
  return { db: wrapped, log };
}

interface Timing {
  wall: number;
  /** CPU time the server's processes spent (null when the server is not a local process). */
  cpu: number | null;
  /** CPU time this process spent (reading rows, building the tree and the trend), all threads. */
  client: number;
  /** The 1-minute load average when the run ended (the machine's other work stretches the wall clock). */
  load: number;
}

interface Measured extends Timing {
  log: { ms: number; sql: string }[];
  total: number;
  /** Every measured run's wall clock and server CPU, in order: how steady the best one is. */
  runs: Timing[];
}

/**
 * For scale: one grouped pass over each daily table the tree and the reconciliation cannot do without, summing
 * spend only (user and team per key, model and entity; organisation per key and entity; tags; end users).
 */
const FLOOR = [
  'SELECT api_key, model, user_id, sum(spend) FROM "LiteLLM_DailyUserSpend" GROUP BY 1, 2, 3',
  'SELECT api_key, model, team_id, sum(spend) FROM "LiteLLM_DailyTeamSpend" GROUP BY 1, 2, 3',
  'SELECT api_key, organization_id, sum(spend) FROM "LiteLLM_DailyOrganizationSpend" GROUP BY 1, 2',
  'SELECT tag, sum(spend) FROM "LiteLLM_DailyTagSpend" GROUP BY 1',
  'SELECT end_user_id, sum(spend) FROM "LiteLLM_DailyEndUserSpend" GROUP BY 1',
];

/** Best of RUNS summaries and whole attributions of 2025 after one warm-up run each, and the best of RUNS floor passes. */
async function measure(url: string): Promise<{ full: Measured; summary: Measured; server: string; floor: Timing }> {
  const base = await openDatabase({ url });
  try {
    const caps = new Capabilities(await introspect(base));
    const postmaster = await postmasterOf(base);
    const score = (m: Timing) => m.cpu ?? m.wall;
    const timeIt = async (work: () => Promise<unknown>): Promise<Timing> => {
      const cpu0 = postmaster ? serverCpuMs(postmaster) : 0;
      const client0 = process.cpuUsage();
      const t = performance.now();
      await work();
      const wall = performance.now() - t;
      const client = process.cpuUsage(client0);
      return {
        wall,
        cpu: postmaster ? serverCpuMs(postmaster) - cpu0 : null,
        client: (client.user + client.system) / 1000,
        load: os.loadavg()[0],
      };
    };
    const period = { from: '2025-01-01', to: '2025-12-31' };
    const bestOf = async (work: (db: LensDatabase) => Promise<number>, by: (m: Timing) => number) => {
      let best: Measured | undefined;
      const runs: Timing[] = [];
      for (let run = 0; run <= RUNS; run++) {
        const { db, log } = timed(base);
        let total = 0;
        const m = await timeIt(async () => (total = await work(db)));
        if (run > 0) runs.push(m);
        if (run > 0 && (!best || by(m) < by(best))) best = { ...m, log, total, runs };
      }
      return best!;
    };
    // The first paint's target is the wall clock it is kept to; the whole attribution's the server time.
    const summary = await bestOf(
      async (db) => (await computeSummary(db, caps, period)).summary.tree.spend,
      (m) => m.wall,
    );
    const full = await bestOf(async (db) => (await computeAttribution(db, caps, period)).tree.spend, score);
    let floor: Timing | undefined;
    for (let run = 0; run < RUNS; run++) {
      const m = await timeIt(async () => {
        for (const sql of FLOOR) await base.query(sql);
      });
      if (!floor || score(m) < score(floor)) floor = m;
    }
    return { full, summary, floor: floor!, server: caps.model.serverVersion.split(' ')[1] };
  } finally {
    await base.close();
  }
}

const ms = (x: Timing) =>
  `${x.wall.toFixed(0)} ms wall, ${x.cpu === null ? 'n/a' : x.cpu.toFixed(0)} ms server CPU, ${x.client.toFixed(0)} ms client CPU (load ${x.load.toFixed(1)})`;

function report(label: string, m: Measured): void {
  const statements = m.log.reduce((s, l) => s + l.ms, 0);
  console.log(
    `\n${label}: ${ms(m)}; ${m.log.length} statements (independent ones run at once on pooled sessions), ` +
      `Σ statement time ${statements.toFixed(0)} ms; slowest (wall):`,
  );
  for (const l of [...m.log].sort((x, y) => y.ms - x.ms).slice(0, 6)) console.log(`  ${l.ms.toFixed(0).padStart(6)} ms  ${l.sql}`);
  const cpu = (t: Timing) => (t.cpu === null ? 'n/a' : t.cpu.toFixed(0));
  console.log(
    `  every run (wall / server CPU ms, load): ${m.runs.map((t) => `${t.wall.toFixed(0)} / ${cpu(t)} (${t.load.toFixed(1)})`).join(', ')}`,
  );
}

async function main(): Promise<void> {
  await withBenchDatabase('lens_attr_bench', async ({ url, admin: connectAdmin }) => {
    const admin = await connectAdmin();
    const t0 = Date.now();
    await buildAttributionBench(admin);
    const { rows: counts } =
      await admin.query(`SELECT (SELECT count(*) FROM "LiteLLM_DailyUserSpend")::int AS users, (SELECT count(*) FROM "LiteLLM_DailyTeamSpend")::int AS teams,
      (SELECT count(*) FROM "LiteLLM_DailyOrganizationSpend")::int AS orgs, (SELECT count(*) FROM "LiteLLM_DailyTagSpend")::int AS tags`);
    await admin.end();
    console.log(
      `built in ${((Date.now() - t0) / 1000).toFixed(1)} s: daily rows user ${counts[0].users}, team ${counts[0].teams}, organisation ${counts[0].orgs}, tag ${counts[0].tags}`,
    );

    // Every read-only transaction of the engine sets work_mem 32MB and jit off (src/core/db/database.ts).
    const m = await measure(url);
    console.log(
      `\nattribution of 2025 (best of ${RUNS} runs; PostgreSQL ${m.server}; total spend ${m.full.total.toFixed(2)} USD; ` +
        `load average ${os
          .loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')} on ${os.cpus().length} CPUs)`,
    );
    if (m.summary.total !== m.full.total) {
      throw new Error(`The summary's total ${m.summary.total} differs from the whole attribution's ${m.full.total}.`);
    }
    report('first paint (summary: tree and trend)', m.summary);
    report('whole attribution', m.full);
    console.log(
      `\nfor scale, one grouped spend-only pass over each daily table the attribution must read (${FLOOR.length} statements): ${ms(m.floor)}`,
    );
    console.log(`\nfirst paint: ${ms(m.summary)}; whole attribution: ${ms(m.full)}`);
    // First paint is what the user waits for: wall clock. The whole attribution: the CPU the server spent where it
    // can be read (a busy machine stretches the wall clock).
    const paint = m.summary.wall;
    const best = m.full.cpu ?? m.full.wall;
    console.log(
      `${paint <= FIRST_PAINT_TARGET_MS ? 'target met' : 'TARGET MISSED'}: first paint ${paint.toFixed(0)} ms wall (target ≤ ${FIRST_PAINT_TARGET_MS} ms)`,
    );
    console.log(
      `${best <= TARGET_MS ? 'target met' : 'TARGET MISSED'}: whole attribution ${best.toFixed(0)} ms of server time (target ≤ ${TARGET_MS} ms)`,
    );
    process.exitCode = paint <= FIRST_PAINT_TARGET_MS && best <= TARGET_MS ? 0 : 1;
  });
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
