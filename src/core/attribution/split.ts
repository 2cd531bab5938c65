import type { DailyFact } from './dailyFacts';
import { MEASURE_KEYS, addInto, isZero, sum, zero } from './measures';
import { inner } from './nestedMaps';
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
  const apportioned = users.length > 1;
  const su = apportioned ? sum(users.map((u) => u.m)) : users[0].m;
  const st = sum(teamShares.map((t) => t.m));
  for (const u of users) {
    // Each measure's weight of this user; a lone user's is 1, so its figures are taken as they are.
    const w = apportioned ? zero() : null;
    if (w) for (const k of MEASURE_KEYS) w[k] = su[k] !== 0 ? u.m[k] / su[k] : 1 / users.length;
    for (const t of teamShares) {
      const m = zero();
      for (const k of MEASURE_KEYS) m[k] = w ? t.m[k] * w[k] : t.m[k];
      emit({ span, teamId: t.id, userId: u.id, apiKey, model, m, apportioned });
    }
    const rest = zero();
    for (const k of MEASURE_KEYS) rest[k] = u.m[k] - (w ? st[k] * w[k] : st[k]);
    if (!isZero(rest) && !isResidue(rest, su, st)) emit({ span, teamId: null, userId: u.id, apiKey, model, m: rest, apportioned });
  }
}

/** Adds a share, merging it into one of the same id (the old and new hash of a regenerated key). */
function addShare(list: Share[], id: string, m: Measures): void {
  const same = list.find((s) => s.id === id);
  if (same) same.m = addInto(addInto(zero(), same.m), m);
  else list.push({ id, m });
}

/** A grain's user and team shares while they are gathered. */
interface Grain {
  span: string;
  apiKey: string;
  model: string;
  users: Share[];
  teams: Share[];
}

/**
 * Turns the user and team daily facts into tree leaves; facts meet per grain (span, key, model). Each leaf is
 * unique by construction: a grain's users and teams are distinct ids (addShare merges the rest), each pair makes
 * one leaf and each user one no-team leaf.
 */
export function splitCells(facts: readonly DailyFact[]): Cell[] {
  const bySpan = new Map<string, Map<string, Map<string, Grain>>>();
  const grains: Grain[] = [];
  for (const f of facts) {
    if ((f.kind !== 'user' && f.kind !== 'team') || isZero(f.range)) continue;
    const byModel = inner(inner(bySpan, f.span), f.apiKey);
    let g = byModel.get(f.model);
    if (!g) {
      byModel.set(f.model, (g = { span: f.span, apiKey: f.apiKey, model: f.model, users: [], teams: [] }));
      grains.push(g);
    }
    addShare(f.kind === 'user' ? g.users : g.teams, f.entity, f.range);
  }
  const cells: Cell[] = [];
  const emit = (c: Cell) => cells.push(c);
  for (const g of grains) splitGrain(g.span, g.apiKey, g.model, g.users, g.teams, emit);
  return cells;
}
