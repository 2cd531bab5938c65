/**
 * A request body being filled. Rows arrive already serialised, so the exact UTF-8 size of the final JSON
 * (prefix, rows, commas, suffix) is known before the body is built.
 */
import { DecimalSum } from './anycostDecimal';
import { BODY_SUFFIX, bodyPrefix, utf8Bytes, type AnycostOperation } from './anycostBody';

/** One request body, ready to send. */
export interface AnycostBatch {
  /** UTC month, `YYYY-MM`. */
  month: string;
  /** 1-based position of the batch within its month. */
  index: number;
  /** The operation in this body: a `replace_drop` month sends `replace_drop` first and `sum` after it. */
  operation: AnycostOperation;
  rows: number;
  /** Exact Σ `cost/cost` of the rows. */
  cost: string;
  /** First and last UTC hour in the body, `YYYY-MM-DDTHH`. */
  firstHour: string;
  lastHour: string;
  /** The exact JSON sent and its UTF-8 size. */
  body: string;
  bytes: number;
  /** True for the month's last batch. */
  endsMonth: boolean;
}

/** A row serialised once, with what the body needs to know about it. */
export interface EncodedRow {
  json: string;
  bytes: number;
  cost: string;
  hour: string;
}

/** The body being filled. Sizes count the prefix, suffix and the commas between rows. */
export class PendingBatch {
  private readonly parts: string[] = [];
  private readonly prefix: string;
  private size: number;
  private readonly cost = new DecimalSum();
  private firstHour = '';
  private lastHour = '';

  constructor(
    readonly month: string,
    readonly index: number,
    readonly operation: AnycostOperation,
    private readonly limit: number,
  ) {
    this.prefix = bodyPrefix(month, operation);
    this.size = overheadBytes(month, operation);
  }

  get isEmpty(): boolean {
    return this.parts.length === 0;
  }

  /** Whether `count` more rows of `bytes` in total still fit into this body. */
  fits(count: number, bytes: number): boolean {
    const commas = this.isEmpty ? count - 1 : count;
    return this.size + commas + bytes <= this.limit;
  }

  push(row: EncodedRow): void {
    if (!this.isEmpty) this.size += 1;
    this.parts.push(row.json);
    this.size += row.bytes;
    this.cost.add(row.cost);
    if (!this.firstHour) this.firstHour = row.hour;
    this.lastHour = row.hour;
  }

  finish(endsMonth: boolean): AnycostBatch {
    return {
      month: this.month,
      index: this.index,
      operation: this.operation,
      rows: this.parts.length,
      cost: this.cost.toString(),
      firstHour: this.firstHour,
      lastHour: this.lastHour,
      body: this.prefix + this.parts.join(',') + BODY_SUFFIX,
      bytes: this.size,
      endsMonth,
    };
  }
}

/** Bytes of a body without rows: the prefix with `month` and `operation`, and the suffix. */
export function overheadBytes(month: string, operation: AnycostOperation): number {
  return utf8Bytes(bodyPrefix(month, operation)) + utf8Bytes(BODY_SUFFIX);
}
