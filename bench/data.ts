import type pg from 'pg';
import { buildDdl } from '../src/core/demo/ddl';

/** Shape of the generated database (printed with the figures). */
export interface BenchShape {
  dailyRows: number;
  logsRows: number;
  /** Inclusive ranges that hold all rows of each table. */
  daily: { from: string; to: string };
  logs: { from: string; to: string };
}

const ORGS = 10;
const TEAMS = 100;
const USERS = 2000;
const KEYS = 5000;
const DELETED_KEYS = 50;
const DAYS = 365;
/** (key, model) pairs in use; about 90% of them appear every day, as a real proxy's users come back daily. */
const PAIRS = 3000;
const MODELS = ['gpt-4o', 'gpt-4o-mini', 'gpt-4.1-nano', 'o3-mini', 'claude-3-5-haiku-20241022', 'claude-sonnet-4-20250514',
  'gemini-2.5-pro', 'gemini-1.5-flash', 'text-embedding-3-small', 'us.anthropic.claude-3-haiku:0', 'mistral-small-2402', 'command-r-plus'];
const PROVIDERS = ['openai', 'openai', 'openai', 'openai', 'anthropic', 'anthropic', 'vertex_ai', 'gemini', 'openai', 'bedrock', 'mistral', 'cohere'];

/** `k` -> a 64-hex "hashed key", as LiteLLM stores tokens. */
const keyHash = (k: string) => `md5(${k}::text) || md5((${k})::text || 'x')`;

/**
 * A LiteLLM 1.83 database with `rows` DailyUserSpend rows over a year and `rows` SpendLogs rows over 30 days,
 * built with generate_series (seconds, not minutes). Deterministic: every value is a function of the row number.
 * Aliases include commas, quotes and newlines so CSV quoting is on the measured path.
 */
