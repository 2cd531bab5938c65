import { createHash } from 'node:crypto';
import { normalizeComponent, normalizeService } from './normalize';

/**
 * ll2cz 0.6.2's `generate_resource_id(model, provider)` (docs/reference/cloudzero.md §2.6): `provider/model` unless the
 * model already names the provider or has a path, with every `:` turned into `|`. The provider is the raw
 * `custom_llm_provider` (`bedrock`, not `aws`).
 */
export function ll2czResourceId(model: string | null | undefined, provider?: string | null): string {
  if (!model || model === '*') return 'unknown/unknown';
  const m = model.trim();
  const id = provider && !m.includes(provider) && !m.includes('/') ? `${provider}/${m}` : m;
  return id.replaceAll(':', '|');
}

/** Who and what a lens row is about: the raw values that decide every tag of the row. */
export interface LensIdentity {
  provider: string;
  org: string;
  team: string;
  user: string;
  key: string;
  model: string;
  modelGroup: string;
  /** Source-specific dimension that is not one of the above (the tag, the end user), '' when none. */
  extra: string;
}

export const LENS_RESOURCE_TYPE = 'llm-usage';

/** The normalisers to use (callers pass memoised ones). */
export interface Normalizers {
  component: (value: string) => string;
  service: (value: string) => string;
}

/**
 * `llm-usage/<provider>|<org>|<team>|<user>|<key>|<model>|<fingerprint>`. CloudZero splits `resource/id` at its
 * first `/` or `:` and keeps one value per tag per id (docs/reference/cloudzero.md §1.2, §1.4), so the id has exactly one `/`, no
 * `:`, and must differ whenever any tag could differ. Normalisation is lossy (`GPT-4o` and `gpt-4o`, `''` and
 * `unknown`, model groups are not in the readable part), so a 12-hex fingerprint of the raw identity keeps
 * distinct identities apart while the readable components stay greppable.
 */
export function lensResourceId(id: LensIdentity, norm: Normalizers = { component: normalizeComponent, service: normalizeService }): string {
  const c = norm.component;
  const readable = [norm.service(id.provider), c(id.org), c(id.team), c(id.user), c(id.key), c(id.model)];
  return `${LENS_RESOURCE_TYPE}/${readable.join('|')}|${identityFingerprint(id)}`;
}

/** First 12 hex digits of SHA-256 over the raw identity fields, NUL-separated so no two tuples share an input. */
export function identityFingerprint(id: LensIdentity): string {
  const input = [id.provider, id.org, id.team, id.user, id.key, id.model, id.modelGroup, id.extra].join('\u0000');
  return createHash('sha256').update(input, 'utf8').digest('hex').slice(0, 12);
}
