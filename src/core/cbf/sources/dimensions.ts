import type { LensDatabase } from '../../db/database';
import type { Capabilities } from '../../schema/capabilities';
import type { Requirement } from '../../schema/features';
import type { SourceRow } from '../sourceRow';

/**
 * Names for keys, users, teams and organisations through LiteLLM's value joins (docs/reference/litellm-schema.md
 * §5.2): `api_key = VerificationToken.token`, falling back to `DeletedVerificationToken` for deleted keys.
 * Aliases are the current ones (LiteLLM keeps no history of them).
 */
export const ENRICHMENT_REQUIREMENTS: readonly Requirement[] = [
  { table: 'LiteLLM_VerificationToken', columns: ['token', 'key_alias', 'key_name', 'user_id', 'team_id', 'organization_id'] },
  { table: 'LiteLLM_UserTable', columns: ['user_id', 'user_alias', 'user_email'] },
  { table: 'LiteLLM_TeamTable', columns: ['team_id', 'team_alias', 'organization_id'] },
  { table: 'LiteLLM_OrganizationTable', columns: ['organization_id', 'organization_alias'] },
];

const DELETED_KEYS: Requirement = {
  table: 'LiteLLM_DeletedVerificationToken',
  columns: ['token', 'key_alias', 'key_name', 'user_id', 'team_id', 'organization_id', 'deleted_at'],
};

const DEPRECATED_KEYS: Requirement = { table: 'LiteLLM_DeprecatedVerificationToken', columns: ['token', 'active_token_id'] };

/** A key's row: the live one, or the one it resolved to (see `Dimensions.key`). */
export interface KeyRow {
  alias: string | null;
  name: string | null;
  userId: string | null;
  teamId: string | null;
  orgId: string | null;
}

export interface UserRow {
  alias: string | null;
  email: string | null;
}

export interface TeamRow {
  alias: string | null;
  orgId: string | null;
}

/**
 * The key, user, team and organisation tables held in memory for one export: a few thousand rows on a large
 * proxy, against a million spend rows that would each repeat the same joins on the server (issue 15).
 */
export interface Dimensions {
  /**
   * The live key (`LiteLLM_VerificationToken`), else — following regenerated keys — the live key a regenerated
   * key's old hash now points to, else the key's latest deleted row. A regenerated key keeps its row under a new
   * hash (key_management_endpoints.py ~L3641-3664); its old hash, still on older spend rows, maps to the new one
   * in `LiteLLM_DeprecatedVerificationToken` until LiteLLM purges it (key_rotation_manager.py ~L106-117).
   */
  key(apiKey: string | null): KeyRow | undefined;
  user(userId: string | null): UserRow | undefined;
  team(teamId: string | null): TeamRow | undefined;
  /** The organisation's alias; undefined when there is no such organisation. */
  org(orgId: string | null): { alias: string | null } | undefined;
}

type Text = string | null;