export async function buildBenchDatabase(client: pg.Client, rows: number): Promise<BenchShape> {
  const ddl = buildDdl('1.83');
  const afterLoad = /^(CREATE (UNIQUE )?INDEX|ALTER TABLE)/;
  for (const s of ddl.filter((x) => !afterLoad.test(x))) await client.query(s);
  const models = `(ARRAY[${MODELS.map((m) => `'${m}'`).join(',')}])`;
  const providers = `(ARRAY[${PROVIDERS.map((p) => `'${p}'`).join(',')}])`;
  const perDay = Math.ceil(rows / DAYS);
  if (perDay > PAIRS) throw new Error(`at most ${PAIRS * DAYS} daily rows`);
  await client.query(`
    INSERT INTO "LiteLLM_BudgetTable" (budget_id, created_by, updated_by) VALUES ('bench-budget', 'bench', 'bench');
    INSERT INTO "LiteLLM_OrganizationTable" (organization_id, organization_alias, budget_id, created_by, updated_by)
      SELECT 'org-' || o, 'Org ' || o || CASE WHEN o % 3 = 0 THEN ', "quoted" & co' ELSE '' END, 'bench-budget', 'bench', 'bench' FROM generate_series(0, ${ORGS - 1}) o;
    INSERT INTO "LiteLLM_TeamTable" (team_id, team_alias, organization_id, members_with_roles)
      SELECT 'team-' || t, 'Team ' || t || CASE WHEN t % 7 = 0 THEN E'\\nsecond line' ELSE '' END, 'org-' || (t % ${ORGS}), '[]' FROM generate_series(0, ${TEAMS - 1}) t;
    INSERT INTO "LiteLLM_UserTable" (user_id, user_alias, user_email, teams)
      SELECT 'user-' || u, CASE WHEN u % 10 = 0 THEN 'Zoë "Z", Ñandú' ELSE 'User ' || u END, 'user' || u || '@example.com', ARRAY['team-' || (u % ${TEAMS})]
      FROM generate_series(0, ${USERS - 1}) u;
    INSERT INTO "LiteLLM_VerificationToken" (token, key_alias, key_name, user_id, team_id, organization_id)
      SELECT ${keyHash('k')}, 'key ' || k, 'sk-...' || lpad(k::text, 4, '0'), 'user-' || (k % ${USERS}), 'team-' || (k % ${TEAMS}),
             CASE WHEN k % 4 = 0 THEN 'org-' || (k % ${ORGS}) END
      FROM generate_series(${DELETED_KEYS}, ${KEYS - 1}) k;
    INSERT INTO "LiteLLM_DeletedVerificationToken" (id, token, key_alias, user_id, team_id, deleted_at)
      SELECT 'del-' || k, ${keyHash('k')}, 'deleted key ' || k, 'user-' || (k % ${USERS}), 'team-' || (k % ${TEAMS}), '2025-06-01'
      FROM generate_series(0, ${DELETED_KEYS - 1}) k;`);
  // Row g: day g / perDay, pair (j + 37·day) mod PAIRS for the j-th row of the day (distinct within a day, so the unique key
  // holds); pair p uses key (7p) mod KEYS and model p mod MODELS.
  await client.query(`
    INSERT INTO "LiteLLM_DailyUserSpend" (id, user_id, date, api_key, model, model_group, custom_llm_provider, mcp_namespaced_tool_name, endpoint,
        prompt_tokens, completion_tokens, cache_read_input_tokens, cache_creation_input_tokens, spend, api_requests, successful_requests, failed_requests, updated_at)
    SELECT 'd-' || g, 'user-' || (k % ${USERS}), to_char(DATE '2025-01-01' + day, 'YYYY-MM-DD'), ${keyHash('k')},
           ${models}[1 + m], ${models}[1 + m], ${providers}[1 + m], '', '/chat/completions',
           1000 + g % 5000, 200 + g % 700, g % 50, 0, (g % 997) * 0.0000137 + 0.0000001, 1 + g % 9, 1 + g % 9, 0, now()
    FROM (SELECT g, day, (p * 7) % ${KEYS} AS k, p % ${MODELS.length} AS m
          FROM (SELECT g, g / ${perDay} AS day, (g % ${perDay} + (g / ${perDay}) * 37) % ${PAIRS} AS p FROM generate_series(0, ${rows - 1}) g) r) s`);
  // 1M requests over 30 days (one every ~2.6 s), 1000 active keys each on one model; 10% carry an end user.
  const step = (30 * 86400) / rows;
  await client.query(`
    INSERT INTO "LiteLLM_SpendLogs" (request_id, call_type, api_key, spend, total_tokens, prompt_tokens, completion_tokens, "startTime", "endTime",
        model, model_group, custom_llm_provider, "user", team_id, organization_id, end_user, status, session_id)
    SELECT 'req-' || g, 'acompletion', ${keyHash('k')}, (g % 991) * 0.0000071 + 0.0000001, 300 + g % 900, 200 + g % 600, 100 + g % 300,
           TIMESTAMP '2025-06-01' + make_interval(secs => g * ${step}), TIMESTAMP '2025-06-01' + make_interval(secs => g * ${step} + 1),
           ${models}[1 + k % ${MODELS.length}], ${models}[1 + k % ${MODELS.length}], ${providers}[1 + k % ${MODELS.length}],
           'user-' || (k % ${USERS}), 'team-' || (k % ${TEAMS}), CASE WHEN k % 4 = 0 THEN 'org-' || (k % ${ORGS}) ELSE '' END,
           CASE WHEN g % 10 = 0 THEN 'cust-' || (g % 37) ELSE '' END, CASE WHEN g % 50 = 0 THEN 'failure' ELSE 'success' END, 's-' || g
    FROM (SELECT g, g % 1000 + ${DELETED_KEYS} / 2 AS k FROM generate_series(0, ${rows - 1}) g) s`);
  for (const s of ddl.filter((x) => afterLoad.test(x))) await client.query(s);
  await client.query('VACUUM ANALYZE');
  return {
    dailyRows: rows,
    logsRows: rows,
    daily: { from: '2025-01-01', to: '2025-12-31' },
    logs: { from: '2025-06-01', to: '2025-06-30' },
  };
}
