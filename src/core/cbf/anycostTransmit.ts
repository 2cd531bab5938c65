/**
 * Sends a stream of CBF rows to a CloudZero AnyCost Stream connection: batches them (one month per body,
 * ≤ 5 MB, split between hours), sends the bodies one at a time (the API forbids concurrent requests per
 * stream) with retries and an idempotency key each, and reports what was delivered. A dry run builds the
 * same bodies without network access; `validateRemote` posts them to the validate endpoint instead.
 */
import { LensError } from '../errors';
import type { CbfRow } from './types';
import { ANYCOST_OPERATIONS, type AnycostOperation } from './anycostBody';
import { batchCbfRows, type AnycostBatch } from './anycostBatcher';
import {
  DEFAULT_ANYCOST_ENDPOINT,
  billingDropsUrl,
  idempotencyKeyFor,
  normaliseEndpoint,
  postAnycost,
  validateDropUrl,
  type DropReceipt,
} from './anycostClient';
import { DEFAULT_RETRY_POLICY, realSleep, withRetries, type RetryPolicy, type Sleep } from './anycostRetry';
import { prepareDryRunDir, writeDryRunBody } from './anycostDryRun';
import { TransmitLedger, type Delivery, type TransmitMode, type TransmitSummary } from './anycostReport';

export interface TransmitProgress {
  stage: 'sending' | 'sent' | 'waiting';
  month: string;
  /** 1-based batch within the month. */
  batch: number;
  batchRows: number;
  /** Rows and batches delivered so far in the run. */
  rowsDone: number;
  batchesDone: number;
  /** Wait before the next attempt (stage `waiting`). */
  waitMs?: number;
}

export interface TransmitOptions {
  connectionId: string;
  /** Required unless this is a dry run without `validateRemote`. Never logged. */
  apiKey?: string;
  /** Base URL, default https://api.cloudzero.com. */
  endpoint?: string;
  /** Default `replace_hourly`: it replaces only the hours sent, so a partial-month selection is safe. */
  operation?: AnycostOperation;
  /** Build the bodies without sending them. */
  dryRun?: boolean;
  /** Also write each body to this (new or empty) folder; implies a dry run. */
  dryRunDir?: string;
  /** Post each body to the validate endpoint instead of storing it; implies a dry run. */
  validateRemote?: boolean;
  /** The selection (`YYYY-MM-DD`, inclusive): checked against `replace_drop` and used in resume hints. */
  range?: { from: string; to: string };
  signal?: AbortSignal;
  fetch?: typeof fetch;
  sleep?: Sleep;
  random?: () => number;
  retry?: Partial<RetryPolicy>;
  /** Per-request timeout, default 60 s. */
  timeoutMs?: number;
  /** Default 5,000,000 bytes. */
  maxBodyBytes?: number;
  onProgress?: (progress: TransmitProgress) => void;
  /** Human-readable warnings and retry notices. */
  log?: (line: string) => void;
}

export { AnycostTransmitError, type TransmitSummary } from './anycostReport';

