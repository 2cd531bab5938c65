import { DAILY, type DailyFact, type DailyKind } from './dailyFacts';
import type { RecentSums } from './dailyRecent';
import type { EntityHistory } from './dailySeries';
import type { Entities, Limits } from './entities';
import { PROXY_BUDGET_USER, keyLabel, orgLabel, teamLabel, userLabel } from './labels';
import { keyLimits, linkedLimits, windowDay } from './limits';
import { makeLine, nearlyEqual } from './reconcileLine';
import type { LogFact } from './spendLogs';
import type { CauseAmount, ReconciliationLine, SpendLogsCoverage } from './types';

type Scope = ReconciliationLine['scope'];

function tally<T>(items: readonly T[], id: (t: T) => string, value: (t: T) => number): Map<string, number> {
  const out = new Map<string, number>();
  for (const item of items) out.set(id(item), (out.get(id(item)) ?? 0) + value(item));
  return out;
}

const SCOPES: { kind: DailyKind; scope: Scope; logId: (l: LogFact) => string; label: typeof userLabel }[] = [
  { kind: 'user', scope: 'user', logId: (l) => l.userId, label: userLabel },
  { kind: 'team', scope: 'team', logId: (l) => l.teamId, label: teamLabel },
  { kind: 'org', scope: 'organization', logId: (l) => l.orgId, label: orgLabel },
];

/**
 * Per user, team and organisation: the daily table against SpendLogs over the days SpendLogs cover completely.
 * Organisations exclude '' (no organisation row is written without one), and so do teams before 1.83 (no team row
 * for keys without a team then; from 1.83 they have team ''). On days with batch retrievals, a daily surplus is
 * a repeated request_id (SpendLogs keep one row).
 */
export function reconcileWithLogs(
  e: Entities,
  recent: Partial<Record<DailyKind, RecentSums>>,
  logs: readonly LogFact[],
  coverage: SpendLogsCoverage,
  orgInLogs: boolean,
  skipsNoModel: boolean,
): ReconciliationLine[] {
  if (!coverage.coveredFrom) return [];
  const cells = logs.filter((l) => l.set === 'cell');
  const lines: ReconciliationLine[] = [];
  for (const s of SCOPES) {
    if (s.kind === 'org' && !orgInLogs) continue;
    const sums = recent[s.kind];
    if (!sums) continue;
    const daily = sums.covered;
    const logged = tally(cells, s.logId, (l) => l.covered);
    const skipped = tally(cells, s.logId, (l) => l.skipped);
    const batch = tally(cells, s.logId, (l) => l.batch);
    for (const id of [...new Set([...daily.keys(), ...logged.keys()])].sort()) {
      if (id === '' && (s.kind === 'org' || (s.kind === 'team' && skipsNoModel))) continue;
      const causes: CauseAmount[] = [];
      let rest = (daily.get(id) ?? 0) - (logged.get(id) ?? 0);
      if (skipsNoModel && skipped.get(id)) {
        causes.push({
          cause: 'skipped-requests',
          spend: -skipped.get(id)!,
          detail: 'requests without a model or MCP tool: this LiteLLM (before 1.83) leaves them out of the daily tables',
        });
        rest += skipped.get(id)!;
      }
      if (batch.get(id) && rest > 0 && !nearlyEqual(rest, 0)) {
        causes.push({
          cause: 'duplicate-request-ids',
          spend: rest,
          detail: 'a request_id seen twice (e.g. a finished batch retrieved again) is charged again in the daily tables, once in SpendLogs',
        });
      }
      lines.push(
        makeLine(
          {
            check: 'daily-vs-spend-logs',
            scope: s.scope,
            id,
            name: s.label(e, id).name,
            left: { source: `${DAILY[s.kind].table} since ${coverage.coveredFrom}`, spend: daily.get(id) ?? 0 },
            right: { source: `LiteLLM_SpendLogs since ${coverage.coveredFrom}`, spend: logged.get(id) ?? 0 },
          },
          causes,
        ),
      );
    }
  }
  return lines;
}

interface History {
  lifetime: number;
  window: number;
}

/**
 * A running counter against the daily history. Counters restart at each budget reset, so with a budget
 * duration a counter below the all-time history is explained by resets, as long as it does not exceed the
 * history since the current window's first day.
 */
function counterLine(
  scope: Scope,
  id: string,
  name: string,
  table: string,
  counter: number,
  h: History,
  limits: Limits,
  tz: string,
): ReconciliationLine | null {
  if (counter === 0 && h.lifetime === 0) return null;
  const day = windowDay(limits, tz);
  const causes: CauseAmount[] = [];
  if (limits.budgetDuration && counter < h.lifetime && !nearlyEqual(counter, h.lifetime)) {
    const detail = day
      ? `${table}.spend restarts every ${limits.budgetDuration} (last reset ${day}); daily history since then: ${h.window} USD`
      : `${table}.spend restarts every ${limits.budgetDuration}; the reset time is unknown`;
    const withinWindow = !day || counter <= h.window || nearlyEqual(counter, h.window);
    causes.push({ cause: 'budget-reset', spend: withinWindow ? counter - h.lifetime : h.window - h.lifetime, detail });
  }
  return makeLine(
    {
      check: 'counter-vs-daily',
      scope,
      id,
      name,
      left: { source: `${table}.spend (running counter)`, spend: counter },
      right: { source: 'daily tables, all time', spend: h.lifetime },
    },
    causes,
  );
}

