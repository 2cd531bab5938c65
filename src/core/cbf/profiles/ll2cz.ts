import { czrnOf } from '../czrn';
import { formatDecimal } from '../decimal';
import { TupleMemo } from '../memo';
import { extractModelName } from '../modelFamily';
import { normalizeComponent, normalizeService } from '../normalize';
import { ll2czResourceId } from '../resourceId';
import type { SourceRow } from '../sourceRow';
import type { CbfRow, CbfSource } from '../types';
import { type Identity, keptFromSecondSight, newIdentity, type ProfileSpec } from './profile';

/**
 * ll2cz 0.6.2's CLI output (`data_processor.py::create_cbf_record`, docs/reference/cloudzero.md §2.7, worked example
 * §5.6), column for column and in its as-sent form (every value a string, `time/usage_start` ending in `Z`),
 * without its bugs: the CZRN resource/service types are normalised when ll2cz's raw value would break the CZRN
 * (8-field Bedrock CZRNs), CSV works, and SpendLogs' "startTime" is quoted. Tags skip only absent (NULL) values;
 * empty strings are kept, as ll2cz does. Columns are ll2cz's; their order is per-row values first, then the
 * identity (ll2cz's CSV never worked, so there is no CSV order to keep, and JSON key order carries no meaning).
 */

/** Per-row columns; ll2cz writes cache-token tags only for the daily tables. */
const DAILY_ROW = [
  'time/usage_start',
  'cost/cost',
  'usage/amount',
  'resource/tag:cache_creation_tokens',
  'resource/tag:cache_read_tokens',
  'resource/tag:api_requests',
  'resource/tag:successful_requests',
  'resource/tag:failed_requests',
];
const LOGS_ROW = DAILY_ROW.filter((c) => !c.includes('cache_'));
const DAILY_IDENTITY = [
  'usage/units',
  'resource/service',
  'resource/account',
  'resource/region',
  'resource/usage_family',
  'resource/id',
  'lineitem/type',
  'resource/tag:czrn',
  'resource/tag:model_family',
  'resource/tag:entity_type',
  'resource/tag:entity_id',
  'resource/tag:model_group',
  'resource/tag:key_name',
  'resource/tag:user_alias',
  'resource/tag:user_email',
  'resource/tag:team_alias',
  'resource/tag:team_id',
  'resource/tag:organization_alias',
  'resource/tag:organization_id',
];
const OWNER_COLUMNS = DAILY_IDENTITY.slice(DAILY_IDENTITY.indexOf('resource/tag:key_name'));
/** The logs source adds the raw model, end user and enriched team (`request_id` is gone: rows are hourly aggregates). */
const LOGS_IDENTITY = [...DAILY_IDENTITY, 'resource/tag:model', 'resource/tag:end_user', 'resource/tag:enriched_team_id'];

const ENTITY_TYPE: Record<CbfSource, string> = {
  user: 'user',
  team: 'team',
  tag: 'tag',
  org: 'organization',
  enduser: 'end_user',
  logs: 'user',
};

/** ll2cz emits a CZRN component as computed; only a value that would break the CZRN is normalised. */
function czrnSafe(value: string, allowUppercase = false): string {
  return (allowUppercase ? /^[a-zA-Z0-9-]+$/ : /^[a-z0-9-]+$/).test(value) ? value : normalizeComponent(value);
}

function nonBlank(value: string | null): value is string {
  return value !== null && value.trim() !== '';
}

/** Only NULL is skipped (ll2cz's `if value is not None`). */
function put(out: CbfRow, column: string, value: string | number | null): void {
  if (value !== null) out[column] = String(value);
}

