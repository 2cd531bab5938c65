import { czrnOf } from '../czrn';
import { formatDecimal } from '../decimal';
import { memoized, TupleMemo } from '../memo';
import { extractModelName } from '../modelFamily';
import { normalizeComponent, normalizeService } from '../normalize';
import { LENS_RESOURCE_TYPE, lensResourceId, type LensIdentity } from '../resourceId';
import type { SourceRow } from '../sourceRow';
import type { CbfRow, CbfSource } from '../types';
import { isMasterKey, MASTER_KEY_LITERAL } from '../../db/masterKey';
import { type BuildContext, type Identity, keptFromSecondSight, newIdentity, presentOnly, type ProfileSpec } from './profile';

const ROW_COLUMNS = ['time/usage_start', 'cost/cost', 'usage/amount', 'lineitem/description'] as const;

const IDENTITY_COLUMNS = [
  'usage/units',
  'lineitem/type',
  'resource/id',
  'resource/service',
  'resource/account',
  'resource/region',
  'resource/usage_family',
  'resource/tag:czrn',
  'resource/tag:provider',
  'resource/tag:model',
  'resource/tag:model_group',
  'resource/tag:organization_id',
  'resource/tag:organization_alias',
  'resource/tag:team_id',
  'resource/tag:team_alias',
  'resource/tag:user_id',
  'resource/tag:user_alias',
  'resource/tag:user_email',
  'resource/tag:key_id',
  'resource/tag:key_alias',
  'resource/tag:key_name',
] as const;

const OWNER_AT = IDENTITY_COLUMNS.indexOf('resource/tag:organization_id');
/**
 * The runs encoders share (ProfileSpec.sharedRuns): the model's columns (service to model group, with the czrn:
 * the same for every key of a user on a model) and the owner's. What stays an identity's own is its resource/id
 * and its end user: ~225 of ~560 bytes of a JSONL line's identity.
 */
const SHARED_RUNS = [IDENTITY_COLUMNS.slice(IDENTITY_COLUMNS.indexOf('resource/service'), OWNER_AT), IDENTITY_COLUMNS.slice(OWNER_AT)];

/** The source dimension that is none of org/team/user/key/model, and its tag. */
const EXTRA_TAG: Partial<Record<CbfSource, string>> = {
  tag: 'resource/tag:tag',
  enduser: 'resource/tag:end_user',
  logs: 'resource/tag:end_user',
};

function extraOf(src: SourceRow, source: CbfSource): string {
  if (source === 'tag') return src.entity ?? '';
  if (source === 'enduser' || source === 'logs') return src.end_user ?? '';
  return '';
}

/** The key alias lens gives master-key spend (LiteLLM has no key row for it). */
export const MASTER_KEY_ALIAS = 'LiteLLM master key';

