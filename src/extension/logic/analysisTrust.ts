import type { Analysis } from '../../core/analyses/types';

/** Where a non-shipped analysis comes from, for labels and warnings. */
function source(a: Analysis): string {
  return a.path ?? 'the litellmLens.analyses.extra setting';
}

/** Tree description suffix of an analysis that replaces a shipped one. */
export function overrideLabel(a: Analysis): string | undefined {
  return a.overrides?.origin === 'library' ? 'overrides shipped' : a.overrides ? `overrides ${a.overrides.origin}` : undefined;
}

/** The modal shown before an overriding analysis first runs. */
export function overrideWarning(a: Analysis): { message: string; detail: string } {
  return {
    message: `"${a.name}" (${a.id}) replaces the ${a.overrides?.origin === 'library' ? 'shipped' : (a.overrides?.origin ?? '')} analysis of the same id. Run it?`,
    detail: `Its SQL comes from ${source(a)}, not from LiteLLM Lens. Open it with "Open SQL" to read it first. You are asked once per window for this SQL.`,
  };
}
