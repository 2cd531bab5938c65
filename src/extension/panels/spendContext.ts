import { computeAttribution } from '../../core/attribution/compute';
import type { AttributionResult } from '../../core/attribution/types';
import type { LensDatabase } from '../../core/db/database';
import type { Capabilities } from '../../core/schema/capabilities';
import type { DataRange, SpendFilters } from '../../shared/spendProtocol';

/** The part of the extension's session this needs (LensSession satisfies it). */
export interface SpendSource {
  readonly db: LensDatabase;
  readonly capabilities: Capabilities;
  onDidChange(listener: () => void): () => void;
}

/** Attribution options from settings and SecretStorage: read on every request, part of the cache key. */
export interface SpendOptions {
  budgetTimezone: string;
  masterKeyHash?: string;
  /** Report time zone (litellmLens.reportTimezone; absent = UTC). */
  timezone?: string;
}

/** Results kept per filter set; both views usually ask for the same one or two. */
const CACHE_SIZE = 4;
const DEFAULT_DAYS = 30;

/**
 * What the spend attribution view and the entity graph share: the period and basis (a change in one view shows
 * in the other) and the attribution results, computed once per filter set and connection.
 */
export class SpendContext {
  private current: SpendFilters | undefined;
  private range: Promise<DataRange | null> | undefined;
  private readonly results = new Map<string, Promise<AttributionResult>>();
  private readonly listeners = new Set<(filters: SpendFilters) => void>();
  private readonly unsubscribe: () => void;

  constructor(private readonly source: SpendSource, private readonly options: () => SpendOptions = () => ({ budgetTimezone: 'UTC' })) {
    this.unsubscribe = source.onDidChange(() => {
      // Another database (or a refreshed schema): nothing cached applies any more.
      this.results.clear();
      this.range = undefined;
      this.current = undefined;
    });
  }

  /** Called with the new filters whenever a view changes them. */
  onDidChangeFilters(listener: (filters: SpendFilters) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The shared filters; initially the last 30 days that have data. */
  async filters(): Promise<SpendFilters> {
    if (this.current) return this.current;
    const range = await this.dataRange();
    const to = range?.last ?? new Date().toISOString().slice(0, 10);
    const from = shiftDay(to, -(DEFAULT_DAYS - 1));
    this.current ??= { from: range && range.first > from ? range.first : from, to, basis: 'daily', topN: 10 };
    return this.current;
  }

  setFilters(filters: SpendFilters): void {
    const same = this.current && JSON.stringify(this.current) === JSON.stringify(filters);
    this.current = filters;
    if (!same) for (const l of this.listeners) l(filters);
  }

  /** First and last day of LiteLLM_DailyUserSpend (the range pickers' bounds and default). */
  dataRange(): Promise<DataRange | null> {
    this.range ??= this.source.db
      .query('SELECT min("date") AS first, max("date") AS last FROM "LiteLLM_DailyUserSpend"', [])
      .then(({ rows }) => (rows[0]?.first ? { first: String(rows[0].first), last: String(rows[0].last) } : null))
      .catch((err: unknown) => {
        this.range = undefined;
        if (!this.source.capabilities.hasTable('LiteLLM_DailyUserSpend')) return null;
        throw err;
      });
    return this.range;
  }

  /** Drops the cached result for `filters` (and the data range), so the next request reads the database again. */
  forget(filters: SpendFilters): void {
    this.results.delete(cacheKey(filters, this.options()));
    this.range = undefined;
  }

  /** True when `attribution(filters)` will answer from the cache (or join a computation already running). */
  has(filters: SpendFilters): boolean {
    return this.results.has(cacheKey(filters, this.options()));
  }

  /** The attribution for `filters`, from the cache when the same filters were computed on this connection. */
  attribution(filters: SpendFilters, signal?: AbortSignal): Promise<AttributionResult> {
    const options = this.options();
    const key = cacheKey(filters, options);
    const cached = this.results.get(key);
    if (cached) return cached;
    const pending = computeAttribution(this.source.db, this.source.capabilities, { ...filters, ...options }, signal);
    this.results.set(key, pending);
    // A failed or cancelled computation is not kept: asking again computes again.
    pending.catch(() => this.results.get(key) === pending && this.results.delete(key));
    while (this.results.size > CACHE_SIZE) this.results.delete(this.results.keys().next().value as string);
    return pending;
  }

  dispose(): void {
    this.unsubscribe();
    this.listeners.clear();
  }
}

function cacheKey(f: SpendFilters, o: SpendOptions): string {
  return JSON.stringify([f.from, f.to, f.basis, f.topN, o.budgetTimezone, o.masterKeyHash ?? null, o.timezone ?? 'UTC']);
}

function shiftDay(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
