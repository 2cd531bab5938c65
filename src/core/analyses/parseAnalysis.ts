import type { Requirement } from '../schema/features';
import { checkParamDefault } from './bindParams';
import { lineTag } from './optionalParts';
import { scanSql } from './sqlScan';
import { PARAM_TYPES, type Analysis, type AnalysisOrigin, type AnalysisParam, type OptionalPart, type ParamType } from './types';

const HEADER_LINE = /^\s*--\s*(name|description|param|requires|optional)\s*:\s?(.*)$/i;
const PARAM_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Parses a saved analysis. The header is the run of `--` comment (and blank) lines before the first SQL line:
 *   -- name: Top users
 *   -- description: …            (repeatable; lines are joined)
 *   -- param: from date 30 days ago   (`<name> <date|text|int|number> [default]`; the Nth param is `$N`)
 *   -- requires: LiteLLM_DailyUserSpend(user_id, spend), LiteLLM_UserTable.user_alias, LiteLLM_TagTable
 *   -- optional: LiteLLM_TeamTable.soft_budget -- teams' soft_budget is empty   (one entry, then ` -- ` and a note)
 * An optional entry is not required: SQL lines tagged `-- if: <entry>` run only when the database has it and lines
 * tagged `-- if-missing: <entry>` only when it lacks it (optionalParts.ts); `<entry>` is `Table.column` as written,
 * else the table name. Other comment lines are free text. Defects are collected in `problems` instead of thrown, so one broken user
 * file never hides the others.
 */
export function parseAnalysis(text: string, source: { id: string; origin: AnalysisOrigin; path?: string }): Analysis {
  const problems: string[] = [];
  let name = '';
  const description: string[] = [];
  const params: AnalysisParam[] = [];
  const requires = new Map<string, Set<string>>();
  const optional: OptionalPart[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '') continue;
    if (!line.trim().startsWith('--')) {
      checkTags(lines, i, optional, problems);
      break;
    }
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
    } else if (key === 'optional') {
      const part = parseOptional(value, where, problems);
      if (part && optional.some((o) => o.key === part.key)) problems.push(`${where}: "-- optional: ${part.key}" is declared twice.`);
      else if (part) optional.push(part);
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
    if (n < 1 || n > params.length) {
      problems.push(`$${n} is used in the SQL but only ${params.length} parameter(s) are declared (the Nth "-- param:" line is $N).`);
    }
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
    optional,
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

/** One `-- optional:` line: a single requirement, then ` -- ` and the note that names the missing figures. */
function parseOptional(value: string, where: string, problems: string[]): OptionalPart | undefined {
  const cut = value.indexOf(' -- ');
  const entry = (cut < 0 ? value : value.slice(0, cut)).trim();
  const note = cut < 0 ? '' : value.slice(cut + 4).trim();
  const parsed = parseRequires(entry, where, problems);
  if (parsed.length !== 1 || note === '') {
    problems.push(`${where}: "-- optional:" needs one Table, Table.column or Table(col, col), then " -- " and what is missing without it.`);
    return undefined;
  }
  const [requirement] = parsed;
  const dotted = /^"?[A-Za-z_]\w*"?\."?[A-Za-z_]\w*"?$/.test(entry);
  return { key: dotted ? `${requirement.table}.${requirement.columns?.[0]}` : requirement.table, requirement, note };
}

/** Every `-- if:` / `-- if-missing:` tag of the SQL (from line `start`) names a declared optional, and each is used. */
function checkTags(lines: readonly string[], start: number, optional: readonly OptionalPart[], problems: string[]): void {
  const used = new Set<string>();
  for (let i = start; i < lines.length; i++) {
    const tag = lineTag(lines[i]);
    if (!tag) continue;
    if (optional.some((o) => o.key === tag.key)) used.add(tag.key);
    else problems.push(`line ${i + 1}: "-- ${tag.kind}: ${tag.key}" names no "-- optional:" entry of the header.`);
  }
  for (const o of optional) {
    if (!used.has(o.key)) {
      problems.push(`"-- optional: ${o.key}" is declared but no SQL line is tagged "-- if: ${o.key}" or "-- if-missing: ${o.key}".`);
    }
  }
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
    const columns = m[2]
      ? [m[2]]
      : m[3] !== undefined
        ? m[3]
            .split(',')
            .map((c) => c.trim().replace(/^"|"$/g, ''))
            .filter(Boolean)
        : [];
    out.push(columns.length > 0 ? { table: m[1], columns } : { table: m[1] });
    i = entry.lastIndex;
  }
  return out;
}
