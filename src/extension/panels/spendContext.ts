import { computeDetail } from '../../core/attribution/compute';
import { type AttributionSummary, type SummaryStage, computeSummary } from '../../core/attribution/summary';
import type { AttributionResult } from '../../core/attribution/types';
import type { LensDatabase } from '../../core/db/database';
import type { Capabilities } from '../../core/schema/capabilities';
import { readDataRange } from '../../core/schema/dataRange';
import type { DataRange, SpendFilters } from '../../shared/spendProtocol';
import { SharedJob } from './spendJob';

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

/** One attribution: its summary, then its full result; both shared by every view that asks for the same one. */
interface Entry {
  job: SharedJob;
  summary: Promise<SummaryStage>;
  result: Promise<AttributionResult>;
}

/** Results kept per connection; both views usually ask for the same one or two. */
const CACHE_SIZE = 4;
const DEFAULT_DAYS = 30;

/**
 * What the spend attribution view and the entity graph share: the period and basis (a change in one view shows
 * in the other) and the attribution results, computed once per connection, filters and options, summary first.
 * The cache is dropped when the session changes (disconnect, reconnect, schema refresh) and per entry by `forget`
 * (Refresh).
 */
export class SpendContext {
  private current: SpendFilters | undefined;
  private range: Promise<DataRange | null> | undefined;
  /** Per connection (the session's database object: a reconnect makes a new one), per cache key. */
  private results = new WeakMap<LensDatabase, Map<string, Entry>>();
  private readonly listeners = new Set<(filters: SpendFilters) => void>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly source: SpendSource,
    private readonly options: () => SpendOptions = () => ({ budgetTimezone: 'UTC' }),
  ) {
    this.unsubscribe = source.onDidChange(() => {
      // Another database (or a refreshed schema): nothing cached applies any more.
      this.results = new WeakMap();
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

  /** First and last day with spend (readDataRange: the range pickers' bounds and default). */
  dataRange(): Promise<DataRange | null> {
    this.range ??= readDataRange(this.source.db, this.source.capabilities).catch((err: unknown) => {
      this.range = undefined;
      throw err;
    });
    return this.range;
  }

  /** Drops the cached result for `filters` (and the data range), so the next request reads the database again. */
  forget(filters: SpendFilters): void {
    this.entries().delete(cacheKey(filters, this.options()));
    this.range = undefined;
  }

  /** True when `summary(filters)` and `attribution(filters)` will answer from the cache (or join a computation already running). */
  has(filters: SpendFilters): boolean {
    return this.entries().has(cacheKey(filters, this.options()));
  }

  /** The first figures for `filters` (tree and trend), from the cache when this connection computed them. */
  async summary(filters: SpendFilters, signal?: AbortSignal): Promise<AttributionSummary> {
    const entry = this.entry(filters);
    return (await entry.job.wait(entry.summary, signal)).summary;
  }

  /** The attribution for `filters`, from the cache when this connection computed it. */
  attribution(filters: SpendFilters, signal?: AbortSignal): Promise<AttributionResult> {
    const entry = this.entry(filters);
    return entry.job.wait(entry.result, signal);
  }

  dispose(): void {
    this.unsubscribe();
    this.listeners.clear();
  }

  private entries(): Map<string, Entry> {
    const db = this.source.db;
    let map = this.results.get(db);
    if (!map) this.results.set(db, (map = new Map()));
    return map;
  }

  /** The cached entry for `filters`, or a new computation: the summary stage, then (without waiting to be asked) the detail stage. */
  private entry(filters: SpendFilters): Entry {
    const options = this.options();
    const key = cacheKey(filters, options);
    const entries = this.entries();
    const cached = entries.get(key);
    if (cached) return cached;
    const { db, capabilities } = this.source;
    const job = new SharedJob();
    const summary = computeSummary(db, capabilities, { ...filters, ...options }, job.signal);
    const result = summary.then((stage) => computeDetail(db, capabilities, stage, job.signal));
    const entry: Entry = { job, summary, result };
    entries.set(key, entry);
    // A failed or cancelled computation is not kept: asking again computes again.
    result.then(
      () => job.finish(),
      () => {
        job.finish();
        if (entries.get(key) === entry) entries.delete(key);
      },
    );
    while (entries.size > CACHE_SIZE) entries.delete(entries.keys().next().value as string);
    return entry;
  }
}

/** Every filter and option (whatever options a later version adds), in a stable order. */
function cacheKey(f: SpendFilters, o: SpendOptions): string {
  return JSON.stringify(
    Object.entries({ ...f, ...o })
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );
}

function shiftDay(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
