import type { DailyFact } from './dailyFacts';
import { MEASURE_KEYS, addInto, isZero, sum, zero } from './measures';
import type { Measures } from './types';

/**
 * A leaf of the tree before organisations are assigned: spend of one key and model, attributed to a team
 * (`null` = the key had no team row) and a user (the key's owner).
 */
export interface Cell {
  /** The days of the fact the cell comes from (DailyFact.span). */
  span: string;
  teamId: string | null;
  userId: string;
  apiKey: string;
  model: string;
  m: Measures;
  apportioned: boolean;
}

interface Share {
  id: string;
  m: Measures;
}

/** Float residue of subtracting equal sums added in a different order is not a no-team-row request. */
function isResidue(rest: Measures, users: Measures, teams: Measures): boolean {
  if (MEASURE_KEYS.some((k) => k !== 'spend' && rest[k] !== 0)) return false;
  return Math.abs(rest.spend) <= 1e-9 * Math.max(Math.abs(users.spend), Math.abs(teams.spend));
}

/**
 * Splits one grain (a key and model, over the period or on one day) exactly:
 * - each team row goes to the key's owner; when several users share the grain (the key changed owner that
 *   day, or many users call without a key), each measure is apportioned by the users' own share of it;
 * - what the user rows hold beyond the team rows is the key's spend without a team row (team_id None).
 * For every measure the cells add up to the user rows' total, and each team's cells to its team rows.
 */
function splitGrain(span: string, apiKey: string, model: string, userShares: Share[], teamShares: Share[], emit: (c: Cell) => void): void {
  const users = userShares.length > 0 ? userShares : [{ id: '', m: zero() }];
  const su = sum(users.map((u) => u.m));
  const st = sum(teamShares.map((t) => t.m));
  const apportioned = users.length > 1;
  const weight = (u: Share, k: keyof Measures): number => {
    if (users.length === 1) return 1;
    return su[k] !== 0 ? u.m[k] / su[k] : 1 / users.length;
  };
  for (const u of users) {
    for (const t of teamShares) {
      const m = zero();
      for (const k of MEASURE_KEYS) m[k] = t.m[k] * weight(u, k);
      emit({ span, teamId: t.id, userId: u.id, apiKey, model, m, apportioned });
    }
    const rest = zero();
    for (const k of MEASURE_KEYS) rest[k] = u.m[k] - st[k] * weight(u, k);
    if (!isZero(rest) && !isResidue(rest, su, st)) emit({ span, teamId: null, userId: u.id, apiKey, model, m: rest, apportioned });
  }
}

/** Adds a share, merging it into one of the same id (the old and new hash of a regenerated key). */
function addShare(list: Share[], id: string, m: Measures): void {
  const same = list.find((s) => s.id === id);
  if (same) same.m = addInto(addInto(zero(), same.m), m);
  else list.push({ id, m });
}

/**
 * A leaf's identity as a map key, after `prefix`: text from PostgreSQL never holds NUL, so NUL separates the parts,
 * and a team id is marked so that no id reads as the missing team.
 */
export function cellKey(c: Cell, prefix = ''): string {
  return `${prefix}${c.span}\u0000${c.teamId === null ? '' : `=${c.teamId}`}\u0000${c.userId}\u0000${c.apiKey}\u0000${c.model}`;
}

/** Turns the user and team daily facts into tree leaves; cells of equal (span, team, user, key, model) are merged. */
export function splitCells(facts: readonly DailyFact[]): Cell[] {
  const grains = new Map<string, { span: string; apiKey: string; model: string; users: Share[]; teams: Share[] }>();
  for (const f of facts) {
    if ((f.kind !== 'user' && f.kind !== 'team') || isZero(f.range)) continue;
    const key = `${f.span}\u0000${f.apiKey}\u0000${f.model}`;
    let g = grains.get(key);
    if (!g) grains.set(key, (g = { span: f.span, apiKey: f.apiKey, model: f.model, users: [], teams: [] }));
    addShare(f.kind === 'user' ? g.users : g.teams, f.entity, f.range);
  }
  const cells = new Map<string, Cell>();
  for (const g of grains.values()) {
    splitGrain(g.span, g.apiKey, g.model, g.users, g.teams, (c) => {
      const key = cellKey(c);
      const existing = cells.get(key);
      if (!existing) cells.set(key, c);
      else {
        addInto(existing.m, c.m);
        existing.apportioned ||= c.apportioned;
      }
    });
  }
  return [...cells.values()];
}
