/**
 * The attribution's vocabulary, defined once: the engine's result (`src/core/attribution/types.ts`) and the
 * spend and graph protocols (`spendProtocol.ts`, `graphProtocol.ts`) use these types.
 */

/** `daily`: the durable daily tables (default). `requests`: LiteLLM_SpendLogs (only within its retention). */
export type Basis = 'daily' | 'requests';

/** A level of the attribution tree (organisation → team → user → key → model). */
export type NodeLevel = 'total' | 'organization' | 'team' | 'user' | 'key' | 'model';

/**
 * - `known`: the id exists in its entity table;
 * - `deleted`: only in LiteLLM_DeletedVerificationToken / LiteLLM_DeletedTeamTable;
 * - `unknown`: an id no entity table (or deletion table) knows;
 * - `unassigned`: the id is `''` (no user, team, organisation, key or model);
 * - `no-team-row`: spend in LiteLLM_DailyUserSpend that has no LiteLLM_DailyTeamSpend row (keys whose team_id
 *   was None when the request was made);
 * - `master-key`: the proxy's master key (its SHA-256 hash, given with the master key, or the literal
 *   `litellm_proxy_master_key` written with disable_adding_master_key_hash_to_db).
 */
export type NodeStatus = 'known' | 'deleted' | 'unknown' | 'unassigned' | 'no-team-row' | 'master-key';