/** All-time spend per key or entity from the daily facts, and spend since the window start from the recent sums. */
function histories(
  facts: readonly DailyFact[],
  kind: DailyKind,
  by: 'apiKey' | 'entity',
  windows: Map<string, number>,
): Map<string, History> {
  const out = new Map<string, History>();
  for (const f of facts) {
    if (f.kind !== kind) continue;
    const id = by === 'apiKey' ? f.apiKey : f.entity;
    const h = out.get(id) ?? { lifetime: 0, window: windows.get(id) ?? 0 };
    h.lifetime += f.lifetime;
    out.set(id, h);
  }
  return out;
}

function fromHistory(h: Map<string, EntityHistory>, windows: Map<string, number>): Map<string, History> {
  return new Map([...h].map(([id, x]) => [id, { lifetime: x.lifetime, window: windows.get(id) ?? 0 }]));
}

export interface CounterInput {
  entities: Entities;
  facts: readonly DailyFact[];
  recent: Partial<Record<DailyKind | 'endUser', RecentSums>>;
  tables: Record<DailyKind, boolean>;
  tags: Map<string, EntityHistory> | null;
  endUsers: Map<string, EntityHistory> | null;
  budgetTimezone: string;
}

/** Organisation and tag counters are never reset (lifetime): whatever budget_duration their budget row names. */
const LIFETIME: Limits = { maxBudget: null, softBudget: null, budgetDuration: null, budgetResetAt: null };

/** Running counters of keys, users, teams, organisations, end users and tags against their daily history. */
export function reconcileCounters(x: CounterInput): ReconciliationLine[] {
  const e = x.entities;
  const none: History = { lifetime: 0, window: 0 };
  const lines: (ReconciliationLine | null)[] = [];
  const tz = x.budgetTimezone;
  const windows = (k: keyof CounterInput['recent'], of: 'entityWindow' | 'keyWindow' = 'entityWindow') =>
    x.recent[k]?.[of] ?? new Map<string, number>();
  const keys = histories(x.facts, 'user', 'apiKey', windows('user', 'keyWindow'));
  for (const k of e.keys.values()) {
    if (!k.deleted) {
      lines.push(
        counterLine(
          'key',
          k.token,
          keyLabel(e, k.token).name,
          'LiteLLM_VerificationToken',
          k.spend,
          keys.get(k.token) ?? none,
          keyLimits(e, k),
          tz,
        ),
      );
    }
  }
  const users = histories(x.facts, 'user', 'entity', windows('user'));
  // The global proxy budget's pseudo-user carries every request's spend and has no daily rows: not a drift.
  for (const u of e.users.values()) {
    if (u.id !== PROXY_BUDGET_USER) {
      lines.push(counterLine('user', u.id, userLabel(e, u.id).name, 'LiteLLM_UserTable', u.spend, users.get(u.id) ?? none, u, tz));
    }
  }
  if (x.tables.team) {
    const teams = histories(x.facts, 'team', 'entity', windows('team'));
    for (const t of e.teams.values()) {
      if (!t.deleted) {
        lines.push(counterLine('team', t.id, teamLabel(e, t.id).name, 'LiteLLM_TeamTable', t.spend, teams.get(t.id) ?? none, t, tz));
      }
    }
  }
  if (x.tables.org) {
    const orgs = histories(x.facts, 'org', 'entity', new Map());
    for (const o of e.orgs.values()) {
      lines.push(
        counterLine(
          'organization',
          o.id,
          orgLabel(e, o.id).name,
          'LiteLLM_OrganizationTable',
          o.spend,
          orgs.get(o.id) ?? none,
          LIFETIME,
          tz,
        ),
      );
    }
  }
  if (x.endUsers) {
    const endUsers = fromHistory(x.endUsers, windows('endUser'));
    for (const c of e.endUsers.values()) {
      lines.push(
        counterLine(
          'end-user',
          c.id,
          c.alias ?? c.id,
          'LiteLLM_EndUserTable',
          c.spend,
          endUsers.get(c.id) ?? none,
          linkedLimits(e, c.budgetId),
          tz,
        ),
      );
    }
  }
  if (x.tags) {
    const tags = fromHistory(x.tags, new Map());
    for (const t of e.tags.values()) {
      lines.push(counterLine('tag', t.id, t.id, 'LiteLLM_TagTable', t.spend, tags.get(t.id) ?? none, LIFETIME, tz));
    }
  }
  return lines.filter((l): l is ReconciliationLine => l !== null);
}
