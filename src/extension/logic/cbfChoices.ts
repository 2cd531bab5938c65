import { PROFILES } from '../../core/cbf/profiles/index';
import { planSource } from '../../core/cbf/sources/index';
import { CBF_SOURCES, type CbfProfile, type CbfSource } from '../../core/cbf/types';
import type { Capabilities } from '../../core/schema/capabilities';

/** A CBF source as offered in the QuickPick, with whether this database has what it reads. */
export interface SourceChoice {
  source: CbfSource;
  label: string;
  detail: string;
  /** Why it cannot be exported from this database; undefined when it can. */
  unavailable?: string;
}

const SOURCES: Record<CbfSource, [string, string]> = {
  user: ['Users (total spend)', 'LiteLLM_DailyUserSpend: every request once, so the rows add up to total spend. The default.'],
  team: ['Teams', 'LiteLLM_DailyTeamSpend: a slice of total spend per team; never add it to the user export.'],
  tag: ['Tags', 'LiteLLM_DailyTagSpend: a request with N tags counts N times, so its total is not total spend.'],
  org: ['Organizations', 'LiteLLM_DailyOrganizationSpend: spend per organisation of the key at request time.'],
  enduser: ['End users (customers)', 'LiteLLM_DailyEndUserSpend: spend per end-user id sent by the caller.'],
  logs: ['Request logs, hourly', 'LiteLLM_SpendLogs aggregated to the hour; only as far back as the SpendLogs retention.'],
};

/** Every source in a fixed order; `caps` marks the ones whose tables or columns this database lacks. */
export function sourceChoices(
  caps: Capabilities | undefined,
  range: { from: string; to: string },
  profile: CbfProfile = 'lens',
): SourceChoice[] {
  return CBF_SOURCES.map((source) => {
    const [label, detail] = SOURCES[source];
    let unavailable: string | undefined;
    if (caps) {
      try {
        planSource(caps, { source, profile, from: range.from, to: range.to }, PROFILES[profile]);
      } catch (err) {
        unavailable = err instanceof Error ? err.message : String(err);
      }
    }
    return { source, label, detail, ...(unavailable ? { unavailable } : {}) };
  });
}

export const PROFILE_CHOICES: { profile: CbfProfile; label: string; detail: string }[] = [
  {
    profile: 'lens',
    label: 'lens',
    detail: 'Organisation → team → user → key → model identity, one value per tag per resource (recommended).',
  },
  { profile: 'll2cz', label: 'll2cz', detail: 'Column-for-column what ll2cz 0.6.2 writes, for teams migrating from it.' },
];

/** The default file name of an export, e.g. `cbf-user-lens-2026-10-01-2026-10-31.csv`. */
export function cbfFileName(source: CbfSource, profile: CbfProfile, from: string, to: string, format: 'csv' | 'jsonl'): string {
  return `cbf-${source}-${profile}-${from}-${to}.${format}`;
}
