import type { LensDatabase } from '../db/database';
import type { Capabilities } from '../schema/capabilities';
import { optionalColumn as opt, rows } from './sql';

/** Budget limits as stored on an entity row or a LiteLLM_BudgetTable row. */
export interface Limits {
  maxBudget: number | null;
  softBudget: number | null;
  budgetDuration: string | null;
  budgetResetAt: string | null;
}

export interface KeyInfo extends Limits {
  token: string;
  alias: string | null;
  keyName: string | null;
  userId: string | null;
  teamId: string | null;
  orgId: string | null;
  budgetId: string | null;
  spend: number;
  /** Known only from LiteLLM_DeletedVerificationToken (latest deletion). */
  deleted: boolean;
}

export interface TeamInfo extends Limits {
  id: string;
  alias: string | null;
  orgId: string | null;
  spend: number;
  /** Raw `members_with_roles` as the driver returns it (array, legacy `{}`, or anything else). */
  membersWithRoles: unknown;
  deleted: boolean;
}

export interface UserInfo extends Limits {
  id: string;
  alias: string | null;
  email: string | null;
  teams: string[];
  spend: number;
}

/** A row of a table with a running counter and a linked budget (organisations, end users, tags). */
export interface CounterRow {
  id: string;
  alias: string | null;
  spend: number;
  budgetId: string | null;
}

export interface MembershipInfo {
  userId: string;
  teamId: string;
  spend: number;
  budgetId: string | null;
}

