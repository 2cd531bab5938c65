import type { Capabilities } from '../../schema/capabilities';
import type { Requirement } from '../../schema/features';

/**
 * Names for keys, users, teams and organisations through LiteLLM's value joins (reference/litellm-schema.md
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

/** SQL expressions for the key's attributes; `dk` is all-NULL whenever `vt` matched, so COALESCE picks the live key first. */
export interface KeyJoin {
  joins: string;
  alias: string;
  name: string;
  userId: string;
  teamId: string;
  orgId: string;
  notes: string[];
}

/** Joins `vt` (and `dk` when the deleted-keys table exists) on `<rowAlias>.api_key`. */
export function keyJoin(caps: Capabilities, rowAlias: string): KeyJoin {
  const live = `LEFT JOIN "LiteLLM_VerificationToken" vt ON vt.token = ${rowAlias}.api_key`;
  const pick = (col: string, deleted: boolean) => (deleted ? `COALESCE(vt.${col}, dk.${col})` : `vt.${col}`);
  const deleted = caps.missing([DELETED_KEYS]).length === 0;
  const joins = deleted
    ? `${live}
LEFT JOIN (SELECT DISTINCT ON (token) token, key_alias, key_name, user_id, team_id, organization_id
           FROM "LiteLLM_DeletedVerificationToken" ORDER BY token, deleted_at DESC) dk
       ON vt.token IS NULL AND dk.token = ${rowAlias}.api_key`
    : live;
  return {
    joins,
    alias: pick('key_alias', deleted),
    name: pick('key_name', deleted),
    userId: pick('user_id', deleted),
    teamId: pick('team_id', deleted),
    orgId: pick('organization_id', deleted),
    notes: deleted ? [] : ['LiteLLM_DeletedVerificationToken is absent (older LiteLLM): rows of deleted keys carry no key alias, user, team or organisation from the key.'],
  };
}

/** Attribution expressions the plan supplies; the joins below name users, teams and organisations by them. */
export interface Attribution {
  /** Join conditions' right-hand sides. */
  userJoin: string;
  teamJoin: string;
  /** May refer to `t` (joined before `o`). */
  orgJoin: string;
  /** Output expressions for user_id, team_id, org_id, enriched_team_id. */
  userId: string;
  teamId: string;
  orgId: string;
  enrichedTeamId: string;
}

export function entityJoins(a: Attribution): string {
  return `LEFT JOIN "LiteLLM_UserTable" u ON u.user_id = ${a.userJoin}
LEFT JOIN "LiteLLM_TeamTable" t ON t.team_id = ${a.teamJoin}
LEFT JOIN "LiteLLM_OrganizationTable" o ON o.organization_id = ${a.orgJoin}`;
}

/** The enrichment columns of every source query, in SourceRow names. */
export function enrichmentColumns(key: KeyJoin, a: Attribution): string {
  return `${key.alias} AS key_alias, ${key.name} AS key_name,
       ${a.userId} AS user_id, ${a.teamId} AS team_id, ${a.orgId} AS org_id,
       u.user_alias, u.user_email, t.team_alias, o.organization_alias AS org_alias,
       ${a.enrichedTeamId} AS enriched_team_id`;
}

/** First non-empty of the expressions, else ''. */
export function firstNonEmpty(...exprs: string[]): string {
  return `COALESCE(${exprs.map((e) => `NULLIF(${e}, '')`).join(', ')}, '')`;
}
