import { checkSelection } from '../core/cbf/selection';
import type { CbfSelection, InvalidRow } from '../core/cbf/types';
import type { LensError } from '../core/errors';
import type { CliCommand, CliContext, OptionValues } from './command';
import { str } from './command';

/** What `export` and `transmit` share: the CBF selection flags, the invalid-row listing and the --json error document. */

/** The selection flags both commands accept (design.md §5); each command adds its own. */
export const SELECTION_OPTIONS = {
  source: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  profile: { type: 'string' },
  'skip-invalid': { type: 'boolean' },
} as const satisfies CliCommand['options'];

export const SELECTION_USAGE = '--source user|team|tag|org|enduser|logs --from YYYY-MM-DD --to YYYY-MM-DD';

/** Invalid rows listed on stderr (the count is always complete). */
export const LISTED_INVALID = 20;

export function selectionOf(values: OptionValues): CbfSelection {
  return checkSelection({
    source: str(values, 'source'),
    from: str(values, 'from'),
    to: str(values, 'to'),
    profile: str(values, 'profile'),
  });
}

export function skipInvalidOf(values: OptionValues): boolean {
  return values['skip-invalid'] === true;
}

/** `head`, then up to LISTED_INVALID rows, then `… and N more (where)` when the count exceeds that. */
export function describeInvalid(head: string, listed: readonly InvalidRow[], count: number, where: string): string {
  const lines = [head, ...listed.slice(0, LISTED_INVALID).map((r) => `  ${r.sourceKey}: ${r.reasons.join('; ')}`)];
  if (count > LISTED_INVALID) lines.push(`  … and ${count - LISTED_INVALID} more (${where}).`);
  return `${lines.join('\n')}\n`;
}

/** The --json document of a failure that still has a summary of what was done: `{error, summary}`. */
export function writeJsonFailure(ctx: CliContext, error: LensError, summary: object): void {
  if (!ctx.json) return;
  const { kind, message, hint, exitCode } = error;
  ctx.stdout.write(`${JSON.stringify({ error: { kind, message, hint, exitCode }, summary })}\n`);
}