function identityColumns(src: SourceRow, source: CbfSource): CbfRow {
  const logs = source === 'logs';
  const family = extractModelName(src.model);
  const resourceType = logs ? normalizeComponent(src.call_type) : family;
  const owner = nonBlank(src.key_alias) ? normalizeComponent(src.key_alias) : normalizeComponent(src.api_key);
  const out: CbfRow = {};
  put(out, 'usage/units', 'tokens');
  put(out, 'resource/service', src.provider === null ? null : normalizeService(src.provider));
  put(out, 'resource/account', nonBlank(src.key_alias) ? owner : src.api_key ? owner : null);
  put(out, 'resource/region', 'cross-region');
  put(out, 'resource/usage_family', !src.model || src.model === '*' ? 'unknown' : resourceType);
  const cloudLocalId = ll2czResourceId(logs ? src.model || src.call_type : src.model, src.provider);
  put(out, 'resource/id', cloudLocalId);
  put(out, 'lineitem/type', 'Usage');
  put(
    out,
    'resource/tag:czrn',
    czrnOf({
      provider: 'litellm',
      serviceType: czrnSafe(normalizeService(src.provider), true),
      region: 'cross-region',
      ownerAccountId: owner,
      resourceType: czrnSafe(resourceType),
      cloudLocalId,
    }),
  );
  put(out, 'resource/tag:model_family', family);
  put(out, 'resource/tag:entity_type', ENTITY_TYPE[source]);
  put(out, 'resource/tag:entity_id', src.entity);
  put(out, 'resource/tag:model_group', src.model_group);
  put(out, 'resource/tag:key_name', src.key_name);
  put(out, 'resource/tag:user_alias', src.user_alias);
  put(out, 'resource/tag:user_email', src.user_email);
  put(out, 'resource/tag:team_alias', src.team_alias);
  put(out, 'resource/tag:team_id', logs ? src.log_team_id : src.team_id);
  put(out, 'resource/tag:organization_alias', src.org_alias);
  put(out, 'resource/tag:organization_id', src.org_id);
  if (logs) {
    put(out, 'resource/tag:model', src.model);
    put(out, 'resource/tag:end_user', src.end_user);
    put(out, 'resource/tag:enriched_team_id', src.enriched_team_id);
  }
  return out;
}

export const ll2czProfile: ProfileSpec = {
  name: 'll2cz',
  joins: 'key',
  groupsLogsByCallType: true,
  validation: {},
  rowColumns: (source) => (source === 'logs' ? LOGS_ROW : DAILY_ROW),
  identityColumns: (source) => (source === 'logs' ? LOGS_IDENTITY : DAILY_IDENTITY),
  sharedRuns: () => [OWNER_COLUMNS],
  builder(source) {
    const identities = new TupleMemo<Identity>();
    const fields: (string | null)[] = new Array<string | null>(6);
    return (src) => {
      // NULL stays apart from '' (ll2cz skips NULL tags only). Everything else in the identity follows from these
      // through the key's PK lookups (sources/dimensions.ts). Hashed on key and model; one array for every row (see lens.ts).
      fields[0] = src.provider;
      fields[1] = src.call_type;
      fields[2] = src.entity;
      fields[3] = src.model_group;
      fields[4] = src.log_team_id;
      fields[5] = src.end_user;
      const values: CbfRow = {
        'time/usage_start': src.usage_start,
        'cost/cost': formatDecimal(src.spend),
        'usage/amount': String(src.prompt_tokens + src.completion_tokens),
      };
      if (source !== 'logs') {
        put(values, 'resource/tag:cache_creation_tokens', src.cache_creation_tokens);
        put(values, 'resource/tag:cache_read_tokens', src.cache_read_tokens);
      }
      values['resource/tag:api_requests'] = String(src.api_requests);
      values['resource/tag:successful_requests'] = String(src.successful_requests);
      values['resource/tag:failed_requests'] = String(src.failed_requests);
      return {
        identity: identities.get(
          src.api_key,
          src.model,
          fields,
          (kept) => newIdentity(identityColumns(src, source), kept),
          keptFromSecondSight(src),
        ),
        values,
      };
    };
  },
};
