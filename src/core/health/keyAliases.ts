import { rows } from '../attribution/sql';
import type { CheckContext } from './types';

/** token → key_alias, for naming keys in findings (empty where the column does not exist yet). */
export async function keyAliases(ctx: CheckContext): Promise<Map<string, string>> {
  if (!ctx.caps.hasColumn('LiteLLM_VerificationToken', 'key_alias')) return new Map();
  const found = await rows(ctx.db, 'SELECT token, key_alias FROM "LiteLLM_VerificationToken" WHERE key_alias IS NOT NULL', [], ctx.signal);
  return new Map(found.map((r) => [String(r.token), String(r.key_alias)]));
}
