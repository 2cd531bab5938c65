import { recordsFrom } from './coverage';
import type { DailyFact, DailyKind } from './dailyFacts';
import type { DayPoint, EntityHistory } from './dailySeries';
import type { Entities } from './entities';
import { isMasterKey, teamLabel } from './labels';
import { spanStart } from './orgs';
import type { Period } from './period';
import { CauseTally, makeLine, nearlyEqual } from './reconcileLine';
import type { LogFact } from './spendLogs';
import type { TreeCell } from './tree';
import type { ReconciliationLine, SpendLogsCoverage, TableCoverage } from './types';

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
  /** First and last date of each daily table. */
  tableCoverage: readonly TableCoverage[];
  /**
   * Whether this LiteLLM leaves requests without a model out of the daily tables. From 1.83 on (daily tables keyed
   * by mcp_namespaced_tool_name) the payload always carries model and tool, so such rows land with model ''.
   */
  skipsNoModel: boolean;
}

const NOT_RECORDED = (table: string, first: string | null) =>
  `days before ${table}'s first row${first ? ` (${first})` : ' (it has none)'}: not recorded by this LiteLLM yet — the table was created empty by a migration and never back-filled`;

const TABLE = { user: 'LiteLLM_DailyUserSpend', team: 'LiteLLM_DailyTeamSpend', org: 'LiteLLM_DailyOrganizationSpend' } as const;

export function factTotal(facts: readonly DailyFact[], kind: DailyKind): number {
  return facts.reduce((s, f) => (f.kind === kind ? s + f.range.spend : s), 0);
}

const firstDate = (x: TotalsInput, table: string) => x.tableCoverage.find((c) => c.table === table)?.firstDate ?? null;

/**
 * Σ DailyUserSpend − Σ DailyTeamSpend: the no-team-row cells — days before the team table's first row, else put
 * down to the key's team status (LiteLLM before 1.83 wrote no team row for keys without a team).
 */
function userVsTeam(x: TotalsInput, dus: number): ReconciliationLine {
  const tally = new CauseTally();
  for (const c of x.cells) {
    if (c.teamId !== null || c.m.spend < 0) continue;
    const key = x.entities.keys.get(c.apiKey);
    if (!recordsFrom(x.tableCoverage, TABLE.team, spanStart(c.span))) {
      tally.add('not-recorded-yet', c.m.spend, NOT_RECORDED(TABLE.team, firstDate(x, TABLE.team)));
    } else if (c.apiKey === '' || isMasterKey(x.entities, c.apiKey) || (key && !key.teamId)) {
      tally.add('no-team', c.m.spend, 'keys without a team: LiteLLM writes a LiteLLM_DailyTeamSpend row only when team_id is set');
    } else if (key) tally.add('key-moved-between-teams', c.m.spend, 'keys that had no team when these requests were made and have one now');
  }
  return makeLine(
    {
      check: 'daily-user-vs-daily-team',
      scope: 'total',
      id: null,
      name: 'Total',
      left: { source: TABLE.user, spend: dus },
      right: { source: TABLE.team, spend: factTotal(x.facts, 'team') },
    },
    tally.list(),
  );
}

/**
 * Σ DailyUserSpend − Σ DailyOrganizationSpend: spend of requests without an organisation at request time (no
 * organisation row is written for them) and of days before the organisation table's first row.
 */
function userVsOrg(x: TotalsInput, dus: number): ReconciliationLine {
  const tally = new CauseTally();
  for (const c of x.cells) {
    if (c.orgSource !== 'daily-organization') tally.add('not-recorded-yet', c.m.spend, NOT_RECORDED(TABLE.org, firstDate(x, TABLE.org)));
    else if (c.orgId === '') {
      tally.add(
        'no-organisation',
        c.m.spend,
        "requests of keys with no organisation (of their own or their team's) at request time: LiteLLM writes no LiteLLM_DailyOrganizationSpend row for them",
      );
    }
  }
  return makeLine(
    {
      check: 'daily-user-vs-daily-organization',
      scope: 'total',
      id: null,
      name: 'Total',
      left: { source: TABLE.user, spend: dus },
      right: { source: TABLE.org, spend: factTotal(x.facts, 'org') },
    },
    tally.list(),
  );
}

/**
 * Σ DailyUserSpend − Σ SpendLogs, day by day: purged days; before 1.83, requests the daily tables skipped; on days
 * with batch retrievals, a surplus in the daily tables is the repeated request_id SpendLogs keep once; the rest is
 * unexplained.
 */
