import type pg from 'pg';
import { buildDdl } from '../../src/core/demo/ddl';
import type { SchemaVersion } from '../../src/core/demo/versions';
import { createScratchDatabase } from './testDatabase';

/**
 * Hand-made LiteLLM rows in an otherwise empty database of one schema level, written the way LiteLLM 1.83 writes
 * them (BerriAI/litellm):
 * - daily tables: one row per (entity, date, api_key, model, custom_llm_provider, mcp_namespaced_tool_name,
 *   endpoint), counters added on conflict (litellm/proxy/db/db_spend_update_writer.py, the daily transaction
 *   upserts); `date` is the request's UTC day; team_id '' for a key without a team (spend_tracking_utils.py ~L442);
 *   organisation rows carry the key's organisation, else its team's, at request time (utils.py ~L2996,
 *   _types.py ~L2466), and no row when there is none;
 * - SpendLogs: one row per request_id (a repeated request_id is skipped), status 'failure' with spend 0 for failed
 *   calls, api_key = the SHA-256 hash of the master key for master-key calls (spend_tracking_utils.py ~L296-330).
 */
export interface FixtureDb {
  url: string;
  admin: pg.Client;
  q(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  drop(): Promise<void>;
}

/** A database with the DDL of `version` and no rows. */
export async function createFixtureDb(version: SchemaVersion): Promise<FixtureDb> {
  const db = await createScratchDatabase(`lens_fx_${version.replace(/[^a-z0-9]/gi, '_')}`);
  for (const statement of buildDdl(version)) await db.admin.query(statement);
  return { ...db, q: async (sql, params = []) => (await db.admin.query(sql, params)).rows as Record<string, unknown>[] };
}

export interface DailyRow {
  entity: string;
  date: string;
  apiKey: string;
  model: string;
  spend: number;
  requests: number;
  failed?: number;
  provider?: string;
}

const ENTITY: Record<string, string> = {
  LiteLLM_DailyUserSpend: 'user_id',
  LiteLLM_DailyTeamSpend: 'team_id',
  LiteLLM_DailyOrganizationSpend: 'organization_id',
  LiteLLM_DailyTagSpend: 'tag',
  LiteLLM_DailyEndUserSpend: 'end_user_id',
};

/** Upserts daily rows the way the daily spend writer does: counters add up on the unique key. */
export async function addDaily(db: FixtureDb, table: keyof typeof ENTITY | string, rows: DailyRow[]): Promise<void> {
  const entity = ENTITY[table];
  const modern =
    (await db.q(`SELECT 1 FROM information_schema.columns WHERE table_name = $1 AND column_name = 'endpoint'`, [table])).length > 0;
  for (const r of rows) {
    const failed = r.failed ?? 0;
    const cols = `id, ${entity}, date, api_key, model, model_group, custom_llm_provider, prompt_tokens, completion_tokens, spend, api_requests, successful_requests, failed_requests, updated_at${modern ? ', mcp_namespaced_tool_name, endpoint' : ''}`;
    const conflict = `${entity}, date, api_key, model, custom_llm_provider${modern ? ', mcp_namespaced_tool_name, endpoint' : ''}`;
    await db.q(
      `INSERT INTO "${table}" (${cols})
      VALUES (md5(random()::text), $1, $2, $3, $4, NULLIF($4, ''), $5, $6 * 10, $6 * 2, $7, $6, $6 - $8, $8, now()${modern ? `, '', ''` : ''})
      ON CONFLICT (${conflict}) DO UPDATE SET spend = "${table}".spend + EXCLUDED.spend, api_requests = "${table}".api_requests + EXCLUDED.api_requests,
        successful_requests = "${table}".successful_requests + EXCLUDED.successful_requests, failed_requests = "${table}".failed_requests + EXCLUDED.failed_requests,
        prompt_tokens = "${table}".prompt_tokens + EXCLUDED.prompt_tokens, completion_tokens = "${table}".completion_tokens + EXCLUDED.completion_tokens`,
      [r.entity, r.date, r.apiKey, r.model, r.provider ?? 'openai', r.requests, r.spend, failed],
    );
  }
}

export interface LogRow {
  requestId: string;
  startTime: string;
  apiKey: string;
  user: string;
  teamId: string;
  orgId: string | null;
  model: string;
  spend: number;
  status?: 'success' | 'failure' | null;
  callType?: string;
  errorClass?: string;
  errorCode?: string;
}

/** SpendLogs rows; a repeated request_id is skipped (ON CONFLICT DO NOTHING), as LiteLLM's batch writer does. */
export async function addLogs(db: FixtureDb, rows: LogRow[]): Promise<void> {
  // Early-2025 SpendLogs have no organization_id column.
  const withOrg =
    (await db.q(`SELECT 1 FROM information_schema.columns WHERE table_name = 'LiteLLM_SpendLogs' AND column_name = 'organization_id'`))
      .length > 0;
  for (const r of rows) {
    const metadata =
      r.status === 'failure'
        ? {
            status: 'failure',
            error_information: {
              error_class: r.errorClass ?? 'RateLimitError',
              error_code: r.errorCode ?? '429',
              error_message: `${r.errorClass ?? 'RateLimitError'}: fixture`,
            },
          }
        : {};
    await db.q(
      `INSERT INTO "LiteLLM_SpendLogs" (request_id, call_type, api_key, spend, total_tokens, prompt_tokens, completion_tokens, "startTime", "endTime",
        model, model_group, custom_llm_provider, "user", metadata, team_id, status${withOrg ? ', organization_id' : ''})
      VALUES ($1, $2, $3, $4, 12, 10, 2, $5::timestamp, $5::timestamp + interval '1 second', $6, $6, 'openai', $7, $8::jsonb, $9, $10${withOrg ? ', $11' : ''})
      ON CONFLICT (request_id) DO NOTHING`,
      [
        r.requestId,
        r.callType ?? 'acompletion',
        r.apiKey,
        r.spend,
        r.startTime,
        r.model,
        r.user,
        JSON.stringify(metadata),
        r.teamId,
        r.status === undefined ? 'success' : r.status,
        ...(withOrg ? [r.orgId] : []),
      ],
    );
  }
}
