import type { Requirement } from '../schema/features';
import { checkParamDefault } from './bindParams';
import { scanSql } from './sqlScan';
import { PARAM_TYPES, type Analysis, type AnalysisOrigin, type AnalysisParam, type ParamType } from './types';

const HEADER_LINE = /^\s*--\s*(name|description|param|requires)\s*:\s?(.*)$/i;
const PARAM_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Parses a saved analysis. The header is the run of `--` comment (and blank) lines before the first SQL line:
 *   -- name: Top users
 *   -- description: …            (repeatable; lines are joined)
 *   -- param: from date 30 days ago   (`<name> <date|text|int|number> [default]`; the Nth param is `$N`)
 *   -- requires: LiteLLM_DailyUserSpend(user_id, spend), LiteLLM_UserTable.user_alias, LiteLLM_TagTable
 * Other comment lines are free text. Defects are collected in `problems` instead of thrown, so one broken user
 * file never hides the others.
 */
export function parseAnalysis(text: string, source: { id: string; origin: AnalysisOrigin; path?: string }): Analysis {
  const problems: string[] = [];
  let name = '';
  const description: string[] = [];
  const params: AnalysisParam[] = [];
  const requires = new Map<string, Set<string>>();
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '') continue;
    if (!line.trim().startsWith('--')) break;
    const m = HEADER_LINE.exec(line);
    if (!m) continue;
    const key = m[1].toLowerCase();
    const value = m[2].trim();
    const where = `line ${i + 1}`;
    if (key === 'name') name = value;
    else if (key === 'description') description.push(value);
    else if (key === 'param') {
      const param = parseParam(value, params.length + 1, where, problems);
      if (param && params.some((p) => p.name === param.name)) problems.push(`${where}: parameter "${param.name}" is declared twice.`);
      else if (param) params.push(param);
    } else {
      for (const r of parseRequires(value, where, problems)) {
        const cols = requires.get(r.table) ?? new Set<string>();
        for (const c of r.columns ?? []) cols.add(c);
        requires.set(r.table, cols);
      }
    }
  }
  const scan = scanSql(text);
  if (scan.statements === 0) problems.push('The file holds no SQL statement.');
  if (scan.statements > 1) problems.push(`The file holds ${scan.statements} statements; a saved analysis is exactly one statement.`);
  for (const n of scan.placeholders) {
    if (n < 1 || n > params.length) problems.push(`$${n} is used in the SQL but only ${params.length} parameter(s) are declared (the Nth "-- param:" line is $N).`);
  }
  for (const p of params) {
    if (!scan.placeholders.includes(p.index)) problems.push(`Parameter "${p.name}" is $${p.index} but the SQL never uses $${p.index}.`);
  }
  return {
    id: source.id,
    name: name || source.id,
    description: description.join(' '),
    params,
    requires: [...requires].map(([table, cols]) => (cols.size > 0 ? { table, columns: [...cols] } : { table })),
    sql: text,
    origin: source.origin,
    path: source.path,
    problems,
  };
}

function parseParam(value: string, index: number, where: string, problems: string[]): AnalysisParam | undefined {
  const m = /^(\S+)\s+(\S+)(?:\s+(.*))?$/.exec(value);
  if (!m) {
    problems.push(`${where}: "-- param:" needs "<name> <type> [default]", got "${value}".`);
    return undefined;
  }
  const [, name, rawType, rawDefault] = m;
  const type = rawType.toLowerCase() as ParamType;
  if (!PARAM_NAME.test(name)) problems.push(`${where}: parameter name "${name}" must be letters, digits and _.`);
  if (!PARAM_TYPES.includes(type)) {
    problems.push(`${where}: parameter "${name}" has unknown type "${rawType}" (use ${PARAM_TYPES.join(', ')}).`);
    return undefined;
  }
  // `''` is how a header spells an empty text default.
  const def = rawDefault === undefined ? undefined : rawDefault.trim() === "''" ? '' : rawDefault.trim();
  const param: AnalysisParam = { name, type, index, ...(def === undefined ? {} : { default: def }) };
  const defect = def === undefined ? undefined : checkParamDefault(param, def);
  if (defect) problems.push(`${where}: ${defect}`);
  return param;
}

/** `Table`, `Table.column` and `Table(col, col)` entries, separated by commas or spaces; quotes are optional. */
function parseRequires(value: string, where: string, problems: string[]): Requirement[] {
  const out: Requirement[] = [];
  const entry = /"?([A-Za-z_][\w]*)"?(?:\."?([A-Za-z_][\w]*)"?|\s*\(([^)]*)\))?/y;
  let i = 0;
  while (i < value.length) {
    if (/[\s,]/.test(value[i])) {
      i++;
      continue;
    }
    entry.lastIndex = i;
    const m = entry.exec(value);
    if (!m) {
      problems.push(`${where}: cannot read "-- requires:" at "${value.slice(i)}" (use Table, Table.column or Table(col, col)).`);
      break;
    }
    const columns = m[2] ? [m[2]] : m[3] !== undefined ? m[3].split(',').map((c) => c.trim().replace(/^"|"$/g, '')).filter(Boolean) : [];
    out.push(columns.length > 0 ? { table: m[1], columns } : { table: m[1] });
    i = entry.lastIndex;
  }
  return out;
}
