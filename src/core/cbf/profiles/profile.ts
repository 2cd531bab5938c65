import type { SourceRow } from '../sourceRow';
import type { CbfProfile, CbfRow, CbfSource } from '../types';
import type { ValidationOptions } from '../validate';

/**
 * An identity's bytes as written by the encoder `by`: its own columns before the shared runs (`chunk[start, mid)`),
 * the shared runs' bytes (ProfileSpec.sharedRuns: each stored once per distinct text, a view shared by every
 * identity with that text), then its own columns after them and the line end (`chunk[mid, end)`).
 */
export interface EncodedTail {
  by: object;
  chunk: Buffer;
  start: number;
  mid: number;
  end: number;
  shared: readonly Buffer[];
}

/**
 * The identity columns of a row, as one object shared by every row of the same identity. The validator and the
 * stream's encoder cache their verdict and bytes on it, since the identity repeats on every row of a resource.
 */
export interface Identity {
  /**
   * Released (undefined) once a file encoder holds the identity's bytes: a file needs nothing else, and a logs
   * export keeps ~100,000 identities (issue 15). Whoever needs them after that rebuilds them from the source row.
   */
  columns?: CbfRow;
  /** The identity's own problems, found once (its columns' and a missing resource/id). */
  problems?: readonly string[];
  encoded?: EncodedTail;
  /**
   * false when the builder's memo does not keep the identity for later rows (TupleMemo `onSecondSight`): an
   * encoder then writes its bytes into the row's line without keeping them.
   */
  kept?: boolean;
}

/**
 * A new identity with every field in place: fields the validator and encoder add later would otherwise go to a
 * separate property store, ~40 bytes more on each of up to 100,000 kept identities.
 */
export function newIdentity(columns: CbfRow, kept = true): Identity {
  return { columns, problems: undefined, encoded: undefined, kept };
}

/**
 * Whether a row's identity is kept only from its second sight (TupleMemo `onSecondSight`): end users can be
 * countless, and most appear once in a range.
 */
export function keptFromSecondSight(src: SourceRow): boolean {
  return !!src.end_user;
}

/** A built row: the shared identity and this row's own columns (`values`). The CBF row is both merged. */
export interface BuiltRow {
  identity: Identity;
  values: CbfRow;
}

/** The merged CBF row (its identity's columns must not have been released). */
export function cbfRowOf(row: BuiltRow): CbfRow {
  return { ...row.values, ...columnsOfIdentity(row.identity) };
}

/**
 * Releases an encoded identity's columns (see Identity.columns). One without a resource/id keeps them: every
 * row's required-column check reads that absence.
 */
export function releaseColumns(identity: Identity): void {
  if (identity.columns?.['resource/id'] !== undefined) identity.columns = undefined;
}

/** The identity's columns; a programming error once an encoder has released them (see Identity.columns). */
export function columnsOfIdentity(identity: Identity): CbfRow {
  if (!identity.columns) throw new Error('The identity columns were released once encoded: rebuild the row from its source row.');
  return identity.columns;
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
  /**
   * Consecutive runs of `identityColumns` that many identities have in common, so encoders keep each run's bytes
   * once per distinct value (issue 15): the key's owner (its organisation, team, user and the key: the same on
   * every model and end user of a key), and in the lens profile the model's columns before it.
   */
  sharedRuns(source: CbfSource): readonly (readonly string[])[];
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
