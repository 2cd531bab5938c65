/**
 * The request body of the AnyCost Stream API (`POST …/billing_drops`, docs/reference/cloudzero.md §1.6):
 * `{"month": …, "operation": …, "data": [CBF rows]}`, every value a string, at most 5 MB uncompressed.
 */
import { LensError } from '../errors';
import type { CbfRow } from './types';
import { isUnsignedDecimal } from './anycostDecimal';

export const ANYCOST_OPERATIONS = ['replace_hourly', 'replace_drop', 'sum'] as const;
/** `replace_drop` replaces the whole month, `replace_hourly` only the hours present, `sum` appends. */
export type AnycostOperation = (typeof ANYCOST_OPERATIONS)[number];

/**
 * The API refuses bodies above "5 MB" (413). The docs do not say whether that is 5,000,000 or 5,242,880
 * bytes, so the smaller reading is the limit.
 */
export const MAX_BODY_BYTES = 5_000_000;
/** Per stream and month CloudZero accepts at most this many rows and bytes in total. */
export const MAX_MONTH_ROWS = 1_000_000;
export const MAX_MONTH_BYTES = 70_000_000;

/** The schema's pattern for `month` and every `time/*` value. */
export const ANYCOST_TIME_PATTERN = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(([+-]\d\d:\d\d)|Z)?$/;

/**
 * The `month` field for a `YYYY-MM` month. The docs' prose example is `"2024-08"`, but the request schema
 * types `month` with the timestamp pattern above (default `2025-01-01T00:00:00Z`), which `"2024-08"` does not
 * match; the first instant of the month in UTC satisfies both readings, so that is what is sent.
 */
export function monthField(month: string): string {
  return `${month}-01T00:00:00Z`;
}

/**
 * The body is assembled from pre-serialised rows so its exact UTF-8 size is known while rows arrive:
 * `prefix + rows.join(',') + suffix` is byte for byte `JSON.stringify({ month, operation, data })`.
 */
export function bodyPrefix(month: string, operation: AnycostOperation): string {
  return `{"month":${JSON.stringify(monthField(month))},"operation":${JSON.stringify(operation)},"data":[`;
}
export const BODY_SUFFIX = ']}';

/** UTF-8 size of a string, which is what the 5 MB limit counts. */
export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

const ZONE_SUFFIX = /(Z|[+-]\d\d:\d\d)$/;

/**
 * The UTC hour (`YYYY-MM-DDTHH`) a row belongs to, from its `time/usage_start`. CloudZero treats usage_start
 * as hour-aligned; a timestamp with a non-zero offset is converted so the hour and month are UTC ones.
 * Throws LensError('validation') when the row lacks the two columns the API requires or they are malformed.
 */
export function utcHourOf(row: CbfRow, position: number): string {
  const start = row['time/usage_start'];
  if (typeof start !== 'string' || !ANYCOST_TIME_PATTERN.test(start)) {
    throw invalidRow(position, `time/usage_start ${JSON.stringify(start ?? null)} is not an ISO 8601 timestamp`);
  }
  const cost = row['cost/cost'];
  if (typeof cost !== 'string' || !isUnsignedDecimal(cost)) {
    throw invalidRow(position, `cost/cost ${JSON.stringify(cost ?? null)} is not an unsigned decimal string`);
  }
  const zone = start.match(ZONE_SUFFIX)?.[1] ?? '';
  if (zone === '' || zone === 'Z' || zone.slice(1) === '00:00') return start.slice(0, 13);
  return new Date(start).toISOString().slice(0, 13);
}

function invalidRow(position: number, reason: string): LensError {
  return new LensError(
    'validation',
    `CBF row ${position} cannot be sent to CloudZero: ${reason}.`,
    'The AnyCost Stream API requires time/usage_start (UTC ISO timestamp) and cost/cost (unsigned decimal string).',
  );
}