function userVsLogs(x: TotalsInput, dus: number): ReconciliationLine {
  const daily = new Map<string, number>();
  for (const p of x.series) if (p.series === 'model') daily.set(p.date, (daily.get(p.date) ?? 0) + p.spend);
  const logs = new Map<string, { spend: number; skipped: number; batch: number }>();
  for (const l of x.logs) {
    if (l.set !== 'day-model') continue;
    const d = logs.get(l.date) ?? { spend: 0, skipped: 0, batch: 0 };
    d.spend += l.m.spend;
    d.skipped += l.skipped;
    d.batch += l.batch;
    logs.set(l.date, d);
  }
  const tally = new CauseTally();
  let total = 0;
  const from = x.coverage.coveredFrom ?? '~';
  for (const day of x.period.days) {
    const l = logs.get(day) ?? { spend: 0, skipped: 0, batch: 0 };
    total += l.spend;
    if (day < from) {
      tally.add(
        'retention',
        (daily.get(day) ?? 0) - l.spend,
        `SpendLogs before ${x.coverage.coveredFrom ?? 'the end of the period'} were purged (maximum_spend_logs_retention_period); the daily tables keep them`,
      );
      continue;
    }
    let rest = (daily.get(day) ?? 0) - l.spend;
    if (x.skipsNoModel && l.skipped !== 0) {
      tally.add(
        'skipped-requests',
        -l.skipped,
        'requests without a model or MCP tool: this LiteLLM (before 1.83) logs them but leaves them out of the daily tables',
      );
      rest += l.skipped;
    }
    if (l.batch !== 0 && rest > 0 && !nearlyEqual(rest, 0)) {
      tally.add(
        'duplicate-request-ids',
        rest,
        'a request_id seen twice (e.g. a finished batch retrieved again) is charged again in the daily tables and counters, while SpendLogs keep one row per request_id',
      );
    }
  }
  return makeLine(
    {
      check: 'daily-user-vs-spend-logs',
      scope: 'total',
      id: null,
      name: 'Total',
      left: { source: TABLE.user, spend: dus },
      right: { source: 'LiteLLM_SpendLogs', spend: total },
    },
    tally.list(),
  );
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
  return makeLine(
    {
      check: 'daily-tag-vs-daily-user',
      scope: 'total',
      id: null,
      name: 'Total',
      left: { source: 'LiteLLM_DailyTagSpend', spend: tagTotal },
      right: { source: TABLE.user, spend: dus },
    },
    [{ cause: 'tags-overlap', spend: tagTotal - dus, detail }],
  );
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
    if (c.teamId === null && !recordsFrom(x.tableCoverage, TABLE.team, spanStart(c.span))) continue;
    const requestTeam = c.teamId ?? '';
    const key = x.entities.keys.get(c.apiKey);
    const currentTeam = key ? (key.teamId ?? '') : requestTeam;
    add(left, requestTeam, c.m.spend);
    add(right, currentTeam, c.m.spend);
    if (requestTeam !== currentTeam) {
      for (const [team, sign] of [
        [requestTeam, 1],
        [currentTeam, -1],
      ] as const) {
        if (!tallies.has(team)) tallies.set(team, new CauseTally());
        tallies
          .get(team)!
          .add('key-moved-between-teams', sign * c.m.spend, 'keys whose team changed: the daily tables keep the team at request time');
      }
    }
  }
  return [...new Set([...left.keys(), ...right.keys()])].sort().map((team) =>
    makeLine(
      {
        check: 'daily-team-vs-current-key-team',
        scope: 'team',
        id: team,
        name: teamLabel(x.entities, team).name,
        left: { source: 'daily tables (team at request time)', spend: left.get(team) ?? 0 },
        right: { source: 'LiteLLM_VerificationToken.team_id (team now)', spend: right.get(team) ?? 0 },
      },
      tallies.get(team)?.list() ?? [],
    ),
  );
}

/** The period's cross-table checks. */
export function reconcileTotals(x: TotalsInput): ReconciliationLine[] {
  const dus = factTotal(x.facts, 'user');
  const lines: ReconciliationLine[] = [];
  if (x.tables.team) lines.push(userVsTeam(x, dus));
  if (x.tables.org) lines.push(userVsOrg(x, dus));
  if (x.coverage.available) lines.push(userVsLogs(x, dus));
  if (x.tags) {
    lines.push(
      tagsVsTotal(
        x,
        dus,
        [...x.tags.values()].reduce((s, t) => s + t.range.spend, 0),
      ),
    );
  }
  if (x.tables.team) lines.push(...requestTeamVsCurrentTeam(x));
  return lines;
}
