import type { Capabilities } from '../../schema/capabilities';
import type { Requirement } from '../../schema/features';

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

/**
 * SQL expressions for the key's attributes: the live key (`vt`), else the live key a regenerated key's old hash
 * now points to (`rv`, through `dv`), else the deleted key (`dk`); each later join matches only when the earlier
 * ones did not, so COALESCE picks in that order.
 */
export interface KeyJoin {
  joins: string;
  alias: string;
  name: string;
  userId: string;
  teamId: string;
  orgId: string;
  notes: string[];
}

/**
 * Joins on `<rowAlias>.api_key`. A regenerated key keeps its VerificationToken row under a new hash
 * (key_management_endpoints.py ~L3641-3664); its old hash, still on older daily and SpendLogs rows, maps to the
 * new one in `LiteLLM_DeprecatedVerificationToken` until LiteLLM purges it (key_rotation_manager.py ~L106-117).
 */
export function keyJoin(caps: Capabilities, rowAlias: string, followRegenerated: boolean): KeyJoin {
  const deleted = caps.missing([DELETED_KEYS]).length === 0;
  const deprecated = followRegenerated && caps.missing([DEPRECATED_KEYS]).length === 0;
  const sources = ['vt', ...(deprecated ? ['rv'] : []), ...(deleted ? ['dk'] : [])];
  const pick = (col: string): string => (sources.length === 1 ? `vt.${col}` : `COALESCE(${sources.map((t) => `${t}.${col}`).join(', ')})`);
  const joins = [`LEFT JOIN "LiteLLM_VerificationToken" vt ON vt.token = ${rowAlias}.api_key`];
  if (deprecated) {
    joins.push(`LEFT JOIN "LiteLLM_DeprecatedVerificationToken" dv ON vt.token IS NULL AND dv.token = ${rowAlias}.api_key
LEFT JOIN "LiteLLM_VerificationToken" rv ON rv.token = dv.active_token_id`);
  }
  if (deleted) {
    const token = deprecated ? `COALESCE(dv.active_token_id, ${rowAlias}.api_key)` : `${rowAlias}.api_key`;
    joins.push(`LEFT JOIN (SELECT DISTINCT ON (token) token, key_alias, key_name, user_id, team_id, organization_id
           FROM "LiteLLM_DeletedVerificationToken" ORDER BY token, deleted_at DESC) dk
       ON vt.token IS NULL${deprecated ? ' AND rv.token IS NULL' : ''} AND dk.token = ${token}`);
  }
  const notes = [
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
  return {
    joins: joins.join('\n'),
    alias: pick('key_alias'),
    name: pick('key_name'),
    userId: pick('user_id'),
    teamId: pick('team_id'),
    orgId: pick('organization_id'),
    notes,
  };
}

/** Attribution expressions the plan supplies; the joins below name users, teams and organisations by them. */
export interface Attribution {
  /** SQL that is 'key' where team or organisation had to come from the key's current row, else NULL. */
  fallback?: string;
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
       ${a.enrichedTeamId} AS enriched_team_id, ${a.fallback ?? 'NULL::text'} AS attribution`;
}

/** First non-empty of the expressions, else ''. */
export function firstNonEmpty(...exprs: string[]): string {
  return `COALESCE(${exprs.map((e) => `NULLIF(${e}, '')`).join(', ')}, '')`;
}
