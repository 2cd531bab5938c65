import type { DailyFact } from './dailyFacts';
import type { Entities } from './entities';
import { orgLabel } from './labels';
import { CauseTally, makeLine, nearlyEqual } from './reconcileLine';
import type { Cell } from './split';
import type { TreeCell } from './tree';
import type { OrgComparison, ReconciliationLine } from './types';

const keyOrg = (e: Entities, apiKey: string): string => e.keys.get(apiKey)?.orgId ?? '';

/**
 * Daily basis: a team's spend sits under the team's organisation; spend without a team (team_id '' or no team
 * row) and spend of teams no table knows sits under the key's current organisation.
 */
export function assignDailyOrgs(cells: readonly Cell[], e: Entities): TreeCell[] {
  return cells.map((c) => {
    const team = c.teamId ? e.teams.get(c.teamId) : undefined;
    if (team) return { ...c, orgId: team.orgId ?? '', orgSource: 'team' };
    const org = keyOrg(e, c.apiKey);
    return { ...c, orgId: org, orgSource: org ? 'key' : 'none' };
  });
}

type PerKeyOrg = Map<string, Map<string, number>>;

function addTo(map: PerKeyOrg, apiKey: string, org: string, spend: number): void {
  let byOrg = map.get(apiKey);
  if (!byOrg) map.set(apiKey, (byOrg = new Map()));
  byOrg.set(org, (byOrg.get(org) ?? 0) + spend);
}

const DETAIL = {
  'no-organisation': 'keys without an organisation: LiteLLM writes no LiteLLM_DailyOrganizationSpend row for them; the tree shows their spend under their team\'s organisation',
  'key-organisation-changed': 'keys whose organisation at request time (LiteLLM_DailyOrganizationSpend) differs from their current one',
  'team-organisation-differs': 'keys whose own organisation differs from their team\'s organisation (the tree follows the team)',
} as const;

export interface OrgComparisonResult {
  byOrg: Map<string, OrgComparison>;
  lines: ReconciliationLine[];
}

/**
 * Compares the tree's organisations (the team's) with LiteLLM's own per-request view (DailyOrganizationSpend,
 * the key's organisation at request time) or, where that table is missing, with the key's current
 * organisation. Each key's difference is put down to one cause.
 */
export function compareOrgs(cells: readonly TreeCell[], orgFacts: readonly DailyFact[] | null, e: Entities): OrgComparisonResult {
  const source = orgFacts ? 'LiteLLM_DailyOrganizationSpend' : 'key-current-org';
  const tree: PerKeyOrg = new Map();
  for (const c of cells) addTo(tree, c.apiKey, c.orgId, c.m.spend);
  const other: PerKeyOrg = new Map();
  if (orgFacts) for (const f of orgFacts) addTo(other, f.apiKey, f.entity, f.range.spend);
  else for (const [apiKey, byOrg] of tree) addTo(other, apiKey, keyOrg(e, apiKey), [...byOrg.values()].reduce((a, b) => a + b, 0));

  const orgIds = new Set<string>();
  const treeTotal = new Map<string, number>();
  const otherTotal = new Map<string, number>();
  const tallies = new Map<string, CauseTally>();
  for (const apiKey of new Set([...tree.keys(), ...other.keys()])) {
    const t = tree.get(apiKey) ?? new Map<string, number>();
    const o = other.get(apiKey) ?? new Map<string, number>();
    const current = keyOrg(e, apiKey);
    const cause = !current ? 'no-organisation'
      : [...o.keys()].some((org) => org !== current) ? 'key-organisation-changed'
        : [...t.keys()].some((org) => org !== current) ? 'team-organisation-differs' : null;
    for (const org of new Set([...t.keys(), ...o.keys()])) {
      const a = t.get(org) ?? 0;
      const b = o.get(org) ?? 0;
      orgIds.add(org);
      treeTotal.set(org, (treeTotal.get(org) ?? 0) + a);
      otherTotal.set(org, (otherTotal.get(org) ?? 0) + b);
      if (cause && !nearlyEqual(a, b)) {
        if (!tallies.has(org)) tallies.set(org, new CauseTally());
        tallies.get(org)!.add(cause, a - b, DETAIL[cause]);
      }
    }
  }
  const byOrg = new Map<string, OrgComparison>();
  const lines: ReconciliationLine[] = [];
  for (const org of [...orgIds].sort()) {
    const line = makeLine({
      check: 'tree-organisation-vs-request-organisation', scope: 'organization', id: org, name: orgLabel(e, org).name,
      left: { source: 'tree (team\'s organisation)', spend: treeTotal.get(org) ?? 0 },
      right: { source, spend: otherTotal.get(org) ?? 0 },
    }, tallies.get(org)?.list() ?? []);
    lines.push(line);
    byOrg.set(org, { source, spend: line.right.spend, delta: line.delta, explained: line.explained, unexplained: line.unexplained });
  }
  return { byOrg, lines };
}
