import { computeAttribution } from '../../core/attribution/compute';
import { treeToCsv } from '../../core/attribution/csv';
import { makePeriod } from '../../core/attribution/period';
import type { Basis } from '../../core/attribution/types';
import { DEFAULT_BUDGET_TIMEZONE, validateTimezone } from '../../core/attribution/window';
import { DEFAULT_REPORT_TIMEZONE, validateReportTimezone } from '../../core/attribution/zoneDays';
import { LensError } from '../../core/errors';
import type { CliCommand } from '../command';
import { str } from '../command';
import { attributionText } from './attributionText';

/** Levels the text tree prints: total, organisations, teams, users (keys and models are in json/csv). */
const TEXT_DEPTH = 4;

const USAGE =
  'attribution --from YYYY-MM-DD --to YYYY-MM-DD [--basis daily|requests] [--format text|json|csv] [--top N] [--budget-timezone IANA-NAME] [--timezone IANA-NAME]';

function required(value: string | undefined, flag: string): string {
  if (value === undefined) throw new LensError('usage', `Missing --${flag}.`, `Usage: litellm-lens ${USAGE}`);
  return value;
}

/**
 * `litellm-lens attribution`: the spend tree of a period with reconciliation, budgets and trend as one JSON
 * document (docs/attribution-json.md), the tree alone as CSV, or an indented tree for people (`text`: the
 * default when stdout is a terminal; pipes and files keep getting JSON).
 */
export const attributionCommand: CliCommand = {
  name: 'attribution',
  summary: 'Spend attribution tree: organisation → team → user → key → model',
  usage: USAGE,
  options: {
    from: { type: 'string' },
    to: { type: 'string' },
    basis: { type: 'string' },
    format: { type: 'string' },
    top: { type: 'string' },
    'budget-timezone': { type: 'string' },
    timezone: { type: 'string' },
  },
  async run(values, _positionals, ctx) {
    const from = required(str(values, 'from'), 'from');
    const to = required(str(values, 'to'), 'to');
    makePeriod(from, to);
    const basis = str(values, 'basis') ?? 'daily';
    if (basis !== 'daily' && basis !== 'requests') {
      throw new LensError('usage', `Unknown --basis ${basis}.`, 'Use daily (the durable daily tables) or requests (LiteLLM_SpendLogs).');
    }
    const terminal = (ctx.stdout as NodeJS.WriteStream).isTTY === true;
    const format = str(values, 'format') ?? (terminal && !ctx.json ? 'text' : 'json');
    if (format !== 'json' && format !== 'csv' && format !== 'text') {
      throw new LensError('usage', `Unknown --format ${format}.`, 'Use text, json or csv.');
    }
    if (ctx.json && format !== 'json') {
      throw new LensError(
        'usage',
        `--json prints one JSON document; it cannot be combined with --format ${format}.`,
        `Drop --json to get ${format === 'csv' ? 'CSV' : 'text'}.`,
      );
    }
    const topText = str(values, 'top') ?? '10';
    const topN = Number(topText);
    if (!Number.isInteger(topN) || topN < 1) {
      throw new LensError('usage', `Invalid --top ${topText}.`, 'A positive integer, e.g. --top 20.');
    }
    const budgetTimezone = validateTimezone(str(values, 'budget-timezone') ?? DEFAULT_BUDGET_TIMEZONE);
    const timezone = validateReportTimezone(str(values, 'timezone') ?? DEFAULT_REPORT_TIMEZONE);
    const caps = await ctx.openSchema();
    const db = await ctx.openDatabase();
    ctx.progress(`Attributing spend ${from} … ${to} (${basis} basis)…`);
    const result = await computeAttribution(
      db,
      caps,
      { from, to, basis: basis as Basis, topN, budgetTimezone, masterKeyHash: ctx.masterKeyHash, timezone },
      ctx.signal,
    );
    ctx.stdout.write(
      format === 'csv'
        ? treeToCsv(result.tree)
        : format === 'text'
          ? attributionText(result, { top: topN, depth: TEXT_DEPTH })
          : `${JSON.stringify(result)}\n`,
    );
    // The days' sources (local or UTC fallback) are in the JSON and the text; CSV holds only the tree, so say it here for all.
    for (const note of [
      ...result.schema.notes,
      ...(result.timezone?.notes ?? []),
      ...(basis === 'requests' && !result.spendLogs.complete
        ? [`SpendLogs cover only part of the period (from ${result.spendLogs.coveredFrom ?? 'none of it'}).`]
        : []),
    ]) {
      ctx.stderr.write(`note: ${note}\n`);
    }
  },
};