/** Sends `rows` (ordered by `time/usage_start`); throws AnycostTransmitError with the partial summary on failure. */
export async function transmitCbf(rows: AsyncIterable<CbfRow>, options: TransmitOptions): Promise<TransmitSummary> {
  const operation = options.operation ?? 'replace_hourly';
  const mode: TransmitMode = options.validateRemote ? 'validate' : options.dryRun || options.dryRunDir ? 'dry-run' : 'send';
  checkOptions(options, operation, mode);
  const endpoint = normaliseEndpoint(options.endpoint ?? DEFAULT_ANYCOST_ENDPOINT);
  const url = mode === 'validate' ? validateDropUrl(endpoint) : billingDropsUrl(endpoint, options.connectionId);
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const log = options.log ?? (() => undefined);
  const ledger = new TransmitLedger({ mode, connectionId: options.connectionId, operation, apiKey: options.apiKey, to: options.range?.to });

  if (operation === 'sum') log('Operation sum appends: sending data CloudZero already holds again duplicates its cost.');
  if (options.dryRunDir) await prepareDryRunDir(options.dryRunDir);

  const deliver = async (batch: AnycostBatch, idempotencyKey: string): Promise<Delivery> => {
    const file = options.dryRunDir ? await writeDryRunBody(options.dryRunDir, ledger.sent.length + 1, batch) : undefined;
    if (mode === 'dry-run') return { idempotencyKey, attempts: 0, ...(file && { file }) };
    let attempts = 0;
    const receipt = await withRetries<DropReceipt>(
      (n) => {
        attempts = n;
        return postAnycost({
          url,
          apiKey: options.apiKey as string,
          body: batch.body,
          idempotencyKey,
          fetch: options.fetch ?? fetch,
          timeoutMs: options.timeoutMs ?? 60_000,
          signal: options.signal,
        });
      },
      {
        policy,
        sleep: options.sleep ?? realSleep,
        random: options.random,
        signal: options.signal,
        onRetry: (failed, reason, waitMs) => {
          ledger.retries += 1;
          log(
            `${batch.month} batch ${batch.index}: ${reason}; retrying in ${(waitMs / 1000).toFixed(1)} s (attempt ${failed + 1} of ${policy.maxAttempts}).`,
          );
          options.onProgress?.({ ...progressOf(batch, ledger), stage: 'waiting', waitMs });
        },
      },
    );
    if (mode === 'send' && receipt.rowCount !== undefined && receipt.rowCount !== batch.rows) {
      log(`${batch.month} batch ${batch.index}: CloudZero reports ${receipt.rowCount} rows received, ${batch.rows} were sent.`);
    }
    return { idempotencyKey, attempts, ...(file && { file }), ...(receipt.dropId && { dropId: receipt.dropId }) };
  };

  let current: AnycostBatch | undefined;
  try {
    for await (const batch of batchCbfRows(rows, { operation, maxBodyBytes: options.maxBodyBytes, warn: log })) {
      if (options.signal?.aborted) throw new LensError('cancelled', 'Transmit cancelled.');
      current = batch;
      const idempotencyKey = idempotencyKeyFor(options.connectionId, batch.body);
      options.onProgress?.({ ...progressOf(batch, ledger), stage: 'sending' });
      ledger.record(batch, await deliver(batch, idempotencyKey));
      current = undefined;
      options.onProgress?.({ ...progressOf(batch, ledger), stage: 'sent' });
    }
  } catch (error) {
    throw ledger.failure(error, current);
  }
  return ledger.summary();
}

function checkOptions(options: TransmitOptions, operation: AnycostOperation, mode: TransmitMode): void {
  if (!/^[A-Za-z0-9._-]+$/.test(options.connectionId)) {
    throw new LensError(
      'usage',
      `The connection id ${JSON.stringify(options.connectionId)} is not valid.`,
      'Copy the AnyCost Stream connection id from the CloudZero UI.',
    );
  }
  if (!ANYCOST_OPERATIONS.includes(operation)) {
    throw new LensError('usage', `Unknown operation ${JSON.stringify(operation)}; use ${ANYCOST_OPERATIONS.join(', ')}.`);
  }
  if (mode !== 'dry-run' && !options.apiKey) throw new LensError('usage', 'No CloudZero API key was given.');
  if (operation === 'replace_drop' && options.range && !coversWholeMonths(options.range.from, options.range.to)) {
    throw new LensError(
      'usage',
      `replace_drop replaces whole months in CloudZero, but ${options.range.from} … ${options.range.to} does not cover whole months: the rest of those months would be deleted.`,
      'Start --from on the 1st and end --to on the last day of a month, or use --operation replace_hourly.',
    );
  }
}

function coversWholeMonths(from: string, to: string): boolean {
  const after = new Date(`${to}T00:00:00Z`);
  after.setUTCDate(after.getUTCDate() + 1);
  return from.endsWith('-01') && after.getUTCDate() === 1;
}

function progressOf(batch: AnycostBatch, ledger: TransmitLedger): Omit<TransmitProgress, 'stage'> {
  return { month: batch.month, batch: batch.index, batchRows: batch.rows, rowsDone: ledger.rowsDelivered, batchesDone: ledger.sent.length };
}
