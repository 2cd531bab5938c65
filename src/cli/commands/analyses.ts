import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { analysisClock } from '../../core/analyses/analysisClock';
import { bindParams } from '../../core/analyses/bindParams';
import { checkRunnable, requireRunnable } from '../../core/analyses/checkRunnable';
import { formatTable } from '../../core/analyses/formatTable';
import { DEFAULT_WORKSPACE_ANALYSES_DIR } from '../../core/analyses/libraryDir';
import { loadAnalyses } from '../../core/analyses/loadAnalyses';
import { dateClockNote } from '../../core/analyses/relativeDate';
import { runAnalysis, streamAnalysis } from '../../core/analyses/runAnalysis';
import type { Analysis } from '../../core/analyses/types';
import { pipeCsv, pipeJson } from '../../core/analyses/writers';
import { privilegedWarning } from '../../core/db/roleInfo';
import { LensError } from '../../core/errors';
import type { Capabilities } from '../../core/schema/capabilities';
import type { CliCommand, CliContext, OptionValues } from '../command';
import { str } from '../command';

const USAGE = 'analyses list | run ID [--param NAME=VALUE ...] [--format text|json|csv] [--max-rows N] [--workspace DIR ...]';

function list(values: OptionValues, name: string): string[] {
  const v = values[name];
  return Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
}

/** The shipped library, `./.litellm-lens/analyses` when present, then each --workspace folder (later wins). */
function load(values: OptionValues): Analysis[] {
  const dirs = list(values, 'workspace').map((d) => resolve(d));
  for (const dir of dirs) {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new LensError('usage', `--workspace ${dir} is not a folder.`);
  }
  return loadAnalyses({ workspaceDirs: [resolve(DEFAULT_WORKSPACE_ANALYSES_DIR), ...dirs] });
}

