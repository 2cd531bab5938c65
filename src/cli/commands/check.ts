import { makePeriod } from '../../core/attribution/period';
import { DEFAULT_REPORT_TIMEZONE, validateReportTimezone } from '../../core/attribution/zoneDays';
import { LensError } from '../../core/errors';
import { parseFailOn, reachesThreshold, runHealthCheck } from '../../core/health/runHealthCheck';
import type { HealthReport } from '../../core/health/types';
import type { CliCommand } from '../command';
import { str } from '../command';

/** Exit code when findings reach --fail-on (docs/design.md §5). */
export const FINDINGS_EXIT_CODE = 6;

const USAGE = 'check --from YYYY-MM-DD --to YYYY-MM-DD [--json] [--fail-on warning|error] [--timezone IANA-NAME]';

function required(value: string | undefined, flag: string): string {
  if (value === undefined) throw new LensError('usage', `Missing --${flag}.`, `Usage: litellm-lens ${USAGE}`);
  return value;
}

/** Database strings (aliases) may hold line breaks and control characters: one line each in the text output. */
const oneLine = (value: string): string => value.replace(/[\s\p{Cc}]+/gu, ' ');

function text(report: HealthReport): string {
  const zone = report.period.timezone ? `, days in ${report.period.timezone}` : '';
  const lines = [
    `Spend health ${report.period.from} … ${report.period.to} (${report.generation} schema${zone}): ${report.findings.length} findings`,
  ];
  for (const f of report.findings) {
    lines.push(
      '',
      `[${f.severity}] ${f.check}: ${oneLine(f.subject)} — ${f.count} row${f.count === 1 ? '' : 's'}, $${f.money}`,
      `  ${oneLine(f.explanation)}`,
      `  rows: ${f.sql.replace(/\n */g, ' ')}`,
    );
  }
  for (const s of report.skipped) lines.push('', `[skipped] ${s.check}: ${s.reason}`);
  return `${lines.join('\n')}\n`;
}

/**
 * `litellm-lens check`: the spend health findings of a period (docs/health-check.md), as text or one JSON
 * document; exit 6 when a finding is at or above --fail-on.
 */
export const checkCommand: CliCommand = {
  name: 'check',
  summary: 'Spend health: $0-priced models, counter drift, lost flushes, spend after expiry, budgets, spikes, failures',
  usage: USAGE,
  options: { from: { type: 'string' }, to: { type: 'string' }, 'fail-on': { type: 'string' }, timezone: { type: 'string' } },
  async run(values, _positionals, ctx) {
    const from = required(str(values, 'from'), 'from');
    const to = required(str(values, 'to'), 'to');
    makePeriod(from, to);
    const failOnText = str(values, 'fail-on');
    const failOn = failOnText === undefined ? undefined : parseFailOn(failOnText);
    const timezone = validateReportTimezone(str(values, 'timezone') ?? DEFAULT_REPORT_TIMEZONE);
    const caps = await ctx.openSchema();
    const db = await ctx.openDatabase();
    ctx.progress(`Checking spend health ${from} … ${to}…`);
    const report = await runHealthCheck(db, caps, { from, to, timezone }, ctx.signal);
    ctx.stdout.write(ctx.json ? `${JSON.stringify(report)}\n` : text(report));
    return failOn !== undefined && reachesThreshold(report, failOn) ? FINDINGS_EXIT_CODE : 0;
  },
};
