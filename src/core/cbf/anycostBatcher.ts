/**
 * Cuts a time-ordered stream of CBF rows into AnyCost request bodies: one calendar month (UTC) per body, at
 * most `maxBodyBytes` of UTF-8 JSON each, split between hours so that `replace_hourly` never replaces an hour
 * with part of its rows. Only the current batch and the current hour are held in memory.
 */
import { LensError } from '../errors';
import type { CbfRow } from './types';
import { MAX_BODY_BYTES, MAX_MONTH_BYTES, MAX_MONTH_ROWS, utcHourOf, utf8Bytes, type AnycostOperation } from './anycostBody';
import { PendingBatch, overheadBytes, type AnycostBatch, type EncodedRow } from './anycostPendingBatch';

export type { AnycostBatch } from './anycostPendingBatch';

export interface BatchOptions {
  /** The operation the user chose. */
  operation: AnycostOperation;
  /** Defaults to MAX_BODY_BYTES; smaller values keep tests fast. */
  maxBodyBytes?: number;
  /** CloudZero's per-stream monthly limits, which only warn here; default MAX_MONTH_ROWS and MAX_MONTH_BYTES. */
  monthLimit?: { rows: number; bytes: number };
  /** Human warnings (a month above CloudZero's per-month limits, an hour split between bodies). */
  warn?: (message: string) => void;
}

/**
 * Push rows in `time/usage_start` order; each call returns the bodies that became complete. Rows of one hour
 * are collected and moved into the pending body as a whole, so a body boundary never falls inside an hour
 * unless the hour alone is larger than a body (then `sum` and `replace_drop` split it; `replace_hourly` cannot).
 */
class AnycostBatcher {
  private readonly limit: number;
  private readonly warn: (message: string) => void;
  private pending: PendingBatch | undefined;
  private hourRows: EncodedRow[] = [];
  private hourBytes = 0;
  private hour = '';
  private spilledHour = '';
  /** Overhead of the month's largest body prefix, so an hour that fits it fits any body of the month. */
  private maxOverhead = 0;
  private monthRows = 0;
  private monthBytes = 0;
  private position = 0;

  constructor(private readonly options: BatchOptions) {
    this.limit = options.maxBodyBytes ?? MAX_BODY_BYTES;
    this.warn = options.warn ?? (() => undefined);
  }

  add(row: CbfRow): AnycostBatch[] {
    this.position += 1;
    const hour = utcHourOf(row, this.position);
    if (hour < this.hour) throw outOfOrder(this.position, hour, this.hour);
    const month = hour.slice(0, 7);
    const out: AnycostBatch[] = [];
    if (!this.pending || month !== this.pending.month) {
      out.push(...this.end());
      this.startMonth(month);
    } else if (hour !== this.hour) {
      out.push(...this.commitHour());
    }
    this.hour = hour;
    const json = JSON.stringify(row);
    const encoded: EncodedRow = { json, bytes: utf8Bytes(json), cost: row['cost/cost'] as string, hour };
    if (hour === this.spilledHour) return [...out, ...this.pushSingle(encoded)];
    this.hourRows.push(encoded);
    this.hourBytes += encoded.bytes;
    if (this.maxOverhead + this.hourRows.length - 1 + this.hourBytes > this.limit) out.push(...this.spillHour());
    return out;
  }

  /** Completes the current month (at a month change or the end of the input). */
  end(): AnycostBatch[] {
    if (!this.pending) return [];
    const out = this.commitHour();
    out.push(this.emit(true));
    this.pending = undefined;
    return out;
  }

  /** The body being filled; only called while a month is open. */
  private get body(): PendingBatch {
    if (!this.pending) throw new Error('AnycostBatcher: no month is open');
    return this.pending;
  }

  private startMonth(month: string): void {
    this.pending = this.newBatch(month, 1);
    this.maxOverhead = overheadBytes(month, this.options.operation);
    this.monthRows = 0;
    this.monthBytes = 0;
  }

  private newBatch(month: string, index: number): PendingBatch {
    const operation = this.options.operation === 'replace_drop' && index > 1 ? 'sum' : this.options.operation;
    return new PendingBatch(month, index, operation, this.limit);
  }

  /** Emits the pending body and opens the next one of the same month. */
  private emit(endsMonth: boolean): AnycostBatch {
    const batch = this.body.finish(endsMonth);
    const { rows, bytes } = this.options.monthLimit ?? { rows: MAX_MONTH_ROWS, bytes: MAX_MONTH_BYTES };
    const wasWithinLimits = this.monthRows <= rows && this.monthBytes <= bytes;
    this.monthRows += batch.rows;
    this.monthBytes += batch.bytes;
    if (wasWithinLimits && (this.monthRows > rows || this.monthBytes > bytes)) {
      this.warn(
        `${batch.month} passes CloudZero's per-stream monthly limit (${rows} rows, ${bytes} bytes); CloudZero may refuse the rest of it.`,
      );
    }
    this.pending = this.newBatch(batch.month, batch.index + 1);
    return batch;
  }

  /** Moves the completed hour into the pending body, emitting that body first when the hour does not fit. */
  private commitHour(): AnycostBatch[] {
    const out = this.body.fits(this.hourRows.length, this.hourBytes) ? [] : [this.emit(false)];
    for (const row of this.hourRows) this.body.push(row);
    this.hourRows = [];
    this.hourBytes = 0;
    return out;
  }

  /** The current hour is larger than one body: split it, which only `replace_hourly` cannot tolerate. */
  private spillHour(): AnycostBatch[] {
    if (this.options.operation === 'replace_hourly') {
      throw new LensError(
        'usage',
        `The CBF rows of hour ${this.hour}:00Z alone exceed the ${this.limit}-byte request body limit; replace_hourly would replace that hour with part of its rows.`,
        'Use --operation replace_drop (the whole month is replaced) or a source with fewer rows per hour.',
      );
    }
    this.warn(`Hour ${this.hour}:00Z is larger than one request body; it is split between bodies (safe for ${this.options.operation}).`);
    const rows = this.hourRows;
    this.hourRows = [];
    this.hourBytes = 0;
    this.spilledHour = this.hour;
    return rows.flatMap((row) => this.pushSingle(row));
  }

  private pushSingle(row: EncodedRow): AnycostBatch[] {
    const out = this.body.isEmpty || this.body.fits(1, row.bytes) ? [] : [this.emit(false)];
    if (!this.body.fits(1, row.bytes)) {
      throw new LensError('validation', `CBF row ${this.position} alone is larger than the ${this.limit}-byte request body limit.`);
    }
    this.body.push(row);
    return out;
  }
}

/** Yields the request bodies for `rows`, which must be ordered by `time/usage_start` ascending. */
export async function* batchCbfRows(rows: AsyncIterable<CbfRow>, options: BatchOptions): AsyncGenerator<AnycostBatch> {
  const batcher = new AnycostBatcher(options);
  for await (const row of rows) yield* batcher.add(row);
  yield* batcher.end();
}

function outOfOrder(position: number, hour: string, previous: string): LensError {
  return new LensError(
    'other',
    `CBF row ${position} (hour ${hour}) arrived after hour ${previous}; rows must be ordered by time/usage_start to be batched by month and hour.`,
  );
}
