import { add, cmp, div, float8ToNumeric, floor, mul, numericFromInt, type PgNumeric, sub, toInt8 } from '../pgNumeric';

/** Which interval of a group a fact row covers: all of it, or its own team's / organisation's share. */
export type RowShare = 'whole' | 'team' | 'org';

/** One stored row of the daily team or organisation table within a group: its part (`''` for NULL) and weights. */
export interface StoredPart {
  part: string;
  spend: number;
  requests: number;
  /** `created_at` as a number in time order (dailyDay.ts `timeKey`). */
  created: number;
}

/** How the organisation table covers a group's day (docs/design.md: it starts mid-history, fact 4). */
export type OrgCoverage = 'covered' | 'uncovered';

/** A (team, organisation) piece [lo, hi) of a group's axis, with its team's and organisation's own intervals. */
export interface Segment {
  /**
   * The group has this one segment and it spans the whole axis: every row of the group lies on it entirely and
   * `allocate` never computes with its bounds (so their scale, unlike the value, may differ from PostgreSQL's).
   */
  whole: boolean;
  team: string;
  /** null: the organisation table does not cover the day (or does not exist). */
  org: string | null;
  lo: PgNumeric;
  hi: PgNumeric;
  total: PgNumeric;
  tLo: PgNumeric;
  tHi: PgNumeric;
  oLo: PgNumeric;
  oHi: PgNumeric;
}

/**
 * Request-time team and organisation for rows of a daily table that stores neither (issue 14 facts 1-2).
 *
 * LiteLLM fixes a request's team (`''` when none) and organisation (the key's, else its team's) when it logs it
 * (spend_tracking_utils.py ~L442, utils.py ~L2996) and writes the same request into every daily table under the
 * same (date, api_key, model, custom_llm_provider) (db_spend_update_writer.py, `daily_transaction_key`). So per
 * such group the team table's rows say how the group's spend split between teams and the organisation table's
 * rows how it split between organisations (the rest had none). Both partitions are laid on one axis [0, W) in
 * the order the parts were first created (a key that moves mid-day has its old team's row first; ties by part
 * in byte order) and cut into segments (team, org). The weight is spend, or requests where the group spent
 * nothing. Model group is not matched: it is not part of the tables' unique key (set by the first request only).
 *
 * All arithmetic is PostgreSQL numeric (pgNumeric.ts), as the SQL this replaced computed it, so every figure is
 * the exact sum of the stored doubles and the export's bytes did not change (cbf-export-bytes.test.ts).
 * Returns no segment for a group whose weight is zero (its rows keep the key's current team).
 */
export function segmentsOf(teamRows: readonly StoredPart[], orgRows: readonly StoredPart[] | null, coverage: OrgCoverage): Segment[] {
  const whole = wholeSegment(teamRows, orgRows, coverage);
  if (whole) return [whole];
  const teamParts = partsOf(teamRows);
  let spendTotal: PgNumeric = ZERO;
  let requestTotal: PgNumeric = ZERO;
  for (const p of teamParts) {
    spendTotal = add(spendTotal, p.spend);
    requestTotal = add(requestTotal, p.requests);
  }
  const bySpend = cmp(spendTotal, ZERO) > 0;
  const total = bySpend ? spendTotal : requestTotal;
  const teams = intervals(teamParts, bySpend, total);
  let orgs: Interval[];
  if (orgRows === null || coverage === 'uncovered') {
    orgs = [{ part: null, lo: ZERO, hi: total }];
  } else {
    orgs = intervals(partsOf(orgRows), bySpend, total);
    const end = orgs.reduce<PgNumeric>((m, o) => greatest(m, o.hi), ZERO);
    if (cmp(end, total) < 0) orgs.push({ part: '', lo: end, hi: total });
  }
  const out: Segment[] = [];
  for (const t of teams) {
    for (const o of orgs) {
      const lo = greatest(t.lo, o.lo);
      const hi = least(t.hi, o.hi);
      if (cmp(lo, hi) < 0) {
        out.push({ whole: false, team: t.part as string, org: o.part, lo, hi, total, tLo: t.lo, tHi: t.hi, oLo: o.lo, oHi: o.hi });
      }
    }
  }
  return out;
}

/**
 * The common case without numeric arithmetic: one stored team row with a positive weight, and an organisation
 * part that provably covers all of it (none recorded, the day not covered, or one row of the very same weight).
 * Anything else (several rows, weights that differ as doubles but might not as numeric) takes the general path.
 */
function wholeSegment(teamRows: readonly StoredPart[], orgRows: readonly StoredPart[] | null, coverage: OrgCoverage): Segment | null {
  if (teamRows.length !== 1) return null;
  const t = teamRows[0];
  // NaN is not finite; numeric NaN would compare above every number, so it takes the general path.
  if (!Number.isFinite(t.spend)) return null;
  const bySpend = t.spend > 0;
  if (!bySpend && !(t.requests > 0)) return null;
  let org: string | null;
  if (orgRows === null || coverage === 'uncovered') org = null;
  else if (orgRows.length === 0) org = '';
  else if (orgRows.length === 1 && (bySpend ? orgRows[0].spend === t.spend : orgRows[0].requests === t.requests)) {
    org = orgRows[0].part;
  } else return null;
  const total = bySpend ? float8ToNumeric(t.spend) : numericFromInt(t.requests);
  return { whole: true, team: t.part, org, lo: ZERO, hi: total, total, tLo: ZERO, tHi: total, oLo: ZERO, oHi: total };
}