/** Normalisers memoised per stream: ids repeat on many identities, and a miss must stay cheap. */
function identityBuilder(source: CbfSource, context: BuildContext): (src: SourceRow) => CbfRow {
  const component = memoized(normalizeComponent);
  const service = memoized(normalizeService, 1000);
  const family = memoized((model) => normalizeComponent(extractModelName(model)), 1000);
  const extraTag = EXTRA_TAG[source];
  return (src) => {
    // Master-key spend shows as the literal LiteLLM uses when it does not hash the key: its hash is never written out.
    const master = isMasterKey(src.api_key, context.masterKeyHash);
    const id: LensIdentity = {
      provider: src.provider ?? '',
      org: src.org_id ?? '',
      team: src.team_id ?? '',
      user: src.user_id ?? '',
      key: master ? MASTER_KEY_LITERAL : (src.api_key ?? ''),
      model: src.model ?? '',
      modelGroup: src.model_group ?? '',
      extra: extraOf(src, source),
    };
    const svc = service(id.provider);
    const [org, team, user, model] = [component(id.org), component(id.team), component(id.user), component(id.model)];
    return {
      'usage/units': 'tokens',
      'lineitem/type': 'Usage',
      'resource/id': lensResourceId(id, { component, service }),
      'resource/service': svc,
      'resource/account': org,
      'resource/region': 'cross-region',
      'resource/usage_family': family(id.model),
      'resource/tag:czrn': czrnOf({
        provider: 'litellm',
        serviceType: svc,
        region: 'cross-region',
        ownerAccountId: org,
        resourceType: LENS_RESOURCE_TYPE,
        cloudLocalId: `${org}|${team}|${user}|${model}`,
      }),
      ...presentOnly([
        ['resource/tag:provider', id.provider],
        ['resource/tag:model', id.model],
        ['resource/tag:model_group', id.modelGroup],
        ['resource/tag:organization_id', id.org],
        ['resource/tag:organization_alias', src.org_alias],
        ['resource/tag:team_id', id.team],
        ['resource/tag:team_alias', src.team_alias],
        ['resource/tag:user_id', id.user],
        ['resource/tag:user_alias', src.user_alias],
        ['resource/tag:user_email', src.user_email],
        ['resource/tag:key_id', id.key],
        ['resource/tag:key_alias', master ? (src.key_alias ?? MASTER_KEY_ALIAS) : src.key_alias],
        ['resource/tag:key_name', src.key_name],
        ...(extraTag ? [[extraTag, id.extra] as [string, string]] : []),
      ]),
    };
  };
}

/**
 * Token breakdown and request counts as `key=value` pairs: per-row counters are never tags (a tag keeps one
 * value per resource), so they go to the line item's description. Cache tokens are listed here but not added to `usage/amount`:
 * LiteLLM's prompt_tokens already include cached prompt tokens (OpenAI usage semantics), as in ll2cz.
 */
export function lensDescription(src: SourceRow): string {
  const cache = src.cache_read_tokens === null ? '' : ` cache_read=${src.cache_read_tokens} cache_write=${src.cache_creation_tokens ?? 0}`;
  const fallback = src.attribution === 'key' ? ' attribution=key' : '';
  return `prompt=${src.prompt_tokens} completion=${src.completion_tokens}${cache} requests=${src.api_requests} failed=${src.failed_requests}${fallback}`;
}

/** The organisation-aware profile (docs/design.md §4). */
export const lensProfile: ProfileSpec = {
  name: 'lens',
  joins: 'resolved',
  groupsLogsByCallType: false,
  validation: { singleSeparatorResourceId: true },
  rowColumns: () => ROW_COLUMNS,
  identityColumns(source) {
    const extra = EXTRA_TAG[source];
    return extra ? [...IDENTITY_COLUMNS, extra] : IDENTITY_COLUMNS;
  },
  sharedRuns: () => SHARED_RUNS,
  builder(source, context = {}) {
    const identities = new TupleMemo<Identity>();
    const build = identityBuilder(source, context);
    // One array for every row's lookup (the memo keeps copies): a million rows would otherwise leave a million arrays to collect.
    const fields: string[] = new Array<string>(6);
    return (src) => {
      // The raw identity decides every identity column (NULL and '' alike): aliases come from PK lookups of these ids
      // (sources/dimensions.ts). Hashed on key and model, which together leave few identities to compare field by field.
      fields[0] = extraOf(src, source);
      fields[1] = src.provider ?? '';
      fields[2] = src.org_id ?? '';
      fields[3] = src.team_id ?? '';
      fields[4] = src.user_id ?? '';
      fields[5] = src.model_group ?? '';
      return {
        identity: identities.get(
          src.api_key ?? '',
          src.model ?? '',
          fields,
          (kept) => newIdentity(build(src), kept),
          keptFromSecondSight(src),
        ),
        values: {
          'time/usage_start': src.usage_start,
          'cost/cost': formatDecimal(src.spend),
          'usage/amount': String(src.prompt_tokens + src.completion_tokens),
          'lineitem/description': lensDescription(src),
        },
      };
    };
  },
};
