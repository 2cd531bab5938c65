import type { DailyFact, DailyKind } from './dailyFacts';
import type { DayPoint, EntityHistory } from './dailySeries';
import type { Entities } from './entities';
import { MASTER_KEY, teamLabel } from './labels';
import type { Period } from './period';
import { CauseTally, makeLine } from './reconcileLine';
import type { LogFact } from './spendLogs';
import type { TreeCell } from './tree';
import type { ReconciliationLine, SpendLogsCoverage } from './types';

export interface TotalsInput {
  period: Period;
  coverage: SpendLogsCoverage;
  entities: Entities;
  facts: readonly DailyFact[];
  /** Which daily tables exist (the user table always does). */
  tables: Record<DailyKind, boolean>;
  cells: readonly TreeCell[];
  series: readonly DayPoint[];
  logs: readonly LogFact[];
  tags: Map<string, EntityHistory> | null;
}

const TABLE = { user: 'LiteLLM_DailyUserSpend', team: 'LiteLLM_DailyTeamSpend', org: 'LiteLLM_DailyOrganizationSpend' } as const;

export function factTotal(facts: readonly DailyFact[], kind: DailyKind): number {
  return facts.reduce((s, f) => (f.kind === kind ? s + f.range.spend : s), 0);
}

function byKey(facts: readonly DailyFact[], kind: DailyKind): Map<string, number> {
  const out = new Map<string, number>();
  for (const f of facts) if (f.kind === kind) out.set(f.apiKey, (out.get(f.apiKey) ?? 0) + f.range.spend);
  return out;
}

/** Keys that cannot carry a team or organisation: no key at all, or the master key. */
const keyless = (apiKey: string): boolean => apiKey === '' || apiKey === MASTER_KEY;

/** Σ DailyUserSpend − Σ DailyTeamSpend: the no-team-row cells, each put down to its key's team status. */
function userVsTeam(x: TotalsInput, dus: number): ReconciliationLine {
  const tally = new CauseTally();
  for (const c of x.cells) {
    if (c.teamId !== null || c.m.spend < 0) continue;
    const key = x.entities.keys.get(c.apiKey);
    if (keyless(c.apiKey) || (key && !key.teamId)) tally.add('no-team', c.m.spend, 'keys without a team: LiteLLM writes a LiteLLM_DailyTeamSpend row only when team_id is set');
    else if (key) tally.add('key-moved-between-teams', c.m.spend, 'keys that had no team when these requests were made and have one now');
  }
  return makeLine({
    check: 'daily-user-vs-daily-team', scope: 'total', id: null, name: 'Total',
    left: { source: TABLE.user, spend: dus }, right: { source: TABLE.team, spend: factTotal(x.facts, 'team') },
  }, tally.list());
}

/** Σ DailyUserSpend − Σ DailyOrganizationSpend, per key: keys without an organisation have no org rows. */
function userVsOrg(x: TotalsInput, dus: number): ReconciliationLine {
  const users = byKey(x.facts, 'user');
  const orgs = byKey(x.facts, 'org');
  const tally = new CauseTally();
  for (const [apiKey, spend] of users) {
    const diff = spend - (orgs.get(apiKey) ?? 0);
    if (diff === 0) continue;
    const key = x.entities.keys.get(apiKey);
    if (keyless(apiKey) || (key && !key.orgId)) tally.add('no-organisation', diff, 'keys without an organisation: LiteLLM writes a LiteLLM_DailyOrganizationSpend row only when the key has one');
    else if (key && diff > 0 && !orgs.has(apiKey)) tally.add('key-organisation-changed', diff, 'keys that had no organisation when these requests were made and have one now');
  }
  return makeLine({
    check: 'daily-user-vs-daily-organization', scope: 'total', id: null, name: 'Total',
    left: { source: TABLE.user, spend: dus }, right: { source: TABLE.org, spend: factTotal(x.facts, 'org') },
  }, tally.list());
}

