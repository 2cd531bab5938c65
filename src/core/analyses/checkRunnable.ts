import { LensError } from '../errors';
import type { Capabilities } from '../schema/capabilities';
import { absentOptional, resolveOptional } from './optionalParts';
import type { Analysis } from './types';

/** Whether an analysis can run on the connected database, and if not, why. */
export interface Runnability {
  runnable: boolean;
  /** `Table` / `Table.column` entries of `-- requires:` that this database lacks. */
  missing: string[];
  /** `-- optional:` entries this database lacks: the analysis runs without their figures. */
  absent: string[];
  /** Defects of the analysis itself (header, placeholders). */
  problems: string[];
}

export function checkRunnable(analysis: Analysis, caps: Capabilities): Runnability {
  const missing = caps.missing(analysis.requires);
  return {
    runnable: missing.length === 0 && analysis.problems.length === 0,
    missing,
    absent: absentOptional(analysis, caps),
    problems: analysis.problems,
  };
}

/**
 * Throws before any SQL is sent: a defective analysis is a usage error (exit 2); one that needs tables or
 * columns this LiteLLM version lacks is a schema error (exit 4) naming them, instead of a raw SQL error.
 * Returns the analysis as it runs here: the SQL variant for its absent `-- optional:` parts, with `notes`.
 */
export function requireRunnable(analysis: Analysis, caps: Capabilities): Analysis {
  requireNoProblems(analysis);
  caps.require(`Analysis "${analysis.id}" (${analysis.name})`, analysis.requires);
  return resolveOptional(analysis, caps);
}

/** A defective analysis (bad header, `$n` without a param, several statements) is a usage error (exit 2). */
export function requireNoProblems(analysis: Analysis): void {
  if (analysis.problems.length === 0) return;
  throw new LensError(
    'usage',
    `Analysis "${analysis.id}" cannot run: ${analysis.problems.join(' ')}`,
    analysis.path ? `Fix ${analysis.path}.` : 'Fix its SQL or header.',
  );
}
