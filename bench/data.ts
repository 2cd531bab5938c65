import type pg from 'pg';
import { buildDdl } from '../src/core/demo/ddl';

/** Shape of the generated database (printed with the figures). */
export interface BenchShape {
  keys: number;
  /** Daily rows per day (every key on each of its models). */
  dailyPerDay: number;
  /** SpendLogs rows in all. */
  logsRows: number;
  /** Inclusive date ranges (`YYYY-MM-DD`) of the daily export sizes: `sizes[i]` holds about `i`'s row count. */
  daily: { label: string; from: string; to: string; rows: number }[];
  /** The same for SpendLogs: `sizes[i]` requests at issue 15's density (`sizes[1]` over 42 days). */
  logs: { label: string; from: string; to: string; rows: number }[];
}

/** The shape of issue 15's measurement: ~2,060 keys, 30 users, 7 teams, 3 organisations, 12 models over 5 providers. */
const ORGS = 3;
const TEAMS = 7;
const USERS = 30;
const KEYS = 2060;
/** Keys deleted since (their rows stay; the export names them through LiteLLM_DeletedVerificationToken). */
const DELETED_KEYS = 20;
const MODELS = [
  'gpt-4o',
  'gpt-4o-mini',
  'gpt-4.1-nano',
  'o3-mini',
  'text-embedding-3-small',
  'claude-3-5-haiku-20241022',
  'claude-sonnet-4-20250514',
  'gemini-2.5-pro',
  'gemini-1.5-flash',
  'us.anthropic.claude-3-haiku:0',
  'mistral-small-2402',
  'mistral-large-2411',
];
const PROVIDERS = [
  'openai',
  'openai',
  'azure',
  'openai',
  'azure',
  'anthropic',
  'anthropic',
  'vertex_ai',
  'vertex_ai',
  'bedrock',
  'mistral',
  'mistral',
];
/** Models a key uses each day: all but one, so keys differ in their mix. */
const MODELS_PER_KEY = 11;
const FIRST_DAY = '2025-01-01';
/** Issue 15's SpendLogs range: the main size's requests over 42 days. */
const LOGS_DAYS = 42;

/** `k` -> a 64-hex "hashed key", as LiteLLM stores tokens (sha256 hex of the raw key; here two md5s). */
const keyHash = (k: string) => `md5(${k}::text) || md5((${k})::text || 'x')`;
/** Key k: team k % 8 (7 = no team), owner k % USERS. */
const keyTeam = (k: string) => `CASE WHEN ${k} % 8 = 7 THEN NULL ELSE 'team-' || (${k} % 8) END`;
/** A key's own organisation: a third of the teamless keys carry one; team keys inherit their team's. */
const keyOwnOrg = (k: string) => `CASE WHEN ${k} % 24 = 7 THEN 'org-' || (${k} % ${ORGS}) END`;
/** The request-time organisation (utils.py ~L2996, _types.py ~L2466): the key's, else its team's. */
const keyOrg = (k: string) => `COALESCE(${keyOwnOrg(k)}, CASE WHEN ${k} % 8 = 7 THEN NULL ELSE 'org-' || ((${k} % 8) % ${ORGS}) END)`;

/** Team t's alias in LiteLLM_TeamTable (some with a comma, quotes and non-ASCII). */
const teamAlias = (t: string) => `'Team ' || ${t} || CASE WHEN ${t} % 3 = 0 THEN ', "core" – Straße' ELSE '' END`;
/** The alias of key k's team. */
const keyTeamAlias = (k: string) => `CASE WHEN ${k} % 8 = 7 THEN NULL ELSE ${teamAlias(`(${k} % 8)`)} END`;
/** The provider's endpoint LiteLLM records as api_base. */
const API_BASES: Record<string, string> = {
  openai: 'https://api.openai.com/v1',
  azure: 'https://bench-eastus2.openai.azure.com/',
  anthropic: 'https://api.anthropic.com/v1/messages',
  vertex_ai: 'https://us-central1-aiplatform.googleapis.com/v1',
  bedrock: 'https://bedrock-runtime.us-east-1.amazonaws.com',
  mistral: 'https://api.mistral.ai/v1',
};
const apiBases = `(ARRAY[${PROVIDERS.map((p) => `'${API_BASES[p]}'`).join(',')}])`;
const modelArray = `(ARRAY[${MODELS.map((m) => `'${m}'`).join(',')}])`;

