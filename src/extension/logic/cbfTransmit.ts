import { formatCount, formatUsd } from '../../shared/format';
import type { AnycostOperation } from '../../core/cbf/anycostBody';
import { transmittableRows } from '../../core/cbf/anycostItems';
import { transmitCbf, type TransmitProgress, type TransmitSummary } from '../../core/cbf/anycostTransmit';
import { streamCbf } from '../../core/cbf/stream';
import type { CbfSelection, InvalidRow } from '../../core/cbf/types';
import type { LensDatabase } from '../../core/db/database';
import type { Capabilities } from '../../core/schema/capabilities';

/** Invalid rows kept for the results view; the count covers all of them. */
const KEPT_INVALID = 1000;

export interface SendOptions {
  connectionId: string;
  /** Required unless `dryRun`. */
  apiKey?: string;
  endpoint?: string;
  operation: AnycostOperation;
  dryRun: boolean;
  capabilities?: Capabilities;
  signal?: AbortSignal;
  onProgress?: (p: TransmitProgress) => void;
  onNote?: (note: string) => void;
  log?: (line: string) => void;
}

export interface SendResult {
  summary: TransmitSummary;
  /** Rows that failed validation and were left out (never sent), at most KEPT_INVALID. */
  invalid: InvalidRow[];
  invalidCount: number;
}

/**
 * A selection streamed from the database into AnyCost (or a dry run of the same bodies). Invalid rows are left
 * out and reported: the dry-run preview shows them before anything is sent, so the confirm step covers them.
 */
export async function sendCbf(db: LensDatabase, selection: CbfSelection, opts: SendOptions): Promise<SendResult> {
  const invalid: InvalidRow[] = [];
  let invalidCount = 0;
  const items = streamCbf(db, selection, { signal: opts.signal, capabilities: opts.capabilities, onNote: opts.onNote });
  const rows = transmittableRows(items, {
    skipInvalid: true,
    onInvalid: (row) => {
      invalidCount++;
      if (invalid.length < KEPT_INVALID) invalid.push(row);
    },
  });
  const summary = await transmitCbf(rows, {
    connectionId: opts.connectionId,
    apiKey: opts.apiKey,
    endpoint: opts.endpoint,
    operation: opts.operation,
    dryRun: opts.dryRun,
    range: { from: selection.from, to: selection.to },
    signal: opts.signal,
    onProgress: opts.onProgress,
    log: opts.log,
  });
  return { summary, invalid, invalidCount };
}

/** One line per month plus totals, for the confirm dialog and the summary after sending. */
export function describeTransmit(result: SendResult, selection: CbfSelection): { headline: string; detail: string } {
  const s = result.summary;
  const what = `${formatCount(s.rows)} rows, total cost ${formatUsd(Number(s.totalCost))}, in ${s.batches} request${s.batches === 1 ? '' : 's'}`;
  const headline =
    s.mode === 'send'
      ? `Sent ${what} to CloudZero connection ${s.connectionId} (${s.operation}).`
      : `Ready to send ${what} to CloudZero connection ${s.connectionId} (${s.operation}).`;
  const detail = [
    `Selection: ${selection.source} spend, profile ${selection.profile}, ${selection.from} … ${selection.to} (UTC, inclusive).`,
    ...s.months.map(
      (m) => `${m.month}: ${m.rows.toLocaleString('en-US')} rows, cost ${m.cost}, ${m.batches} request${m.batches === 1 ? '' : 's'}`,
    ),
    ...(result.invalidCount > 0
      ? [`${result.invalidCount} invalid row${result.invalidCount === 1 ? ' is' : 's are'} left out (not sent).`]
      : []),
    ...(s.operation === 'replace_hourly' ? ['replace_hourly replaces exactly the hours sent; sending again does not double them.'] : []),
    ...(s.operation === 'sum' ? ['sum adds to what CloudZero holds: sending the same hours again doubles their cost.'] : []),
    ...(s.retries > 0 ? [`${s.retries} retr${s.retries === 1 ? 'y' : 'ies'}.`] : []),
  ].join('\n');
  return { headline, detail };
}
