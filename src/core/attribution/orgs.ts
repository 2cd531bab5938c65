import type { DailyFact } from './dailyFacts';
import type { Entities } from './entities';
import { orgLabel } from './labels';
import { MEASURE_KEYS, zero } from './measures';
import { CauseTally, makeLine, nearlyEqual } from './reconcileLine';
import { inner } from './nestedMaps';
import type { Cell } from './split';
import type { TreeCell } from './tree';
import type { OrgComparison, OrgSource, ReconciliationLine } from './types';

const keyOrg = (e: Entities, apiKey: string): string => e.keys.get(apiKey)?.orgId ?? '';

/** The first day of a fact span (`YYYY-MM-DD` or `from..to`). */
export const spanStart = (span: string): string => span.slice(0, 10);

/**
 * Without the organisation at request time: the key's organisation now, else the request-time team's organisation
 * now (a key's own organisation wins over its team's, _types.py ~L2466; utils.py ~L2996 selects t.organization_id).
 */
function currentOrg(e: Entities, c: Cell): { orgId: string; orgSource: OrgSource } {
  const own = keyOrg(e, c.apiKey);
  if (own) return { orgId: own, orgSource: 'key' };
  const team = c.teamId ? (e.teams.get(c.teamId)?.orgId ?? '') : '';
  return team ? { orgId: team, orgSource: 'team' } : { orgId: '', orgSource: 'none' };
}

const scaled = (c: Cell, f: number): Cell => {
  const m = zero();
  for (const k of MEASURE_KEYS) m[k] = c.m[k] * f;
  return { ...c, m };
};

/**
 * How a key's spend of a span splits among organisations: the organisation rows' shares of the key's spend
 * (`total`), and what they do not cover with no organisation ('').
 */
function orgPieces(total: number, byOrg: Map<string, number> | undefined): [string, number][] {
  const rows = [...(byOrg ?? new Map<string, number>())].filter(([org]) => org !== '');
  // Spend-free requests (failures) still have organisation rows: split them evenly among those.
  const shares =
    total === 0
      ? rows.map(([org]) => [org, 1 / rows.length] as [string, number])
      : rows.filter(([, spend]) => spend !== 0).map(([org, spend]) => [org, spend / total] as [string, number]);
  let rest = 1 - shares.reduce((a, [, x]) => a + x, 0);
  // Equal sums added in another order: the organisation rows cover the key's spend, so split nothing off.
  if (nearlyEqual(rest + 1, 1)) {
    const all = 1 - rest;
    for (const s of shares) s[1] /= all;
    rest = 0;
  }
  return rest === 0 ? shares : [...shares, ['', rest]];
}

/**
 * Daily basis: each leaf's organisation is the one at request time. On the days LiteLLM_DailyOrganizationSpend
 * covers (`orgFrom` on), a key's spend of a span goes to the organisations of that table's rows of the same span
 * and key, in their proportions; what the user rows hold beyond them had no organisation (LiteLLM writes no
 * organisation row then). So each organisation's node equals Σ LiteLLM_DailyOrganizationSpend exactly. Before
 * coverage (or without the table) the current organisation stands in (see currentOrg).
 */
export function assignDailyOrgs(
  cells: readonly Cell[],
  orgFacts: readonly DailyFact[] | null,
  orgFrom: string | null,
  e: Entities,
): TreeCell[] {
  // Per span and key: the organisation rows' spend by organisation, the leaves' spend, and (once) how the key
  // splits — the same in every one of its leaves.
  const orgSpend = new Map<string, Map<string, Map<string, number>>>();
  for (const f of orgFacts ?? []) {
    const byOrg = inner(inner(orgSpend, f.span), f.apiKey);
    byOrg.set(f.entity, (byOrg.get(f.entity) ?? 0) + f.range.spend);
  }
  const keySpend = new Map<string, Map<string, number>>();
  for (const c of cells) {
    const byKey = inner(keySpend, c.span);
    byKey.set(c.apiKey, (byKey.get(c.apiKey) ?? 0) + c.m.spend);
  }
  const piecesOf = new Map<string, Map<string, [string, number][]>>();
  // Leaves are unique (splitCells) and a leaf's pieces go to distinct organisations, so nothing here merges.
  const out: TreeCell[] = [];
  const add = (c: Cell, orgId: string, orgSource: OrgSource) => {
    // Spelled out: a spread with more properties is V8's slow path, and this runs once per leaf. The measures are
    // the leaf's own: splitCells made them for this call alone.
    const { span, teamId, userId, apiKey, model, m, apportioned } = c;
    out.push({ span, teamId, userId, apiKey, model, m, apportioned, orgId, orgSource });
  };
  for (const c of cells) {
    if (orgFacts === null || orgFrom === null || spanStart(c.span) < orgFrom) {
      const o = currentOrg(e, c);
      add(c, o.orgId, o.orgSource);
      continue;
    }
    const bySpanKey = inner(piecesOf, c.span);
    let pieces = bySpanKey.get(c.apiKey);
    if (!pieces) {
      pieces = orgPieces(keySpend.get(c.span)?.get(c.apiKey) ?? 0, orgSpend.get(c.span)?.get(c.apiKey));
      bySpanKey.set(c.apiKey, pieces);
    }
    for (const [org, share] of pieces) {
      const piece = pieces.length === 1 ? c : { ...scaled(c, share), apportioned: true };
      add(piece, org, 'daily-organization');
    }
  }
  return out;
}