/** The usage details of row `s`, in its usage object and again in its additional usage values (both are written). */
const tokenDetails = `'prompt_tokens_details', jsonb_build_object('audio_tokens', 0, 'cached_tokens', g % 64),
      'completion_tokens_details', jsonb_build_object('audio_tokens', 0, 'reasoning_tokens', 0, 'accepted_prediction_tokens', 0, 'rejected_prediction_tokens', 0)`;

/**
 * The metadata JSON LiteLLM writes with every request (spend_tracking_utils.py, get_logging_payload:
 * `metadata=safe_dumps(clean_metadata)`, the keys of SpendLogsMetadata that _get_spend_logs_metadata fills: the key's
 * hash, alias, team, organisation and user, the caller's IP, usage and its details, the cost breakdown, guardrails,
 * retries, the model map key). `model_map_value` is left null, which understates a real row: LiteLLM stores the
 * model's whole cost-map entry there when it knows the model (litellm_logging.py, get_model_cost_information:
 * `litellm.get_model_info(…)`). Row `s` of the insert below, key `bk`, model `m`.
 */
const spendLogsMetadata = `jsonb_build_object(
    'user_api_key', bk.token, 'user_api_key_alias', bk.alias, 'user_api_key_team_id', bk.team_id, 'user_api_key_org_id', bk.org,
    'user_api_key_user_id', bk.user_id, 'user_api_key_team_alias', ${keyTeamAlias('k')}, 'spend_logs_metadata', NULL,
    'requester_ip_address', s.ip, 'status', CASE WHEN g % 50 = 0 THEN 'failure' ELSE 'success' END, 'error_information', NULL,
    'proxy_server_request', NULL, 'applied_guardrails', '[]'::jsonb, 'batch_models', NULL, 'mcp_tool_call_metadata', NULL,
    'vector_store_request_metadata', NULL, 'guardrail_information', NULL, 'cold_storage_object_key', NULL,
    'usage_object', jsonb_build_object('total_tokens', s.prompt + s.completion, 'prompt_tokens', s.prompt, 'completion_tokens', s.completion,
      ${tokenDetails}),
    'additional_usage_values', jsonb_build_object(${tokenDetails}),
    'model_map_information', jsonb_build_object('model_map_key', ${modelArray}[1 + m], 'model_map_value', NULL),
    'litellm_overhead_time_ms', 2 + (g % 97) / 10.0, 'attempted_retries', 0, 'max_retries', 2,
    'cost_breakdown', jsonb_build_object('input_cost', s.spend * 0.4, 'output_cost', s.spend * 0.6, 'total_cost', s.spend, 'original_cost', s.spend,
      'margin_percent', 0.0, 'discount_amount', 0.0, 'tool_usage_cost', 0.0))`;

const addDays = (day: string, n: number): string => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/**
 * A LiteLLM 1.83 database shaped like issue 15's: every key has an alias (up to 200 characters, some with quotes,
 * commas, newlines and non-ASCII, some an e-mail address) and uses 11 of the 12 models (over 5 providers) every day, so
 * a day holds KEYS × 11 rows of LiteLLM_DailyUserSpend (and the same in LiteLLM_DailyTeamSpend, team `''` for
 * teamless keys, spend_tracking_utils.py ~L442; LiteLLM_DailyOrganizationSpend for keys with an organisation).
 * The daily tables span enough days for `largest` rows; export sizes are day ranges from the first day
 * (`sizes`, in rows). LiteLLM_SpendLogs holds requests at `sizes[1]` per 42 days for as many days as the largest size
 * needs, with what LiteLLM writes in each (spend_tracking_utils.py, get_logging_payload): the request-time team (`''`
 * when teamless) and organisation, the metadata JSON, the deployment id, api_base, cache fields, the caller's IP and a
 * session UUID. The logs sizes are day ranges from the first day too. Rows go in in time order, as LiteLLM appends
 * them (SpendLogs in batches as requests finish; a daily row when its day's first request is flushed and its last
 * update on that day, db_spend_update_writer.py), so a table's pages follow its time column, which decides how many
 * pages a range reads. Built with generate_series; deterministic (the first 42 days are the same whatever the
 * largest size).
 */
