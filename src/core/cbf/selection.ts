import { LensError } from '../errors';
import { CBF_PROFILES, CBF_SOURCES, type CbfProfile, type CbfSelection, type CbfSource } from './types';

const DAY = /^(\d{4})-(\d\d)-(\d\d)$/;

/** A real calendar day: `2025-13-01` and `2025-02-30` are not (and must not reach `toISOString`, which throws). */
function isDay(value: string): boolean {
  const m = DAY.exec(value);
  if (!m) return false;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Number(m[1]) >= 1000 && new Date(ms).toISOString().slice(0, 10) === value;
}

/** Checks a selection from user input; throws LensError('usage') saying what is wrong and what is accepted. */
export function checkSelection(input: { source?: string; from?: string; to?: string; profile?: string }): CbfSelection {
  const source = input.source ?? 'user';
  const profile = input.profile ?? 'lens';
  if (!(CBF_SOURCES as readonly string[]).includes(source)) {
    throw new LensError('usage', `Unknown source "${source}".`, `Use --source ${CBF_SOURCES.join('|')}.`);
  }
  if (!(CBF_PROFILES as readonly string[]).includes(profile)) {
    throw new LensError('usage', `Unknown profile "${profile}".`, `Use --profile ${CBF_PROFILES.join('|')}.`);
  }
  for (const [flag, value] of [
    ['--from', input.from],
    ['--to', input.to],
  ] as const) {
    if (value === undefined) {
      throw new LensError('usage', `${flag} is required.`, 'Dates are UTC days, YYYY-MM-DD; the range is inclusive.');
    }
    if (!isDay(value)) {
      throw new LensError(
        'usage',
        `${flag} ${JSON.stringify(value)} is not a date.`,
        'Use YYYY-MM-DD (UTC), e.g. --from 2026-10-01 --to 2026-10-31.',
      );
    }
  }
  const from = input.from as string;
  const to = input.to as string;
  if (from > to) {
    throw new LensError('usage', `--from ${from} is after --to ${to}.`, 'The range is inclusive: --from must not be later than --to.');
  }
  return { source: source as CbfSource, profile: profile as CbfProfile, from, to };
}
