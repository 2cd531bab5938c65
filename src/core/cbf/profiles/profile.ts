import type { SourceRow } from '../sourceRow';
import type { CbfProfile, CbfRow, CbfSource } from '../types';
import type { ValidationOptions } from '../validate';

/**
 * The identity columns of a row, as one object shared by every row of the same identity. The validator and the
 * stream's encoder cache their verdict and text on it, since the identity repeats on every row of a resource.
 */
export interface Identity {
  readonly columns: CbfRow;
  problems?: readonly string[];
  /** The identity's bytes as encoded by `by` (an encoder); another encoder re-encodes. */
  encoded?: { by: object; bytes: Uint8Array };
}

/** A built row: the shared identity and this row's own columns (`values`). The CBF row is both merged. */
export interface BuiltRow {
  identity: Identity;
  values: CbfRow;
}

/** The merged CBF row. */
export function cbfRowOf(row: BuiltRow): CbfRow {
  return { ...row.values, ...row.identity.columns };
}

/** How a profile turns source rows into CBF rows. */
export interface ProfileSpec {
  name: CbfProfile;
  /** `resolved`: user/team/org of the row (docs/design.md §2); `key`: through the key's current row, as ll2cz joins. */
  joins: 'resolved' | 'key';
  /** The logs source also groups by `call_type` (ll2cz uses it as resource type). */
  groupsLogsByCallType: boolean;
  validation: ValidationOptions;
  /** Columns that change from row to row (`values`), in output order; written first. */
  rowColumns(source: CbfSource): readonly string[];
  /** Columns fixed for an identity (`identity`), in output order; written after the row columns. */
  identityColumns(source: CbfSource): readonly string[];
  /** A row builder for one stream; it caches identity parts (bounded). */
  builder(source: CbfSource, context?: BuildContext): (src: SourceRow) => BuiltRow;
}

/** What a stream knows beyond the rows. */
export interface BuildContext {
  /** The master key's stored hash (db/masterKey.ts `hashMasterKey`), so its spend can be labelled; never printed. */
  masterKeyHash?: string;
}

/** Every column a profile can emit for a source, in output order (the CSV header). */
export function columnsOf(profile: ProfileSpec, source: CbfSource): string[] {
  return [...profile.rowColumns(source), ...profile.identityColumns(source)];
}

/** Drops null and '' values (used for tags that carry identity: absence is not a value). */
export function presentOnly(entries: [string, string | null | undefined][]): CbfRow {
  const out: CbfRow = {};
  for (const [k, v] of entries) if (v !== null && v !== undefined && v !== '') out[k] = v;
  return out;
}