/** A fact row's measures: spend (numeric) and integer counters (null where the table stored none). */
export interface Measures {
  spend: PgNumeric;
  counts: (number | null)[];
}

/** One piece of a fact row: on a segment (or on none: the group was not recorded), with its share of every measure. */
export interface Piece extends Measures {
  segment: Segment | null;
}

/**
 * Allocates a fact row over the segments its interval covers, by cumulative position, so the pieces sum exactly
 * back to the row: piece = A(min(seg.hi, H)) - A(max(seg.lo, L)) where A(b) is the part of X up to position b of
 * the row's interval [L, H) (X itself at H and beyond, 0 at L and before, floored for counters).
 */
export function allocate(segments: readonly Segment[], share: RowShare, entity: string | null, row: Measures): Piece[] {
  const own = entity ?? '';
  const pieces: Piece[] = [];
  for (const seg of segments) {
    if (share === 'team' && seg.team !== own) continue;
    if (share === 'org' && seg.org !== own) continue;
    if (seg.whole) {
      pieces.push({ segment: seg, spend: row.spend, counts: row.counts });
      continue;
    }
    const [L, H] = share === 'team' ? [seg.tLo, seg.tHi] : share === 'org' ? [seg.oLo, seg.oHi] : [ZERO, seg.total];
    const from = greatest(seg.lo, L);
    const to = least(seg.hi, H);
    if (cmp(from, to) >= 0) continue;
    // The common case — a row on one segment covering its whole interval — needs no arithmetic.
    if (cmp(from, L) <= 0 && cmp(to, H) >= 0) {
      pieces.push({ segment: seg, spend: row.spend, counts: row.counts });
      continue;
    }
    const upTo = (x: PgNumeric, b: PgNumeric, integer: boolean): PgNumeric => {
      if (cmp(b, H) >= 0) return x;
      if (cmp(b, L) <= 0) return ZERO;
      const part = div(mul(x, sub(b, L)), sub(H, L));
      return integer ? floor(part) : part;
    };
    const piece = (x: PgNumeric, integer: boolean): PgNumeric => sub(upTo(x, to, integer), upTo(x, from, integer));
    pieces.push({
      segment: seg,
      spend: piece(row.spend, false),
      counts: row.counts.map((c) => (c === null ? null : toInt8(piece(numericFromInt(c), true)))),
    });
  }
  return pieces.length > 0 ? pieces : [{ segment: null, spend: row.spend, counts: row.counts }];
}

const ZERO = numericFromInt(0);

interface Part {
  part: string;
  spend: PgNumeric;
  requests: PgNumeric;
  first: number;
}

interface Interval {
  part: string | null;
  lo: PgNumeric;
  hi: PgNumeric;
}

/** The stored rows summed per part (several rows share a part when the tables' unique key has more columns). */
function partsOf(rows: readonly StoredPart[]): Part[] {
  const byPart = new Map<string, Part>();
  for (const r of rows) {
    const spend = float8ToNumeric(r.spend);
    const requests = numericFromInt(r.requests);
    const p = byPart.get(r.part);
    if (!p) byPart.set(r.part, { part: r.part, spend, requests, first: r.created });
    else {
      p.spend = add(p.spend, spend);
      p.requests = add(p.requests, requests);
      if (r.created < p.first) p.first = r.created;
    }
  }
  return [...byPart.values()].sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : byteOrder(a.part, b.part)));
}

/** Parts laid end to end in creation order, clamped to the group's total (organisation rows can only be fewer). */
function intervals(parts: readonly Part[], bySpend: boolean, total: PgNumeric): Interval[] {
  let cum: PgNumeric = ZERO;
  return parts.map((p) => {
    const w = bySpend ? p.spend : p.requests;
    cum = add(cum, w);
    // cum - w, not the previous cum: the same value, but its scale is the one PostgreSQL carried into the division.
    return { part: p.part, lo: least(sub(cum, w), total), hi: least(cum, total) };
  });
}

/** SQL LEAST / GREATEST of two: on a tie the first argument, whose scale then carries on (as in PostgreSQL). */
const least = (a: PgNumeric, b: PgNumeric): PgNumeric => (cmp(a, b) <= 0 ? a : b);
const greatest = (a: PgNumeric, b: PgNumeric): PgNumeric => (cmp(a, b) >= 0 ? a : b);

/** Byte order of the UTF-8 text (PostgreSQL's `COLLATE "C"`), which is code point order. */
export function byteOrder(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      // UTF-16 puts surrogates (code points above U+FFFF) below U+E000-U+FFFF; code point order puts them above.
      const sx = x >= 0xd800 && x <= 0xdfff;
      const sy = y >= 0xd800 && y <= 0xdfff;
      if (sx !== sy && (sx ? y : x) >= 0xe000) return sx ? 1 : -1;
      return x - y;
    }
  }
  return a.length - b.length;
}
