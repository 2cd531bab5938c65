import type { Entities } from './entities';
import { teamLabel, userLabel } from './labels';
import { linkedLimits } from './limits';
import type { LogFact } from './spendLogs';
import type { MemberLine, Members, SpendLogsCoverage, TeamMembers } from './types';

export interface ListedMember {
  userId: string | null;
  email: string | null;
  role: string | null;
}

type RosterStatus = TeamMembers['membersWithRoles'];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/**
 * Reads `members_with_roles`: normally a JSON array of {user_id, user_email, role}; the DB default `{}` on teams
 * never given members; anything else (a JSON string, other objects, entries without an id) is malformed, and
 * whatever usable entries it has are still read.
 */
export function parseMembersWithRoles(raw: unknown): { status: RosterStatus; members: ListedMember[] } {
  let value = raw;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return { status: 'malformed', members: [] };
    }
  }
  if (value === null || value === undefined) return { status: 'missing', members: [] };
  if (isObject(value)) return { status: Object.keys(value).length === 0 ? 'legacy-object' : 'malformed', members: [] };
  if (!Array.isArray(value)) return { status: 'malformed', members: [] };
  const members = value
    .filter(isObject)
    .map((o) => ({ userId: text(o.user_id), email: text(o.user_email), role: text(o.role) }))
    .filter((m) => m.userId !== null || m.email !== null);
  return { status: members.length === value.length ? 'array' : 'malformed', members };
}

/** The team's members: members_with_roles, or for legacy teams without it the users whose `teams` list it. */
function roster(
  e: Entities,
  teamId: string,
  raw: unknown,
): { status: RosterStatus; source: TeamMembers['membershipSource']; members: ListedMember[] } {
  const parsed = parseMembersWithRoles(raw);
  const byEmail = new Map([...e.users.values()].filter((u) => u.email).map((u) => [u.email!.toLowerCase(), u.id]));
  const members = parsed.members.map((m) => ({
    ...m,
    userId: m.userId ?? (m.email ? (byEmail.get(m.email.toLowerCase()) ?? null) : null),
  }));
  if (members.length > 0) return { status: parsed.status, source: 'members_with_roles', members };
  const fromUsers = [...e.users.values()]
    .filter((u) => u.teams.includes(teamId))
    .map((u) => ({ userId: u.id, email: u.email, role: null }));
  return { status: parsed.status, source: fromUsers.length > 0 ? 'user-teams' : 'none', members: fromUsers };
}

/**
 * Team members' contributions: SpendLogs of the period grouped by ("user", team_id) — the key owner of each
 * request inside the team at request time — next to each member's LiteLLM_TeamMembership counter, if any.
 */
export function computeMembers(
  e: Entities,
  logCells: readonly LogFact[],
  coverage: SpendLogsCoverage,
  period: { from: string; to: string },
): Members {
  const spend = new Map<string, Map<string, { spend: number; requests: number }>>();
  for (const c of logCells) {
    if (c.teamId === '') continue;
    let team = spend.get(c.teamId);
    if (!team) spend.set(c.teamId, (team = new Map()));
    const s = team.get(c.userId) ?? { spend: 0, requests: 0 };
    s.spend += c.m.spend;
    s.requests += c.m.apiRequests;
    team.set(c.userId, s);
  }
  const memberships = new Map(e.memberships.map((m) => [`${m.userId}\u0000${m.teamId}`, m]));
  const teamIds = new Set([...[...e.teams.values()].filter((t) => !t.deleted).map((t) => t.id), ...spend.keys()]);
  const teams: TeamMembers[] = [];
  for (const teamId of teamIds) {
    const label = teamLabel(e, teamId);
    const r = roster(e, teamId, e.teams.get(teamId)?.membersWithRoles);
    const contributions = spend.get(teamId) ?? new Map();
    const total = [...contributions.values()].reduce((a, b) => a + b.spend, 0);
    const lines = new Map<string, MemberLine>();
    const line = (userId: string | null, email: string | null, role: string | null, listed: boolean): MemberLine => {
      const s = userId !== null ? contributions.get(userId) : undefined;
      const m = userId !== null ? memberships.get(`${userId}\u0000${teamId}`) : undefined;
      const limits = m ? linkedLimits(e, m.budgetId) : null;
      return {
        userId,
        name: userId !== null ? userLabel(e, userId).name : (email ?? ''),
        email: email ?? (userId ? (e.users.get(userId)?.email ?? null) : null),
        role,
        listed,
        spend: s?.spend ?? 0,
        apiRequests: s?.requests ?? 0,
        share: total !== 0 ? (s?.spend ?? 0) / total : 0,
        membership:
          m && limits
            ? { spend: m.spend, maxBudget: limits.maxBudget, budgetDuration: limits.budgetDuration, budgetResetAt: limits.budgetResetAt }
            : null,
      };
    };
    for (const m of r.members) lines.set(m.userId ?? `@${m.email}`, line(m.userId, m.email, m.role, true));
    for (const userId of contributions.keys()) if (!lines.has(userId)) lines.set(userId, line(userId, null, null, false));
    const members = [...lines.values()].sort((a, b) => b.spend - a.spend || a.name.localeCompare(b.name));
    teams.push({
      teamId,
      name: label.name,
      status: label.status,
      membersWithRoles: r.status,
      membershipSource: r.source,
      spend: total,
      members,
    });
  }
  teams.sort((a, b) => b.spend - a.spend || a.name.localeCompare(b.name));
  const firstDay = coverage.firstLog ? coverage.firstLog.slice(0, 10) : null;
  const from = firstDay === null || firstDay > period.to ? null : firstDay > period.from ? firstDay : period.from;
  return { from, to: from === null ? null : period.to, teams };
}