function parseParams(values: OptionValues): Record<string, string> {
  const params: Record<string, string> = {};
  for (const item of list(values, 'param')) {
    const eq = item.indexOf('=');
    if (eq <= 0) {
      throw new LensError('usage', `--param ${item} is not NAME=VALUE.`, 'Example: --param from=2026-10-01 --param "to=yesterday"');
    }
    params[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return params;
}

async function listCommand(values: OptionValues, ctx: CliContext): Promise<void> {
  const analyses = load(values);
  // Listing works offline; runnability needs the schema of a database.
  const haveDb = values.db !== undefined || values.demo === true || Boolean(ctx.env.DATABASE_URL);
  const caps: Capabilities | undefined = haveDb ? await ctx.openSchema() : undefined;
  const entries = analyses.map((a) => {
    const r = caps ? checkRunnable(a, caps) : undefined;
    return {
      id: a.id,
      name: a.name,
      description: a.description,
      origin: a.origin,
      path: a.path,
      overrides: a.overrides,
      params: a.params.map((p) => ({ name: p.name, type: p.type, default: p.default })),
      requires: a.requires.flatMap((q) => (q.columns?.length ? q.columns.map((c) => `${q.table}.${c}`) : [q.table])),
      runnable: r ? r.runnable : null,
      missing: r?.missing ?? [],
      absent: r?.absent ?? [],
      problems: a.problems,
    };
  });
  if (ctx.json) {
    ctx.stdout.write(`${JSON.stringify({ generation: caps?.generation() ?? null, analyses: entries }, null, 2)}\n`);
    return;
  }
  const width = Math.max(2, ...entries.map((e) => e.id.length));
  const lines = [`${'ID'.padEnd(width)}  ${caps ? 'RUNNABLE  ' : ''}NAME`];
  for (const e of entries) {
    const why =
      e.problems.length > 0
        ? ` (defective: ${e.problems.join(' ')})`
        : e.missing.length > 0
          ? ` (needs ${e.missing.join(', ')})`
          : e.absent.length > 0
            ? ` (runs without ${e.absent.join(', ')})`
            : '';
    const origin = e.origin === 'library' ? '' : ` [${e.origin}${e.overrides ? `, overrides ${e.overrides.origin}` : ''}]`;
    lines.push(`${e.id.padEnd(width)}  ${caps ? (e.runnable ? 'yes' : 'no').padEnd(10) : ''}${e.name}${origin}${why}`);
  }
  ctx.stdout.write(`${lines.join('\n')}\n`);
  if (!caps) ctx.stderr.write('No database given (--db, --demo or DATABASE_URL), so runnability was not checked.\n');
}

async function runCommand(id: string | undefined, values: OptionValues, ctx: CliContext): Promise<void> {
  if (!id) throw new LensError('usage', 'Which analysis? analyses run ID', 'List them with: litellm-lens analyses list');
  const format = str(values, 'format') ?? (ctx.json ? 'json' : 'text');
  if (!['text', 'json', 'csv'].includes(format)) throw new LensError('usage', `Unknown --format ${format}`, 'Use text, json or csv.');
  if (ctx.json && format !== 'json') throw new LensError('usage', `--json prints JSON; it cannot be combined with --format ${format}.`);
  const maxRowsText = str(values, 'max-rows') ?? '100';
  const maxRows = Number(maxRowsText);
  if (!Number.isInteger(maxRows) || maxRows < 0) {
    throw new LensError('usage', `Invalid --max-rows ${maxRowsText}`, 'A whole number of rows, e.g. --max-rows 500.');
  }
  const params = parseParams(values);
  const analyses = load(values);
  const found = analyses.find((a) => a.id === id);
  if (!found) {
    throw new LensError('usage', `No analysis "${id}".`, `Available: ${analyses.map((a) => a.id).join(', ')}.`);
  }
  // Bad values are usage errors (exit 2) before any connection is made.
  bindParams(found, params);
  const caps = await ctx.openSchema();
  const analysis = requireRunnable(found, caps);
  for (const note of analysis.notes ?? []) ctx.stderr.write(`note: ${note}\n`);
  const db = await ctx.openDatabase();
  if (analysis.overrides) {
    ctx.stderr.write(
      `warning: "${analysis.id}" is ${analysis.path ?? 'a settings entry'}, which replaces the ${analysis.overrides.origin} analysis of the same id.\n`,
    );
  }
  if (analysis.origin !== 'library' && db.server.role.privileged) {
    ctx.stderr.write(`warning: "${analysis.id}" is not shipped SQL, and ${privilegedWarning(db.server.role)}\n`);
  }
  // Relative dates ("30 days ago", "today") follow the data's last day when the data ended before today.
  const clock = await analysisClock(db, caps, analysis, ctx.signal);
  const clockNote = dateClockNote(clock);
  if (clockNote) ctx.stderr.write(`note: ${clockNote}\n`);
  if (format === 'text') {
    const result = await runAnalysis(db, analysis, params, { signal: ctx.signal, maxRows, now: clock.now });
    ctx.stdout.write(formatTable(result.columns, result.rows));
    const bound = Object.entries(result.params)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    ctx.stderr.write(
      `${analysis.name}: ${result.rows.length} row(s)${result.truncated ? ` shown (more exist; raise --max-rows or use --format csv|json for all)` : ''} in ${result.elapsedMs} ms${bound ? ` [${bound}]` : ''}\n`,
    );
    return;
  }
  const started = Date.now();
  const stream = await streamAnalysis(db, analysis, params, { signal: ctx.signal, now: clock.now });
  const summary = await (format === 'csv' ? pipeCsv : pipeJson)(ctx.stdout, stream);
  ctx.stderr.write(`${analysis.name}: ${summary.rows} row(s) in ${Date.now() - started} ms\n`);
}

/** `litellm-lens analyses`: the saved SQL analyses (shipped library + workspace folders). */
export const analysesCommand: CliCommand = {
  name: 'analyses',
  summary: 'List and run saved SQL analyses: the shipped library, ./.litellm-lens/analyses and any --workspace folder',
  usage: USAGE,
  options: {
    param: { type: 'string', multiple: true },
    format: { type: 'string' },
    'max-rows': { type: 'string' },
    workspace: { type: 'string', multiple: true },
  },
  allowPositionals: true,
  async run(values, positionals, ctx) {
    const [sub, id, ...extra] = positionals;
    if (extra.length > 0) throw new LensError('usage', `Unexpected argument ${extra[0]}.`, `Usage: litellm-lens ${USAGE}`);
    if (sub === 'list' && id === undefined) return listCommand(values, ctx);
    if (sub === 'run') return runCommand(id, values, ctx);
    throw new LensError(
      'usage',
      sub ? `Unknown analyses subcommand "${sub}".` : 'analyses needs a subcommand: list or run.',
      `Usage: litellm-lens ${USAGE}`,
    );
  },
};
