import * as vscode from 'vscode';
import { type DateClock, dateClockNote } from '../../core/analyses/relativeDate';
import { checkSelection } from '../../core/cbf/selection';
import type { CbfSelection } from '../../core/cbf/types';
import { LensError } from '../../core/errors';
import { readDateClock } from '../../core/schema/dataRange';
import { PROFILE_CHOICES, sourceChoices } from '../logic/cbfChoices';
import { checkRange, type DayRange, parseDay, rangePresets } from '../logic/cbfRanges';
import type { Services } from '../services';

/**
 * Source → profile → range QuickPicks for a CBF export or send. Sources this database cannot serve are marked
 * with the reason; choosing one says so instead of failing later.
 */
export async function pickCbfSelection(services: Services, title: string, steps: number): Promise<CbfSelection | undefined> {
  const caps = services.session.capabilities;
  const clock = await readDateClock(services.session.db, caps);
  const sources = sourceChoices(caps, rangePresets(clock)[0]);
  const source = await vscode.window.showQuickPick(
    sources.map((c) => ({
      label: `${c.unavailable ? '$(warning) ' : ''}${c.label}`,
      description: c.source,
      detail: c.unavailable ?? c.detail,
      choice: c,
    })),
    { title: `${title} (1/${steps}): source`, placeHolder: 'Which LiteLLM spend to export', matchOnDetail: true },
  );
  if (!source) return undefined;
  if (source.choice.unavailable) throw new LensError('schema', source.choice.unavailable);
  const profile = await vscode.window.showQuickPick(
    PROFILE_CHOICES.map((p) => ({ label: p.label, detail: p.detail, profile: p.profile })),
    { title: `${title} (2/${steps}): profile`, placeHolder: 'How rows map to CBF columns' },
  );
  if (!profile) return undefined;
  const range = await pickRange(`${title} (3/${steps}): period`, clock);
  if (!range) return undefined;
  return checkSelection({ source: source.choice.source, profile: profile.profile, ...range });
}

/** Period presets around today, or around the data's last day when the data ended before today (and it says so). */
export async function pickRange(title: string, clock: DateClock): Promise<DayRange | undefined> {
  const presets = rangePresets(clock);
  const note = dateClockNote(clock);
  const custom = { label: 'Custom range…', description: 'two dates, YYYY-MM-DD or relative', range: undefined };
  const picked = await vscode.window.showQuickPick(
    [...presets.map((p) => ({ label: p.label, description: `${p.from} … ${p.to} (UTC)`, range: p as DayRange | undefined })), custom],
    { title, placeHolder: `Dates are UTC days; both ends are included${note ? ` (${note})` : ''}` },
  );
  if (!picked) return undefined;
  if (picked.range) return { from: picked.range.from, to: picked.range.to };
  const from = await askDay(`${title}: first day`, presets[0].from, clock.now);
  if (from === undefined) return undefined;
  const to = await askDay(`${title}: last day`, presets[0].to, clock.now);
  if (to === undefined) return undefined;
  return checkRange(from, to);
}

async function askDay(title: string, value: string, now: Date): Promise<string | undefined> {
  const text = await vscode.window.showInputBox({
    title,
    value,
    prompt: 'YYYY-MM-DD (UTC) or e.g. "start of last month", "30 days ago"',
    ignoreFocusOut: true,
    validateInput: (raw) => {
      const r = parseDay(raw, now);
      return 'error' in r ? r.error : undefined;
    },
  });
  if (text === undefined) return undefined;
  const r = parseDay(text, now);
  return 'day' in r ? r.day : undefined;
}