export async function buildBenchDatabase(client: pg.Client, sizes: number[]): Promise<BenchShape> {
  const ddl = buildDdl('1.83');
  const afterLoad = /^(CREATE (UNIQUE )?INDEX|ALTER TABLE)/;
  for (const s of ddl.filter((x) => !afterLoad.test(x))) await client.query(s);
  const shape = benchShape(sizes);
  const perDay = shape.dailyPerDay;
  const days = Math.max(...shape.daily.map((d) => d.rows / perDay));
  const models = modelArray;
  const providers = `(ARRAY[${PROVIDERS.map((p) => `'${p}'`).join(',')}])`;
  await client.query(`
    INSERT INTO "LiteLLM_BudgetTable" (budget_id, created_by, updated_by) VALUES ('bench-budget', 'bench', 'bench');
    INSERT INTO "LiteLLM_OrganizationTable" (organization_id, organization_alias, budget_id, created_by, updated_by)
      SELECT 'org-' || o, (ARRAY['Acme Research', 'Ñandú, "Labs" GmbH', E'Zoë\\nHoldings'])[o + 1], 'bench-budget', 'bench', 'bench'
      FROM generate_series(0, ${ORGS - 1}) o;
    INSERT INTO "LiteLLM_TeamTable" (team_id, team_alias, organization_id, members_with_roles)
      SELECT 'team-' || t, ${teamAlias('t')}, 'org-' || (t % ${ORGS}), '[]'
      FROM generate_series(0, ${TEAMS - 1}) t;
    INSERT INTO "LiteLLM_UserTable" (user_id, user_alias, user_email, teams)
      SELECT 'user-' || u, CASE WHEN u % 5 = 0 THEN 'Zoë "Z", Ñandú' ELSE 'User ' || u END,
             CASE WHEN u % 7 = 0 THEN '"o''brien, j"@exämple.com' ELSE 'user' || u || '@example.com' END, ARRAY['team-' || (u % ${TEAMS})]
      FROM generate_series(0, ${USERS - 1}) u;
    CREATE TEMP TABLE bench_keys AS
      SELECT k, ${keyHash('k')} AS token, 'user-' || (k % ${USERS}) AS user_id, ${keyTeam('k')} AS team_id, ${keyOwnOrg('k')} AS own_org,
             ${keyOrg('k')} AS org,
             CASE WHEN k % 5 = 0 THEN 'owner' || k || '@example.com'
                  ELSE left('key ' || k || CASE k % 4 WHEN 0 THEN ' "prod", eu' WHEN 1 THEN E' line one\\nline two' WHEN 2 THEN ' Zoë – Ñandú 東京' ELSE '' END
                            || ' ' || repeat('abcdefghij', k % 21), 200) END AS alias
      FROM generate_series(0, ${KEYS - 1}) k;
    INSERT INTO "LiteLLM_VerificationToken" (token, key_alias, key_name, user_id, team_id, organization_id)
      SELECT token, alias, 'sk-...' || lpad(k::text, 4, '0'), user_id, team_id, own_org FROM bench_keys WHERE k >= ${DELETED_KEYS};
    INSERT INTO "LiteLLM_DeletedVerificationToken" (id, token, key_alias, key_name, user_id, team_id, organization_id, deleted_at)
      SELECT 'del-' || k, token, alias, 'sk-...' || lpad(k::text, 4, '0'), user_id, team_id, own_org, '2025-06-01' FROM bench_keys WHERE k < ${DELETED_KEYS};`);
  // Row g: day g / perDay, key (g % perDay) / 11, model (key + 1 + g % 11) % 12: every model but model key % 12.
  const cols = `date, api_key, model, model_group, custom_llm_provider, mcp_namespaced_tool_name, endpoint, prompt_tokens, completion_tokens,
    cache_read_input_tokens, cache_creation_input_tokens, spend, api_requests, successful_requests, failed_requests, updated_at`;
  await client.query(`
    CREATE TEMP TABLE bench_daily AS
    SELECT g, to_char(DATE '${FIRST_DAY}' + (g / ${perDay})::int, 'YYYY-MM-DD') AS date, bk.token AS api_key, ${models}[1 + m] AS model,
           ${models}[1 + m] AS model_group, ${providers}[1 + m] AS custom_llm_provider, ''::text AS mcp_namespaced_tool_name,
           '/v1/chat/completions'::text AS endpoint, 1000 + g % 5000 AS prompt_tokens, 200 + g % 700 AS completion_tokens,
           g % 50 AS cache_read_input_tokens, g % 7 AS cache_creation_input_tokens, (g % 997) * 0.0000137 + 0.0000001 AS spend,
           1 + g % 9 AS api_requests, 1 + g % 9 - (g % 23 = 0)::int AS successful_requests, (g % 23 = 0)::int AS failed_requests,
           now() AS updated_at, bk.user_id, COALESCE(bk.team_id, '') AS team_id, bk.org
    FROM (SELECT g, (g % ${perDay}) / ${MODELS_PER_KEY} AS k, ((g % ${perDay}) / ${MODELS_PER_KEY} + 1 + g % ${MODELS_PER_KEY}) % ${MODELS.length} AS m
          FROM generate_series(0::int8, ${days * perDay - 1}::int8) g) s
    JOIN bench_keys bk USING (k);
    INSERT INTO "LiteLLM_DailyUserSpend" (id, user_id, ${cols}) SELECT 'u-' || g, user_id, ${cols} FROM bench_daily ORDER BY g;
    INSERT INTO "LiteLLM_DailyTeamSpend" (id, team_id, ${cols}) SELECT 't-' || g, team_id, ${cols} FROM bench_daily ORDER BY g;
    INSERT INTO "LiteLLM_DailyOrganizationSpend" (id, organization_id, ${cols}) SELECT 'o-' || g, org, ${cols} FROM bench_daily WHERE org IS NOT NULL ORDER BY g;
    DROP TABLE bench_daily;`);
  // Requests spread evenly, sizes[1] per 42 days, each key on its models in turn; 10% carry an end user, 2% fail (spend 0).
  const step = (LOGS_DAYS * 86400) / sizes[1];
  const logsRows = shape.logsRows;
  await client.query(`
    INSERT INTO "LiteLLM_SpendLogs" (request_id, call_type, api_key, spend, total_tokens, prompt_tokens, completion_tokens, "startTime", "endTime",
        "completionStartTime", model, model_id, model_group, custom_llm_provider, api_base, "user", metadata, cache_hit, cache_key, request_tags,
        team_id, organization_id, end_user, requester_ip_address, status, session_id)
    SELECT 'req-' || g, 'acompletion', bk.token, s.spend, s.prompt + s.completion, s.prompt, s.completion, s.at, s.at + interval '1.2 s',
           s.at + interval '0.4 s', ${models}[1 + m], md5(${models}[1 + m]) || md5(${providers}[1 + m]), ${models}[1 + m], ${providers}[1 + m],
           ${apiBases}[1 + m], bk.user_id, ${spendLogsMetadata}, 'False', 'Cache OFF', '[]', COALESCE(bk.team_id, ''), bk.org,
           CASE WHEN g % 10 = 0 THEN 'cust-' || (g % 37) END, s.ip, CASE WHEN g % 50 = 0 THEN 'failure' ELSE 'success' END, md5('s' || g)::uuid::text
    FROM (SELECT g, (g * 7919) % ${KEYS} AS k, (g / ${KEYS}) % ${MODELS.length} AS m, TIMESTAMP '${FIRST_DAY}' + make_interval(secs => g * ${step}) AS at,
                 CASE WHEN g % 50 = 0 THEN 0 ELSE (g % 991) * 0.0000071 + 0.0000001 END AS spend, 200 + g % 600 AS prompt, 100 + g % 300 AS completion,
                 '10.0.' || (g % 250) || '.' || (1 + g % 7) AS ip
          FROM generate_series(0::int8, ${logsRows - 1}::int8) g) s
    JOIN bench_keys bk USING (k)
    ORDER BY g`);
  for (const s of ddl.filter((x) => afterLoad.test(x))) await client.query(s);
  await client.query('VACUUM ANALYZE');
  return shape;
}

/** The shape `buildBenchDatabase` builds for these sizes (deterministic, so a kept database can be measured again). */
export function benchShape(sizes: number[]): BenchShape {
  const perDay = KEYS * MODELS_PER_KEY;
  const dayCounts = sizes.map((n) => Math.max(1, Math.round(n / perDay)));
  const logsPerDay = sizes[1] / LOGS_DAYS;
  const logsDays = sizes.map((n) => Math.max(1, Math.round(n / logsPerDay)));
  return {
    keys: KEYS,
    dailyPerDay: perDay,
    logsRows: Math.round(Math.max(...logsDays) * logsPerDay),
    daily: dayCounts.map((n, i) => ({ label: `${sizes[i]}`, from: FIRST_DAY, to: addDays(FIRST_DAY, n - 1), rows: n * perDay })),
    logs: logsDays.map((n, i) => ({
      label: `${sizes[i]}`,
      from: FIRST_DAY,
      to: addDays(FIRST_DAY, n - 1),
      rows: Math.round(n * logsPerDay),
    })),
  };
}
