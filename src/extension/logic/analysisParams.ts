import { bindParams } from '../../core/analyses/bindParams';
import { DATE_FORMS } from '../../core/analyses/relativeDate';
import type { Analysis, AnalysisParam } from '../../core/analyses/types';
import { LensError } from '../../core/errors';

/** What the input box for one parameter shows. */
export interface ParamPrompt {
  title: string;
  prompt: string;
  value: string;
  placeHolder: string;
}

const HINTS: Record<AnalysisParam['type'], string> = {
  date: `a UTC date: ${DATE_FORMS}`,
  int: 'a whole number',
  number: 'a number',
  text: 'text (empty is allowed)',
};

/** `clockNote` (dateClockNote) tells a date prompt that relative dates follow the data's last day, not today. */
export function paramPrompt(analysis: Analysis, param: AnalysisParam, step: number, clockNote?: string): ParamPrompt {
  const note = param.type === 'date' && clockNote ? ` (${clockNote})` : '';
  return {
    title: `${analysis.name} (${step}/${analysis.params.length}): ${param.name}`,
    prompt: `${param.name}: ${HINTS[param.type]}${param.default === undefined ? ' — required' : ''}${note}`,
    value: param.default ?? '',
    placeHolder: param.type === 'date' ? 'YYYY-MM-DD or e.g. "30 days ago"' : param.type,
  };
}

/** Checks one value as the engine will bind it; returns the error text, or the resolved value for dates. */
export function checkParamValue(
  analysis: Analysis,
  param: AnalysisParam,
  raw: string,
  now?: Date,
): { error: string } | { resolved: string } {
  try {
    const bound = bindParams({ ...analysis, params: [param] }, { [param.name]: raw }, now);
    return { resolved: String(bound.byName[param.name]) };
  } catch (err) {
    return { error: err instanceof LensError ? err.message : String(err) };
  }
}
