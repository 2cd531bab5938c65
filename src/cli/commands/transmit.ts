import { ANYCOST_OPERATIONS, type AnycostOperation } from '../../core/cbf/anycostBody';
import { transmittableRows } from '../../core/cbf/anycostItems';
import { AnycostTransmitError, transmitCbf, type TransmitSummary } from '../../core/cbf/anycostTransmit';
import { streamCbf } from '../../core/cbf/stream';
import type { InvalidRow } from '../../core/cbf/types';
import { LensError } from '../../core/errors';
import {
  describeInvalid,
  LISTED_INVALID,
  SELECTION_OPTIONS,
  SELECTION_USAGE,
  selectionOf,
  skipInvalidOf,
  writeJsonFailure,
} from '../cbfOptions';
import type { CliCommand, CliContext } from '../command';
import { str } from '../command';

const DEFAULT_KEY_ENV = 'CLOUDZERO_API_KEY';

/**
 * `litellm-lens transmit`: the export selection, sent to a CloudZero AnyCost Stream connection. The API key
 * comes only from an environment variable, never from the command line (shell history, process lists).
 */
export const transmitCommand: CliCommand = {
  name: 'transmit',
  summary: 'Send CBF to a CloudZero AnyCost Stream connection (one month per request, ≤ 5 MB, retried)',
  usage:
    `transmit ${SELECTION_USAGE} [--profile lens|ll2cz] --connection-id ID ` +
    `[--api-key-env VAR (default ${DEFAULT_KEY_ENV})] [--operation replace_hourly|replace_drop|sum] [--dry-run [DIR]] [--validate-remote] ` +
    '[--endpoint URL] [--skip-invalid]',
  options: {
    ...SELECTION_OPTIONS,
    'connection-id': { type: 'string' },
    'api-key-env': { type: 'string' },
    operation: { type: 'string' },
    // A flag with an optional folder: parseArgs has no optional values, so the folder arrives as the positional.
    'dry-run': { type: 'boolean' },
    'validate-remote': { type: 'boolean' },
    endpoint: { type: 'string' },
  },
  allowPositionals: true,
  async run(values, positionals, ctx) {
    const selection = selectionOf(values);
    const connectionId = str(values, 'connection-id');
    if (!connectionId) {
      throw new LensError('usage', '--connection-id is required.', 'The AnyCost Stream connection id is shown in the CloudZero UI.');
    }
    const operation = str(values, 'operation') ?? 'replace_hourly';
    if (!(ANYCOST_OPERATIONS as readonly string[]).includes(operation)) {
      throw new LensError('usage', `Unknown --operation ${operation}.`, `Use ${ANYCOST_OPERATIONS.join(', ')}.`);
    }
    const dryRun = values['dry-run'] === true;
    if (positionals.length > (dryRun ? 1 : 0)) {
      throw new LensError(
        'usage',
        `Unexpected argument ${JSON.stringify(positionals.at(-1))}.`,
        'Only --dry-run takes a folder: --dry-run [DIR].',
      );
    }
    const validateRemote = values['validate-remote'] === true;
    const keyEnv = str(values, 'api-key-env') ?? DEFAULT_KEY_ENV;
    const apiKey = ctx.env[keyEnv] || undefined;
    if (!apiKey && (!dryRun || validateRemote)) {
      throw new LensError(
        'usage',
        `No CloudZero API key: the environment variable ${keyEnv} is not set.`,
        'Export the key in that variable, or name another with --api-key-env VAR.',
      );
    }

    const caps = await ctx.openSchema();
    const db = await ctx.openDatabase();
    const invalid: InvalidRow[] = [];
    let invalidCount = 0;
    const items = streamCbf(db, selection, {
      signal: ctx.signal,
      capabilities: caps,
      masterKeyHash: ctx.masterKeyHash,
      onNote: (note) => ctx.stderr.write(`note: ${note}\n`),
    });
    const rows = transmittableRows(items, {
      skipInvalid: skipInvalidOf(values),
      onInvalid: (row) => {
        invalidCount += 1;
        if (invalid.length < LISTED_INVALID) invalid.push(row);
      },
    });
    try {
      const summary = await transmitCbf(rows, {
        connectionId,
        apiKey,
        endpoint: str(values, 'endpoint'),
        operation: operation as AnycostOperation,
        dryRun,
        dryRunDir: positionals[0],
        validateRemote,
        range: { from: selection.from, to: selection.to },
        signal: ctx.signal,
        log: (line) => ctx.stderr.write(`${line}\n`),
        onProgress: (p) => {
          if (p.stage === 'sending') ctx.progress(`${p.month} batch ${p.batch}: ${p.batchRows} rows (${p.rowsDone} done)`);
          if (p.stage === 'waiting') ctx.progress(`${p.month} batch ${p.batch}: waiting ${((p.waitMs ?? 0) / 1000).toFixed(1)} s to retry`);
        },
      });
      ctx.stderr.write(describe(summary, positionals[0]));
      if (invalidCount > 0) {
        ctx.stderr.write(
          describeInvalid(
            `warning: ${invalidCount} invalid row(s) were left out (--skip-invalid):`,
            invalid,
            invalidCount,
            'export --skip-invalid lists them all',
          ),
        );
      }
      if (ctx.json) ctx.stdout.write(`${JSON.stringify({ ...summary, invalid, invalidCount })}\n`);
      return 0;
    } catch (error) {
      if (!(error instanceof AnycostTransmitError)) throw error;
      return reportFailure(error, ctx, { invalid, invalidCount });
    }
  },
};

/** A failure part-way: the error, and in --json the summary of what was delivered next to it. */
function reportFailure(error: AnycostTransmitError, ctx: CliContext, skipped: { invalid: InvalidRow[]; invalidCount: number }): number {
  ctx.stderr.write(`error: ${error.message}\n${error.hint ? `hint: ${error.hint}\n` : ''}`);
  writeJsonFailure(ctx, error, { ...error.summary, ...skipped });
  return error.exitCode;
}

function describe(s: TransmitSummary, dir: string | undefined): string {
  const head =
    s.mode === 'send'
      ? `Sent to CloudZero connection ${s.connectionId} with ${s.operation}`
      : s.mode === 'validate'
        ? 'Validated by CloudZero; nothing was stored'
        : `Dry run, nothing was sent${dir ? `; request bodies written to ${dir}` : ''}`;
  const lines = [
    `${head}: ${s.months.length} month(s), ${s.batches} request(s), ${s.rows} rows, total cost ${s.totalCost}, ${s.retries} retr${s.retries === 1 ? 'y' : 'ies'}.`,
    ...s.months.map((m) => `  ${m.month}  ${String(m.batches).padStart(3)} request(s)  ${String(m.rows).padStart(9)} rows  cost ${m.cost}`),
  ];
  return `${lines.join('\n')}\n`;
}
