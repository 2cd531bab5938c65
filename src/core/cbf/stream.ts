import type { LensDatabase } from '../db/database';
import { isMasterKey, MASTER_KEY_LITERAL } from '../db/masterKey';
import { Capabilities } from '../schema/capabilities';
import { introspect } from '../schema/introspect';
import { PROFILES } from './profiles/index';
import { type BuiltRow, cbfRowOf, columnsOfIdentity, type ProfileSpec } from './profiles/profile';
import { checkSelection } from './selection';
import { planSource, type SourcePlan } from './sources/index';
import type { SourceRow } from './sourceRow';
import type { CbfItem, CbfProgress, CbfRow, CbfSelection, InvalidRow } from './types';
import { columnProblem, requiredProblems, type ValidationOptions } from './validate';

export interface CbfStreamOptions {
  signal?: AbortSignal;
  /** Called after every batch. */
  onProgress?: (progress: CbfProgress) => void;
  /** Facts about this database the user should see (fallbacks, overlapping totals), before the first row. */
  onNote?: (note: string) => void;
  /** Reuse an introspection (the CLI and the extension already have one). */
  capabilities?: Capabilities;
  /**
   * Rows per batch (default 500). Larger batches stay alive across more garbage collections and get promoted
   * to the old generation, raising peak RSS for little speed (npm run bench).
   */
  batchSize?: number;
  /** The master key's stored hash (db/masterKey.ts): lens labels its spend. Never written out. */
  masterKeyHash?: string;
}

/** A built row after validation: `invalid` is set when it failed (and then it must not be written or sent). */
export interface CheckedRow extends BuiltRow {
  invalid?: InvalidRow;
}

const NO_REASONS: readonly string[] = Object.freeze([]);

/** Validates each identity once (it repeats on every row of a resource) and each row's own values every time. */
class RowValidator {
  /** Row columns that have a rule (others, like the description, take any text). */
  private readonly checked: string[];
  /** Rows arrive sorted by time, so consecutive rows often repeat a value: the last verdict per column is kept. */
  private readonly lastValue: (string | undefined)[];
  private readonly lastProblem: (string | undefined)[];

  constructor(
    rowColumns: readonly string[],
    private readonly opts: ValidationOptions,
  ) {
    this.checked = rowColumns.filter((c) => c !== 'lineitem/description');
    this.lastValue = this.checked.map(() => undefined);
    this.lastProblem = this.checked.map(() => undefined);
  }

  reasons({ identity, values }: BuiltRow): readonly string[] {
    const shared = (identity.problems ??= this.problems(columnsOfIdentity(identity)));
    let own: string[] | undefined;
    for (let i = 0; i < this.checked.length; i++) {
      const value = values[this.checked[i]];
      if (value === undefined) continue;
      if (value !== this.lastValue[i]) {
        this.lastValue[i] = value;
        this.lastProblem[i] = columnProblem(this.checked[i], value, this.opts);
      }
      if (this.lastProblem[i]) (own ??= []).push(this.lastProblem[i] as string);
    }
    // Released columns had a resource/id (releaseColumns).
    const missing =
      values['time/usage_start'] === undefined ||
      values['cost/cost'] === undefined ||
      (identity.columns !== undefined && identity.columns['resource/id'] === undefined)
        ? requiredProblems({ ...values, ...identity.columns })
        : NO_REASONS;
    if (!own && shared.length === 0 && missing.length === 0) return NO_REASONS;
    return [...missing, ...shared, ...(own ?? [])];
  }

  private problems(columns: CbfRow): readonly string[] {
    const out: string[] = [];
    for (const column in columns) {
      const problem = columnProblem(column, columns[column], this.opts);
      if (problem) out.push(problem);
    }
    return out.length ? out : NO_REASONS;
  }
}

/** A checked selection with its profile and source query. */
export interface PreparedCbf {
  selection: CbfSelection;
  profile: ProfileSpec;
  plan: SourcePlan;
}

/** Checks the selection (usage errors) and the schema (LensError('schema') naming what is missing); runs no export query. */
export async function prepareCbf(db: LensDatabase, selection: CbfSelection, opts: CbfStreamOptions = {}): Promise<PreparedCbf> {
  const checked = checkSelection(selection);
  const caps = opts.capabilities ?? new Capabilities(await introspect(db, 'public', opts.signal));
  const profile = PROFILES[checked.profile];
  return { selection: checked, profile, plan: planSource(caps, checked, profile) };
}

/**
 * Built and validated rows of a selection, ordered by `time/usage_start` ascending, in batches as the COPY
 * stream delivers them (bounded memory). Schema gaps throw LensError('schema') before the first batch.
 */
export async function* streamCheckedBatches(
  db: LensDatabase,
  prepared: PreparedCbf,
  opts: CbfStreamOptions = {},
): AsyncGenerator<CheckedRow[]> {
  const { selection, profile, plan } = prepared;
  for (const note of plan.notes) opts.onNote?.(note);
  const context = { masterKeyHash: opts.masterKeyHash };
  const build = profile.builder(selection.source, context);
  // Rebuilds the rows reported invalid whose identity an encoder has released (Identity.columns); its own
  // identities are never encoded, so they keep their columns.
  let rebuild: ((src: SourceRow) => BuiltRow) | undefined;
  const validator = new RowValidator(profile.rowColumns(selection.source), profile.validation);
  const started = Date.now();
  const progress: CbfProgress = { rows: 0, invalid: 0, elapsedMs: 0 };
  for await (const batch of plan.read(db, { batchSize: opts.batchSize ?? 500, signal: opts.signal })) {
    const rows: CheckedRow[] = new Array(batch.length);
    for (let i = 0; i < batch.length; i++) {
      const source = batch[i];
      const built: CheckedRow = build(source);
      const reasons = validator.reasons(built);
      if (reasons.length > 0) {
        // The master key's hash is not printed, not even shortened.
        const named = isMasterKey(source.api_key, opts.masterKeyHash) ? { ...source, api_key: MASTER_KEY_LITERAL } : source;
        const full = built.identity.columns ? built : (rebuild ??= profile.builder(selection.source, context))(source);
        built.invalid = { sourceKey: plan.describe(named), reasons: [...reasons], row: cbfRowOf(full) };
        progress.invalid++;
      } else {
        progress.rows++;
      }
      rows[i] = built;
    }
    progress.elapsedMs = Date.now() - started;
    opts.onProgress?.({ ...progress });
    yield rows;
  }
}

/** CBF items of a selection in batches: a validated `{ row }` or an `{ invalid }` report, by `time/usage_start` ascending. */
export async function* streamCbfBatches(db: LensDatabase, selection: CbfSelection, opts: CbfStreamOptions = {}): AsyncGenerator<CbfItem[]> {
  for await (const batch of streamCheckedBatches(db, await prepareCbf(db, selection, opts), opts)) {
    yield batch.map((r): CbfItem => (r.invalid ? { invalid: r.invalid } : { row: cbfRowOf(r) }));
  }
}

/** The same stream one item at a time (for consumers that batch differently, e.g. AnyCost bodies). */
export async function* streamCbf(db: LensDatabase, selection: CbfSelection, opts: CbfStreamOptions = {}): AsyncGenerator<CbfItem> {
  for await (const batch of streamCbfBatches(db, selection, opts)) yield* batch;
}
