import type { CursorOptions, LensDatabase } from '../../db/database';
import type { SourceRow } from '../sourceRow';

/** A source ready to stream: the statement it reads by COPY, how its rows become source rows, how to name a row's origin. */
export interface SourcePlan {
  table: string;
  /** The one statement the source streams by COPY (`npm run bench` also times it alone through `\copy`). */
  sql: string;
  /** `$1` from, `$2` to (`YYYY-MM-DD`), and with buckets `$3`, their number (days or hours) in the range. */
  params: (string | number)[];
  /** The source rows in export order (time first: AnyCost batching relies on it), in batches of about `batchSize`. */
  read(db: LensDatabase, opts: CursorOptions): AsyncGenerator<SourceRow[]>;
  /** What the user should know about this source on this database (fallbacks, overlaps). */
  notes: string[];
  /** Identifies the source rows behind one aggregated row, for invalid-row reports. */
  describe(row: SourceRow): string;
}

/** Collects rows into batches of `size`. */
export class RowBatches {
  private out: SourceRow[] = [];

  constructor(private readonly size: number) {}

  *add(rows: Iterable<SourceRow>): Generator<SourceRow[]> {
    for (const row of rows) {
      if (this.out.push(row) < this.size) continue;
      yield this.out;
      this.out = [];
    }
  }

  *rest(): Generator<SourceRow[]> {
    if (this.out.length > 0) yield this.out;
    this.out = [];
  }
}

/** `api_key` hashes are long; the first 12 hex digits find the key in LiteLLM's UI and tables. */
export function shortKey(key: string | null): string {
  if (key === null) return 'NULL';
  return key.length > 12 ? `${key.slice(0, 12)}…` : JSON.stringify(key);
}

export function quoted(value: string | null): string {
  return value === null ? 'NULL' : JSON.stringify(value);
}

/** Days in the inclusive range `from`..`to` (`YYYY-MM-DD`). */
export function daysIn(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}
