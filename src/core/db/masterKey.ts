import { createHash } from 'node:crypto';

/** What LiteLLM stores as `api_key` for master-key calls with `disable_adding_master_key_hash_to_db: true`. */
export const MASTER_KEY_LITERAL = 'litellm_proxy_master_key';

/**
 * The `api_key` LiteLLM stores for calls made with this master key: `hash_token` (SHA-256 hex of the UTF-8 key,
 * no salt) when it starts with `sk-`, else the value unchanged (spend_tracking_utils.py `get_logging_payload`
 * ~L296-330: `if api_key.startswith("sk-"): api_key = hash_token(api_key)`; utils.py `hash_token`).
 */
export function hashMasterKey(masterKey: string): string {
  return masterKey.startsWith('sk-') ? createHash('sha256').update(masterKey, 'utf8').digest('hex') : masterKey;
}

/** True for the master key's stored value: its hash (when known) or the literal LiteLLM writes when hashing is disabled. */
export function isMasterKey(apiKey: string | null | undefined, masterKeyHash?: string): boolean {
  if (!apiKey) return false;
  return apiKey === MASTER_KEY_LITERAL || (masterKeyHash !== undefined && masterKeyHash !== '' && apiKey === masterKeyHash);
}