type PerKeyOrg = Map<string, Map<string, number>>;
type OrgCause = 'no-organisation' | 'not-recorded-yet' | 'team-organisation';

function addTo(map: PerKeyOrg, apiKey: string, org: string, spend: number): void {
  const byOrg = inner(map, apiKey);
  byOrg.set(org, (byOrg.get(org) ?? 0) + spend);
}

const DETAIL: Record<OrgCause, string> = {
  'no-organisation': 'keys without an organisation: LiteLLM writes no LiteLLM_DailyOrganizationSpend row for them',
  'not-recorded-yet':
    "days before LiteLLM_DailyOrganizationSpend's first row: not recorded by this LiteLLM yet (the tree shows the current organisation there)",
  'team-organisation': "keys without an organisation of their own: the tree shows them under their team's organisation",
};

export interface OrgComparisonResult {
  byOrg: Map<string, OrgComparison>;
  lines: ReconciliationLine[];
}

function finish(
  orgIds: Set<string>,
  treeTotal: Map<string, number>,
  otherTotal: Map<string, number>,
  tallies: Map<string, CauseTally>,
  source: OrgComparison['source'],
  e: Entities,
): OrgComparisonResult {
  const byOrg = new Map<string, OrgComparison>();
  const lines: ReconciliationLine[] = [];
  for (const org of [...orgIds].sort()) {
    const line = makeLine(
      {
        check: 'tree-organisation-vs-request-organisation',
        scope: 'organization',
        id: org,
        name: orgLabel(e, org).name,
        left: { source: 'tree (organisation at request time where recorded)', spend: treeTotal.get(org) ?? 0 },
        right: { source, spend: otherTotal.get(org) ?? 0 },
      },
      tallies.get(org)?.list() ?? [],
    );
    lines.push(line);
    byOrg.set(org, { source, spend: line.right.spend, delta: line.delta, explained: line.explained, unexplained: line.unexplained });
  }
  return { byOrg, lines };
}

/**
 * Compares the tree's organisations with LiteLLM_DailyOrganizationSpend (the organisation at request time) or,
 * where that table is missing, with the keys' current organisation. With the table, the tree equals it on covered
 * days, so the only differences are spend with no organisation and days before the table's first row.
 */
export function compareOrgs(cells: readonly TreeCell[], orgFacts: readonly DailyFact[] | null, e: Entities): OrgComparisonResult {
  const orgIds = new Set<string>();
  const treeTotal = new Map<string, number>();
  const otherTotal = new Map<string, number>();
  const tallies = new Map<string, CauseTally>();
  const bump = (m: Map<string, number>, org: string, v: number) => {
    orgIds.add(org);
    m.set(org, (m.get(org) ?? 0) + v);
  };
  const cause = (org: string, c: OrgCause, v: number) => {
    if (!tallies.has(org)) tallies.set(org, new CauseTally());
    tallies.get(org)!.add(c, v, DETAIL[c]);
  };
  if (orgFacts) {
    for (const c of cells) {
      bump(treeTotal, c.orgId, c.m.spend);
      if (c.orgSource !== 'daily-organization') cause(c.orgId, 'not-recorded-yet', c.m.spend);
      else if (c.orgId === '') cause('', 'no-organisation', c.m.spend);
    }
    for (const f of orgFacts) bump(otherTotal, f.entity, f.range.spend);
    return finish(orgIds, treeTotal, otherTotal, tallies, 'LiteLLM_DailyOrganizationSpend', e);
  }
  // No organisation table (early 2025): compared with each key's own organisation now; keys without one sit in
  // the tree under their team's organisation.
  const tree: PerKeyOrg = new Map();
  for (const c of cells) addTo(tree, c.apiKey, c.orgId, c.m.spend);
  for (const [apiKey, t] of tree) {
    const current = keyOrg(e, apiKey);
    const total = [...t.values()].reduce((x, y) => x + y, 0);
    for (const org of new Set([...t.keys(), current])) {
      const a = t.get(org) ?? 0;
      const b = org === current ? total : 0;
      bump(treeTotal, org, a);
      bump(otherTotal, org, b);
      if (!current && !nearlyEqual(a, b)) cause(org, 'team-organisation', a - b);
    }
  }
  return finish(orgIds, treeTotal, otherTotal, tallies, 'key-current-org', e);
}