/** Loads the tables; `followRegenerated` is lens (ll2cz does not follow regenerated keys). */
export async function loadDimensions(
  db: LensDatabase,
  caps: Capabilities,
  followRegenerated: boolean,
  signal?: AbortSignal,
): Promise<Dimensions> {
  const { deleted, deprecated } = keyTables(caps, followRegenerated);
  const rows = async (sql: string): Promise<Text[][]> =>
    (await db.query<Record<string, Text>>(sql, [], { signal })).rows.map((r) => Object.values(r));
  const keyColumns = 'token, key_alias, key_name, user_id, team_id, organization_id';
  const keyMap = (list: Text[][]): Map<string, KeyRow> =>
    new Map(list.map(([t, alias, name, userId, teamId, orgId]) => [t as string, { alias, name, userId, teamId, orgId }]));
  const live = keyMap(await rows(`SELECT ${keyColumns} FROM "LiteLLM_VerificationToken" WHERE token IS NOT NULL`));
  // The latest deletion of a token wins, as LiteLLM's own lookups of deleted keys do.
  const gone = deleted
    ? keyMap(
        await rows(
          `SELECT DISTINCT ON (token) ${keyColumns} FROM "LiteLLM_DeletedVerificationToken" WHERE token IS NOT NULL ORDER BY token, deleted_at DESC`,
        ),
      )
    : new Map<string, KeyRow>();
  const moved = deprecated
    ? new Map(
        (await rows(`SELECT token, active_token_id FROM "LiteLLM_DeprecatedVerificationToken" WHERE token IS NOT NULL`)).map(([t, a]) => [
          t as string,
          a,
        ]),
      )
    : new Map<string, Text>();
  const users = new Map(
    (await rows(`SELECT user_id, user_alias, user_email FROM "LiteLLM_UserTable" WHERE user_id IS NOT NULL`)).map(([id, alias, email]) => [
      id as string,
      { alias, email },
    ]),
  );
  const teams = new Map(
    (await rows(`SELECT team_id, team_alias, organization_id FROM "LiteLLM_TeamTable" WHERE team_id IS NOT NULL`)).map(
      ([id, alias, orgId]) => [id as string, { alias, orgId }],
    ),
  );
  const orgs = new Map(
    (await rows(`SELECT organization_id, organization_alias FROM "LiteLLM_OrganizationTable" WHERE organization_id IS NOT NULL`)).map(
      ([id, alias]) => [id as string, { alias }],
    ),
  );
  return {
    key(apiKey) {
      if (apiKey === null) return undefined;
      const own = live.get(apiKey);
      if (own) return own;
      const active = moved.get(apiKey);
      const renewed = active ? live.get(active) : undefined;
      return renewed ?? gone.get(active ?? apiKey);
    },
    user: (id) => (id === null ? undefined : users.get(id)),
    team: (id) => (id === null ? undefined : teams.get(id)),
    org: (id) => (id === null ? undefined : orgs.get(id)),
  };
}

/** What the user should know about missing key tables on this schema. */
export function keyNotes(caps: Capabilities, followRegenerated: boolean): string[] {
  const { deleted, deprecated } = keyTables(caps, followRegenerated);
  return [
    ...(deleted
      ? []
      : [
          'LiteLLM_DeletedVerificationToken is absent (older LiteLLM): rows of deleted keys carry no key alias, user, team or organisation from the key.',
        ]),
    ...(deprecated || !followRegenerated
      ? []
      : [
          "LiteLLM_DeprecatedVerificationToken is absent (older LiteLLM): rows written under a regenerated key's old hash carry no key alias, user, team or organisation from the key.",
        ]),
  ];
}

/** Which of the optional key tables this schema has (deprecated keys only matter when following regenerated keys). */
function keyTables(caps: Capabilities, followRegenerated: boolean): { deleted: boolean; deprecated: boolean } {
  return {
    deleted: caps.missing([DELETED_KEYS]).length === 0,
    deprecated: followRegenerated && caps.missing([DEPRECATED_KEYS]).length === 0,
  };
}

/**
 * Sets the row's user, team and organisation ids to the ones the profile resolved, and the key's, user's, team's
 * and organisation's names from their rows (absent rows leave NULL, as LEFT JOINs on the primary keys did).
 */
export function nameRow(
  row: SourceRow,
  dims: Dimensions,
  key: KeyRow | undefined,
  ids: { user: string | null; team: string | null; org: string | null },
): SourceRow {
  const user = dims.user(ids.user);
  row.key_alias = key?.alias ?? null;
  row.key_name = key?.name ?? null;
  row.user_id = ids.user;
  row.team_id = ids.team;
  row.org_id = ids.org;
  row.user_alias = user?.alias ?? null;
  row.user_email = user?.email ?? null;
  row.team_alias = dims.team(ids.team)?.alias ?? null;
  row.org_alias = dims.org(ids.org)?.alias ?? null;
  return row;
}

/** First non-empty value, else '' (SQL `COALESCE(NULLIF(a, ''), NULLIF(b, ''), '')`). */
export function firstNonEmpty(...values: (string | null | undefined)[]): string {
  for (const v of values) if (v) return v;
  return '';
}