/** Σ DailyUserSpend − Σ SpendLogs, day by day: purged days, skipped requests, the rest unexplained. */
function userVsLogs(x: TotalsInput, dus: number): ReconciliationLine {
  const daily = new Map<string, number>();
  for (const p of x.series) if (p.series === 'model') daily.set(p.date, (daily.get(p.date) ?? 0) + p.spend);
  const logs = new Map<string, { spend: number; skipped: number }>();
  for (const l of x.logs) {
    if (l.set !== 'day-model') continue;
    const d = logs.get(l.date) ?? { spend: 0, skipped: 0 };
    d.spend += l.m.spend;
    d.skipped += l.skipped;
    logs.set(l.date, d);
  }
  const tally = new CauseTally();
  let total = 0;
  const from = x.coverage.coveredFrom ?? '~';
  for (const day of x.period.days) {
    const l = logs.get(day) ?? { spend: 0, skipped: 0 };
    total += l.spend;
    if (day < from) tally.add('retention', (daily.get(day) ?? 0) - l.spend, `SpendLogs before ${x.coverage.coveredFrom ?? 'the end of the period'} were purged (maximum_spend_logs_retention_period); the daily tables keep them`);
    else if (l.skipped !== 0) tally.add('skipped-requests', -l.skipped, 'requests without a model or MCP tool: LiteLLM logs them but leaves them out of the daily tables');
  }
  return makeLine({
    check: 'daily-user-vs-spend-logs', scope: 'total', id: null, name: 'Total',
    left: { source: TABLE.user, spend: dus }, right: { source: 'LiteLLM_SpendLogs', spend: total },
  }, tally.list());
}

/** Σ DailyTagSpend against the total: never equal, because tags overlap and untagged spend has no tag row. */
function tagsVsTotal(x: TotalsInput, dus: number, tagTotal: number): ReconciliationLine {
  let detail = 'a request with N tags is counted in N tag rows; untagged requests in none';
  const covered = x.logs.filter((l) => l.set === 'day-model');
  if (x.coverage.coveredFrom) {
    const spend = covered.reduce((s, l) => s + l.covered, 0);
    const weighted = covered.reduce((s, l) => s + l.tagWeighted, 0);
    const untagged = covered.reduce((s, l) => s + l.untagged, 0);
    detail += `; on the days SpendLogs cover, extra tags add ${weighted - (spend - untagged)} USD and untagged requests ${untagged} USD`;
  }
  return makeLine({
    check: 'daily-tag-vs-daily-user', scope: 'total', id: null, name: 'Total',
    left: { source: 'LiteLLM_DailyTagSpend', spend: tagTotal }, right: { source: TABLE.user, spend: dus },
  }, [{ cause: 'tags-overlap', spend: tagTotal - dus, detail }]);
}

/**
 * Per team: the daily tables' team (at request time) against the team each key has now, the attribution a
 * naive "key → current team" join would give. Keys that moved explain the difference.
 */
function requestTeamVsCurrentTeam(x: TotalsInput): ReconciliationLine[] {
  const left = new Map<string, number>();
  const right = new Map<string, number>();
  const tallies = new Map<string, CauseTally>();
  const add = (m: Map<string, number>, team: string, v: number) => m.set(team, (m.get(team) ?? 0) + v);
  for (const c of x.cells) {
    const requestTeam = c.teamId ?? '';
    const key = x.entities.keys.get(c.apiKey);
    const currentTeam = key ? key.teamId ?? '' : requestTeam;
    add(left, requestTeam, c.m.spend);
    add(right, currentTeam, c.m.spend);
    if (requestTeam !== currentTeam) {
      for (const [team, sign] of [[requestTeam, 1], [currentTeam, -1]] as const) {
        if (!tallies.has(team)) tallies.set(team, new CauseTally());
        tallies.get(team)!.add('key-moved-between-teams', sign * c.m.spend, 'keys whose team changed: the daily tables keep the team at request time');
      }
    }
  }
  return [...new Set([...left.keys(), ...right.keys()])].sort().map((team) => makeLine({
    check: 'daily-team-vs-current-key-team', scope: 'team', id: team, name: teamLabel(x.entities, team).name,
    left: { source: 'daily tables (team at request time)', spend: left.get(team) ?? 0 },
    right: { source: 'LiteLLM_VerificationToken.team_id (team now)', spend: right.get(team) ?? 0 },
  }, tallies.get(team)?.list() ?? []));
}

/** The period's cross-table checks. */
export function reconcileTotals(x: TotalsInput): ReconciliationLine[] {
  const dus = factTotal(x.facts, 'user');
  const lines: ReconciliationLine[] = [];
  if (x.tables.team) lines.push(userVsTeam(x, dus));
  if (x.tables.org) lines.push(userVsOrg(x, dus));
  if (x.coverage.available) lines.push(userVsLogs(x, dus));
  if (x.tags) lines.push(tagsVsTotal(x, dus, [...x.tags.values()].reduce((s, t) => s + t.range.spend, 0)));
  if (x.tables.team) lines.push(...requestTeamVsCurrentTeam(x));
  return lines;
}
