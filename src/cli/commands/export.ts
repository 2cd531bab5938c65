import { extname } from 'node:path';
import { CbfValidationError, exportCbf } from '../../core/cbf/export';
import { CBF_FORMATS, type CbfExportSummary, type CbfFormat } from '../../core/cbf/types';
import { LensError } from '../../core/errors';
import { describeInvalid, SELECTION_OPTIONS, SELECTION_USAGE, selectionOf, skipInvalidOf, writeJsonFailure } from '../cbfOptions';
import type { CliCommand, CliContext } from '../command';
import { str } from '../command';

/** Progress appears only for exports that take a while, then once a second. */
const PROGRESS_AFTER_MS = 2000;
const PROGRESS_EVERY_MS = 1000;

export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'Export spend as CloudZero CBF (CSV or JSONL), validated, written atomically',
  usage: `export ${SELECTION_USAGE} --format csv|jsonl --out FILE [--profile lens|ll2cz] [--skip-invalid] [--escape-formulas]`,
  options: {
    ...SELECTION_OPTIONS,
    format: { type: 'string' },
    out: { type: 'string' },
    'escape-formulas': { type: 'boolean' },
  },
  async run(values, _positionals, ctx) {
    const selection = selectionOf(values);
    const out = str(values, 'out');
    if (!out) {
      throw new LensError(
        'usage',
        '--out is required.',
        'Name the file to write, e.g. --out spend.csv (written atomically: a failed export leaves no file).',
      );
    }
    const format = formatOf(str(values, 'format'), out);
    const escapeFormulas = values['escape-formulas'] === true;
    if (escapeFormulas && format !== 'csv') {
      throw new LensError('usage', '--escape-formulas applies to CSV only.', 'Drop it, or use --format csv.');
    }
    const caps = await ctx.openSchema();
    const db = await ctx.openDatabase();
    let lastProgress = 0;
    let showedProgress = false;
    const skipInvalid = skipInvalidOf(values);
    try {
      const summary = await exportCbf(db, {
        selection,
        format,
        out,
        skipInvalid,
        escapeFormulas,
        signal: ctx.signal,
        capabilities: caps,
        masterKeyHash: ctx.masterKeyHash,
        onNote: (note) => ctx.stderr.write(`note: ${note}\n`),
        onProgress: (p) => {
          if (p.elapsedMs < PROGRESS_AFTER_MS || p.elapsedMs - lastProgress < PROGRESS_EVERY_MS) return;
          lastProgress = p.elapsedMs;
          showedProgress = true;
          ctx.progress(`export: ${p.rows} rows${p.invalid ? `, ${p.invalid} invalid` : ''}, ${(p.elapsedMs / 1000).toFixed(1)} s`);
        },
      });
      endProgress(ctx, showedProgress);
      ctx.stderr.write(
        `Wrote ${summary.rows} rows (total cost ${summary.totalCost}) to ${summary.out} [${selection.source}, ${selection.profile}, ${selection.from}..${selection.to}].\n`,
      );
      if (summary.invalidCount > 0) {
        ctx.stderr.write(
          describeInvalid(
            `warning: ${summary.invalidCount} invalid row(s) were left out (--skip-invalid):`,
            summary.invalid,
            summary.invalidCount,
            jsonLists(summary),
          ),
        );
      }
      if (ctx.json) ctx.stdout.write(`${JSON.stringify(jsonSummary(summary))}\n`);
      return 0;
    } catch (error) {
      endProgress(ctx, showedProgress);
      if (!(error instanceof CbfValidationError)) throw error;
      const { summary } = error;
      ctx.stderr.write(describeInvalid(`error: ${error.message}`, summary.invalid, summary.invalidCount, jsonLists(summary)));
      ctx.stderr.write(`hint: ${error.hint}\n`);
      writeJsonFailure(ctx, error, jsonSummary(summary));
      return error.exitCode;
    }
  },
};

/** `--format`, else from the file name (`.jsonl`/`.ndjson` -> jsonl), else csv. */
function formatOf(flag: string | undefined, out: string): CbfFormat {
  if (flag === undefined) return ['.jsonl', '.ndjson'].includes(extname(out).toLowerCase()) ? 'jsonl' : 'csv';
  if (!(CBF_FORMATS as readonly string[]).includes(flag)) {
    throw new LensError('usage', `Unknown --format ${flag}.`, `Use --format ${CBF_FORMATS.join('|')}.`);
  }
  return flag as CbfFormat;
}

/** The `--json` document: docs/design.md §5's `{rows, totalCost, from, to, source, profile, out, invalid}` plus format and the full invalid count. */
function jsonSummary(s: CbfExportSummary) {
  return {
    rows: s.rows,
    totalCost: s.totalCost,
    from: s.from,
    to: s.to,
    source: s.source,
    profile: s.profile,
    out: s.out,
    format: s.format,
    invalid: s.invalid,
    invalidCount: s.invalidCount,
  };
}

function endProgress(ctx: CliContext, shown: boolean): void {
  if (shown && (ctx.stderr as NodeJS.WriteStream).isTTY) ctx.stderr.write('\r\x1b[2K');
}

/** Where the rows not listed on stderr can be read: --json carries up to MAX_REPORTED_INVALID of them. */
function jsonLists(s: CbfExportSummary): string {
  return `--json lists up to ${s.invalid.length}`;
}
