import { extname } from 'node:path';
import { CbfValidationError, exportCbf } from '../../core/cbf/export';
import { checkSelection } from '../../core/cbf/selection';
import { CBF_FORMATS, type CbfExportSummary, type CbfFormat, type InvalidRow } from '../../core/cbf/types';
import { LensError } from '../../core/errors';
import type { CliCommand, CliContext } from '../command';
import { str } from '../command';

/** Invalid rows listed on stderr; --json carries up to MAX_REPORTED_INVALID of them and the full count. */
const LISTED_INVALID = 20;
/** Progress appears only for exports that take a while, then once a second. */
const PROGRESS_AFTER_MS = 2000;
const PROGRESS_EVERY_MS = 1000;

export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'Export spend as CloudZero CBF (CSV or JSONL), validated, written atomically',
  usage: 'export --source user|team|tag|org|enduser|logs --from YYYY-MM-DD --to YYYY-MM-DD --format csv|jsonl --out FILE [--profile lens|ll2cz] [--skip-invalid] [--escape-formulas]',
  options: {
    source: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    profile: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
    'skip-invalid': { type: 'boolean' },
    'escape-formulas': { type: 'boolean' },
  },
  async run(values, _positionals, ctx) {
    const selection = checkSelection({ source: str(values, 'source'), from: str(values, 'from'), to: str(values, 'to'), profile: str(values, 'profile') });
    const out = str(values, 'out');
    if (!out) throw new LensError('usage', '--out is required.', 'Name the file to write, e.g. --out spend.csv (written atomically: a failed export leaves no file).');
    const format = formatOf(str(values, 'format'), out);
    const escapeFormulas = values['escape-formulas'] === true;
    if (escapeFormulas && format !== 'csv') throw new LensError('usage', '--escape-formulas applies to CSV only.', 'Drop it, or use --format csv.');
    const caps = await ctx.openSchema();
    const db = await ctx.openDatabase();
    let lastProgress = 0;
    let showedProgress = false;
    const skipInvalid = values['skip-invalid'] === true;
    try {
      const summary = await exportCbf(db, {
        selection, format, out, skipInvalid, escapeFormulas, signal: ctx.signal, capabilities: caps, masterKeyHash: ctx.masterKeyHash,
        onNote: (note) => ctx.stderr.write(`note: ${note}\n`),
        onProgress: (p) => {
          if (p.elapsedMs < PROGRESS_AFTER_MS || p.elapsedMs - lastProgress < PROGRESS_EVERY_MS) return;
          lastProgress = p.elapsedMs;
          showedProgress = true;
          ctx.progress(`export: ${p.rows} rows${p.invalid ? `, ${p.invalid} invalid` : ''}, ${(p.elapsedMs / 1000).toFixed(1)} s`);
        },
      });
      endProgress(ctx, showedProgress);
      ctx.stderr.write(`Wrote ${summary.rows} rows (total cost ${summary.totalCost}) to ${summary.out} [${selection.source}, ${selection.profile}, ${selection.from}..${selection.to}].\n`);
      if (summary.invalidCount > 0) ctx.stderr.write(describeInvalid('warning', `${summary.invalidCount} invalid row(s) were left out (--skip-invalid):`, summary.invalid, summary.invalidCount));
      if (ctx.json) ctx.stdout.write(`${JSON.stringify(jsonSummary(summary))}\n`);
      return 0;
    } catch (error) {
      endProgress(ctx, showedProgress);
      if (!(error instanceof CbfValidationError)) throw error;
      const { summary } = error;
      ctx.stderr.write(describeInvalid('error', error.message, summary.invalid, summary.invalidCount));
      ctx.stderr.write(`hint: ${error.hint}\n`);
      if (ctx.json) {
        const { kind, message, hint, exitCode } = error;
        ctx.stdout.write(`${JSON.stringify({ error: { kind, message, hint, exitCode }, summary: jsonSummary(summary) })}\n`);
      }
      return error.exitCode;
    }
  },
};

/** `--format`, else from the file name (`.jsonl`/`.ndjson` -> jsonl), else csv. */
function formatOf(flag: string | undefined, out: string): CbfFormat {
  if (flag === undefined) return ['.jsonl', '.ndjson'].includes(extname(out).toLowerCase()) ? 'jsonl' : 'csv';
  if (!(CBF_FORMATS as readonly string[]).includes(flag)) throw new LensError('usage', `Unknown --format ${flag}.`, `Use --format ${CBF_FORMATS.join('|')}.`);
  return flag as CbfFormat;
}

/** The `--json` document: docs/design.md §5's `{rows, totalCost, from, to, source, profile, out, invalid}` plus format and the full invalid count. */
function jsonSummary(s: CbfExportSummary) {
  return { rows: s.rows, totalCost: s.totalCost, from: s.from, to: s.to, source: s.source, profile: s.profile, out: s.out, format: s.format, invalid: s.invalid, invalidCount: s.invalidCount };
}

function endProgress(ctx: CliContext, shown: boolean): void {
  if (shown && (ctx.stderr as NodeJS.WriteStream).isTTY) ctx.stderr.write('\r\x1b[2K');
}

function describeInvalid(level: string, head: string, listed: InvalidRow[], count: number): string {
  const lines = [`${level}: ${head}`, ...listed.slice(0, LISTED_INVALID).map((r) => `  ${r.sourceKey}: ${r.reasons.join('; ')}`)];
  if (count > LISTED_INVALID) lines.push(`  … and ${count - LISTED_INVALID} more (--json lists up to ${listed.length}).`);
  return `${lines.join('\n')}\n`;
}