/** The entity tables of the database, read once per attribution. Absent tables give empty maps. */
export interface Entities {
  keys: Map<string, KeyInfo>;
  teams: Map<string, TeamInfo>;
  users: Map<string, UserInfo>;
  orgs: Map<string, CounterRow>;
  budgets: Map<string, Limits>;
  memberships: MembershipInfo[];
  endUsers: Map<string, CounterRow>;
  tags: Map<string, CounterRow>;
  /** Old hash → current hash of regenerated keys (LiteLLM_DeprecatedVerificationToken, chains followed). */
  rotated: Map<string, string>;
  /** SHA-256 hex of the master key, when the user gave it. */
  masterKeyHash: string | null;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

function limitsOf(r: Record<string, unknown>): Limits {
  return {
    maxBudget: num(r.max_budget),
    softBudget: num(r.soft_budget),
    budgetDuration: str(r.budget_duration),
    budgetResetAt: str(r.budget_reset_at),
  };
}

const VT = 'LiteLLM_VerificationToken';
const DVT = 'LiteLLM_DeletedVerificationToken';

function keySelect(caps: Capabilities, table: string): string {
  return `t.token, ${opt(caps, table, 'key_alias', 'text', 't')}, ${opt(caps, table, 'key_name', 'text', 't')},
    ${opt(caps, table, 'user_id', 'text', 't')}, ${opt(caps, table, 'team_id', 'text', 't')}, ${opt(caps, table, 'organization_id', 'text', 't')},
    ${opt(caps, table, 'budget_id', 'text', 't')}, ${opt(caps, table, 'spend', 'float8', 't')}, ${opt(caps, table, 'max_budget', 'float8', 't')},
    NULL::float8 AS soft_budget, ${opt(caps, table, 'budget_duration', 'text', 't')}, ${opt(caps, table, 'budget_reset_at', 'timestamp', 't')}`;
}

async function loadKeys(db: LensDatabase, caps: Capabilities, signal?: AbortSignal): Promise<Map<string, KeyInfo>> {
  const out = new Map<string, KeyInfo>();
  const add = (r: Record<string, unknown>, deleted: boolean) => {
    out.set(String(r.token), {
      token: String(r.token),
      alias: str(r.key_alias),
      keyName: str(r.key_name),
      userId: str(r.user_id),
      teamId: str(r.team_id),
      orgId: str(r.organization_id),
      budgetId: str(r.budget_id),
      spend: Number(r.spend ?? 0),
      deleted,
      ...limitsOf(r),
    });
  };
  if (caps.hasTable(DVT) && caps.hasColumn(DVT, 'token')) {
    const order = caps.hasColumn(DVT, 'deleted_at') ? 'ORDER BY t.token, t.deleted_at DESC' : 'ORDER BY t.token';
    for (const r of await rows(db, `SELECT DISTINCT ON (t.token) ${keySelect(caps, DVT)} FROM "${DVT}" t ${order}`, [], signal)) {
      add(r, true);
    }
  }
  // Live keys win over deletion copies (a token can be restored or re-created).
  if (caps.hasTable(VT)) for (const r of await rows(db, `SELECT ${keySelect(caps, VT)} FROM "${VT}" t`, [], signal)) add(r, false);
  return out;
}

function teamSelect(caps: Capabilities, table: string): string {
  return `t.team_id, ${opt(caps, table, 'team_alias', 'text', 't')}, ${opt(caps, table, 'organization_id', 'text', 't')},
    ${opt(caps, table, 'spend', 'float8', 't')}, ${opt(caps, table, 'max_budget', 'float8', 't')}, ${opt(caps, table, 'soft_budget', 'float8', 't')},
    ${opt(caps, table, 'budget_duration', 'text', 't')}, ${opt(caps, table, 'budget_reset_at', 'timestamp', 't')},
    ${opt(caps, table, 'members_with_roles', 'jsonb', 't')}`;
}

async function loadTeams(db: LensDatabase, caps: Capabilities, signal?: AbortSignal): Promise<Map<string, TeamInfo>> {
  const out = new Map<string, TeamInfo>();
  const add = (r: Record<string, unknown>, deleted: boolean) => {
    out.set(String(r.team_id), {
      id: String(r.team_id),
      alias: str(r.team_alias),
      orgId: str(r.organization_id),
      spend: Number(r.spend ?? 0),
      membersWithRoles: r.members_with_roles,
      deleted,
      ...limitsOf(r),
    });
  };
  const DT = 'LiteLLM_DeletedTeamTable';
  if (caps.hasTable(DT)) {
    const order = caps.hasColumn(DT, 'deleted_at') ? 'ORDER BY t.team_id, t.deleted_at DESC' : 'ORDER BY t.team_id';
    for (const r of await rows(db, `SELECT DISTINCT ON (t.team_id) ${teamSelect(caps, DT)} FROM "${DT}" t ${order}`, [], signal)) {
      add(r, true);
    }
  }
  const T = 'LiteLLM_TeamTable';
  if (caps.hasTable(T)) for (const r of await rows(db, `SELECT ${teamSelect(caps, T)} FROM "${T}" t`, [], signal)) add(r, false);
  return out;
}

async function loadUsers(db: LensDatabase, caps: Capabilities, signal?: AbortSignal): Promise<Map<string, UserInfo>> {
  const T = 'LiteLLM_UserTable';
  const out = new Map<string, UserInfo>();
  if (!caps.hasTable(T)) return out;
  const sql = `SELECT t.user_id, ${opt(caps, T, 'user_alias', 'text', 't')}, ${opt(caps, T, 'user_email', 'text', 't')},
    ${opt(caps, T, 'teams', 'text[]', 't')}, ${opt(caps, T, 'spend', 'float8', 't')}, ${opt(caps, T, 'max_budget', 'float8', 't')},
    NULL::float8 AS soft_budget, ${opt(caps, T, 'budget_duration', 'text', 't')}, ${opt(caps, T, 'budget_reset_at', 'timestamp', 't')}
    FROM "${T}" t`;
  for (const r of await rows(db, sql, [], signal)) {
    out.set(String(r.user_id), {
      id: String(r.user_id),
      alias: str(r.user_alias),
      email: str(r.user_email),
      teams: Array.isArray(r.teams) ? r.teams.map(String) : [],
      spend: Number(r.spend ?? 0),
      ...limitsOf(r),
    });
  }
  return out;
}

/** `SELECT id, alias, spend, budget_id` of a counter table (orgs, end users, tags), or nothing when it is missing. */
async function loadCounterRows(
  db: LensDatabase,
  caps: Capabilities,
  table: string,
  idCol: string,
  aliasCol: string | null,
  signal?: AbortSignal,
): Promise<Map<string, CounterRow>> {
  const out = new Map<string, CounterRow>();
  if (!caps.hasTable(table) || !caps.hasColumn(table, idCol)) return out;
  const alias = aliasCol ? opt(caps, table, aliasCol, 'text', 't', 'alias') : 'NULL::text AS alias';
  const sql = `SELECT t.${idCol} AS id, ${alias}, ${opt(caps, table, 'spend', 'float8', 't')}, ${opt(caps, table, 'budget_id', 'text', 't')} FROM "${table}" t`;
  for (const r of await rows(db, sql, [], signal)) {
    out.set(String(r.id), { id: String(r.id), alias: str(r.alias), spend: Number(r.spend ?? 0), budgetId: str(r.budget_id) });
  }
  return out;
}

async function loadBudgets(db: LensDatabase, caps: Capabilities, signal?: AbortSignal): Promise<Map<string, Limits>> {
  const T = 'LiteLLM_BudgetTable';
  const out = new Map<string, Limits>();
  if (!caps.hasTable(T)) return out;
  const sql = `SELECT t.budget_id, ${opt(caps, T, 'max_budget', 'float8', 't')}, ${opt(caps, T, 'soft_budget', 'float8', 't')},
    ${opt(caps, T, 'budget_duration', 'text', 't')}, ${opt(caps, T, 'budget_reset_at', 'timestamp', 't')} FROM "${T}" t`;
  for (const r of await rows(db, sql, [], signal)) out.set(String(r.budget_id), limitsOf(r));
  return out;
}

async function loadMemberships(db: LensDatabase, caps: Capabilities, signal?: AbortSignal): Promise<MembershipInfo[]> {
  const T = 'LiteLLM_TeamMembership';
  if (!caps.hasTable(T)) return [];
  const sql = `SELECT t.user_id, t.team_id, ${opt(caps, T, 'spend', 'float8', 't')}, ${opt(caps, T, 'budget_id', 'text', 't')} FROM "${T}" t`;
  return (await rows(db, sql, [], signal)).map((r) => ({
    userId: String(r.user_id),
    teamId: String(r.team_id),
    spend: Number(r.spend ?? 0),
    budgetId: str(r.budget_id),
  }));
}

/**
 * Regenerating a key replaces its hash in place and keeps its spend (key_management_endpoints.py ~L3641-3664);
 * the old hash stays in LiteLLM_DeprecatedVerificationToken for the grace period (key_rotation_manager.py
 * ~L106-117) with `active_token_id` = the new hash. Daily rows written before keep the old hash.
 */
async function loadRotations(db: LensDatabase, caps: Capabilities, signal?: AbortSignal): Promise<Map<string, string>> {
  const T = 'LiteLLM_DeprecatedVerificationToken';
  const out = new Map<string, string>();
  if (!caps.hasColumn(T, 'token') || !caps.hasColumn(T, 'active_token_id')) return out;
  const direct = new Map<string, string>();
  for (const r of await rows(db, `SELECT t.token, t.active_token_id FROM "${T}" t WHERE t.active_token_id IS NOT NULL`, [], signal)) {
    direct.set(String(r.token), String(r.active_token_id));
  }
  for (const old of direct.keys()) {
    // A key regenerated twice: follow old → newer → newest (bounded, in case of a cycle in edited data).
    let current = direct.get(old)!;
    for (let i = 0; i < direct.size && direct.has(current) && direct.get(current) !== old; i++) current = direct.get(current)!;
    out.set(old, current);
  }
  return out;
}

/** Reads every entity table the attribution needs (small tables; one query each, run concurrently). */
export async function loadEntities(
  db: LensDatabase,
  caps: Capabilities,
  masterKeyHash: string | null,
  signal?: AbortSignal,
): Promise<Entities> {
  const [keys, teams, users, orgs, budgets, memberships, endUsers, tags, rotated] = await Promise.all([
    loadKeys(db, caps, signal),
    loadTeams(db, caps, signal),
    loadUsers(db, caps, signal),
    loadCounterRows(db, caps, 'LiteLLM_OrganizationTable', 'organization_id', 'organization_alias', signal),
    loadBudgets(db, caps, signal),
    loadMemberships(db, caps, signal),
    loadCounterRows(db, caps, 'LiteLLM_EndUserTable', 'user_id', 'alias', signal),
    loadCounterRows(db, caps, 'LiteLLM_TagTable', 'tag_name', null, signal),
    loadRotations(db, caps, signal),
  ]);
  return { keys, teams, users, orgs, budgets, memberships, endUsers, tags, rotated, masterKeyHash };
}
