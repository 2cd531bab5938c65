import { LensError } from '../errors';
import { DATE_FORMS, resolveDate } from './relativeDate';
import type { Analysis, AnalysisParam } from './types';

/** Bound values in `$n` order, plus the same values by name for display. */
export interface BoundParams {
  values: (string | number)[];
  byName: Record<string, string | number>;
}

/** Converts one raw value to what is bound for `param`, or returns a message saying why it is invalid. */
function convert(param: AnalysisParam, raw: string, now: Date): { value: string | number } | { error: string } {
  switch (param.type) {
    case 'date': {
      const date = resolveDate(raw, now);
      return date ? { value: date } : { error: `"${raw}" is not a date (use ${DATE_FORMS}).` };
    }
    case 'int': {
      const n = Number(raw.trim());
      return /^[+-]?\d+$/.test(raw.trim()) && Number.isSafeInteger(n) ? { value: n } : { error: `"${raw}" is not a whole number.` };
    }
    case 'number': {
      const n = Number(raw.trim());
      return /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(raw.trim()) && Number.isFinite(n)
        ? { value: n }
        : { error: `"${raw}" is not a number.` };
    }
    case 'text':
      return { value: raw };
  }
}

/** A load-time check of a header default; undefined when it is valid. */
export function checkParamDefault(param: AnalysisParam, raw: string): string | undefined {
  const r = convert(param, raw, new Date());
  return 'error' in r ? `default of parameter "${param.name}" (${param.type}): ${r.error}` : undefined;
}

/**
 * Validates the supplied values (raw text, e.g. from `--param from=2026-10-01` or an input box), fills in
 * defaults and resolves relative dates against `now` in UTC. Values only ever travel as bind parameters.
 */
export function bindParams(analysis: Analysis, supplied: Readonly<Record<string, string>>, now: Date = new Date()): BoundParams {
  const known = new Set(analysis.params.map((p) => p.name));
  const unknown = Object.keys(supplied).filter((k) => !known.has(k));
  if (unknown.length > 0) {
    throw new LensError(
      'usage',
      `Analysis "${analysis.id}" has no parameter ${unknown.map((u) => `"${u}"`).join(', ')}.`,
      analysis.params.length > 0 ? `Its parameters: ${analysis.params.map(describeParam).join(', ')}.` : 'It takes no parameters.',
    );
  }
  const values: (string | number)[] = [];
  const byName: Record<string, string | number> = {};
  for (const p of analysis.params) {
    const raw = Object.prototype.hasOwnProperty.call(supplied, p.name) ? supplied[p.name] : p.default;
    if (raw === undefined) {
      throw new LensError(
        'usage',
        `Analysis "${analysis.id}" needs a value for parameter "${p.name}" (${p.type}).`,
        `Pass --param ${p.name}=VALUE.`,
      );
    }
    const r = convert(p, raw, now);
    if ('error' in r) throw new LensError('usage', `Parameter "${p.name}" of analysis "${analysis.id}": ${r.error}`);
    values.push(r.value);
    byName[p.name] = r.value;
  }
  return { values, byName };
}

/** `from (date, default 30 days ago)` */
export function describeParam(p: AnalysisParam): string {
  return `${p.name} (${p.type}${p.default !== undefined ? `, default ${p.default === '' ? "''" : p.default}` : ', required'})`;
}
