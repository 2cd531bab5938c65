import type { LensDatabase } from '../db/database';
import { MEASURE_KEYS, addInto, measuresOf, zero } from './measures';
import { addDays, makePeriod, type Period } from './period';
import type { Capabilities } from '../schema/capabilities';
import { columnsOf, ident, measureSums, rows } from './sql';
import type { DayPoint } from './dailySeries';
import type { Measures } from './types';

/**
 * The three daily tables the tree and the reconciliation read, and the entity column of each. The tree needs the
 * user and team tables per model with every counter; the organisation table is only compared by spend per key.
 */
export const DAILY = {
  user: { table: 'LiteLLM_DailyUserSpend', entity: 'user_id', detail: true },
  team: { table: 'LiteLLM_DailyTeamSpend', entity: 'team_id', detail: true },
  org: { table: 'LiteLLM_DailyOrganizationSpend', entity: 'organization_id', detail: false },
} as const;
export type DailyKind = keyof typeof DAILY;

/**
 * One daily table's figures for one (api_key, model, entity): over the (sub-)period (`date` null) or for one day.
 * `range` holds the period's counters; `lifetime` the spend the fact adds to all-time figures (the counter
 * reconciliation): its range spend, or for the facts of `loadOutsideFacts` the spend outside the period.
 */
export interface DailyFact {
  kind: DailyKind;
  date: string | null;
  /** The days the figures cover: the date, or `from..to` of the (sub-)period. */
  span: string;
  apiKey: string;
  model: string;
  entity: string;
  range: Measures;
  lifetime: number;
}

// Date comparisons evaluated per row outside a WHERE use the C collation: 'YYYY-MM-DD' dates order alike under
// every collation, and a database in en_US.UTF-8 would otherwise pay strcoll for every row.
export const C = 'COLLATE "C"';

/**
 * The rows of the days `from`..`to`, as a condition on `d.date` and its parameters (numbered from `$first`).
 * PostgreSQL 15+: `date = ANY(<each day>)`. LiteLLM writes `date` as the request's ISO day
 * (db_spend_update_writer.py, add_spend_log_transaction_to_daily_user_transaction: `startTime` split at "T"), so
 * equality with the days selects the rows `>= from AND <= to` does. Equality compares bytes against a hashed list,
 * where `>=`/`<=` compare under the database's collation on every row of a long scan (en_US.UTF-8: ~0.2 µs a row,
 * a third of a year's grouped scan); a short period still reads through the date index. `outside` negates it, so
 * a period's rows and the rest partition the table whatever a row's date holds. Before 15 (14 hashes `= ANY` but
 * not its negation) the ranges stay.
 */
export function daysFilter(
  versionNum: number,
  span: { from: string; to: string },
  first: number,
  outside = false,
): { sql: string; params: unknown[]; byDays: boolean } {
  if (versionNum < 150000) {
    const sql = outside ? `(d.date < $${first} OR d.date > $${first + 1})` : `d.date >= $${first} AND d.date <= $${first + 1}`;
    return { sql, params: [span.from, span.to], byDays: false };
  }
  return { sql: `${outside ? 'NOT ' : ''}d.date = ANY($${first}::text[])`, params: [makePeriod(span.from, span.to).days], byDays: true };
}

/** The daily series a table also gives in its pass 1 scan (DayPoint.series), by the column that names it. */
const SERIES: Partial<Record<DailyKind, { series: DayPoint['series']; id: string }>> = {
  user: { series: 'model', id: 'd.model' },
  team: { series: 'team', id: 'd.team_id' },
};

/**
 * Pass 1, one scan per table: per (api_key, model, entity) — per (api_key, entity) in the organisation table —
 * the period's counters. A key has one owner, team and organisation at a time, so almost every (api_key, model)
 * has one entity in the period; the rest are keys that changed owner, team or organisation in it: pass 2 reads
 * them per day. The user and team tables' scans also group per day and model or team (the trend's series: rows
 * with `by_day`, which carry spend only): a second grouping set of the same scan costs a fraction of a second
 * scan. Only the period's rows are read, so the first figures do not wait for the rest of the history (the spend
 * outside the period is `loadOutsideFacts`'s).
 */
function coarseSql(caps: Capabilities, kind: DailyKind, days: string): string {
  const { table, entity, detail } = DAILY[kind];
  // Grouped by the raw columns: a COALESCE in a grouping key costs every row (~6 % of the scan); loadSpan reads
  // NULL as '' and adds up the groups that then meet.
  const e = `d.${ident(entity)}`;
  const model = detail ? 'd.model' : `''::text`;
  const series = SERIES[kind];
  const measures = detail
    ? measureSums('d', columnsOf(caps, table), undefined, series ? 'GROUPING(d.date) = 1' : undefined)
    : `sum(d.spend)::float8 AS spend, ${MEASURE_KEYS.filter((k) => k !== 'spend')
        .map((k) => `0::float8 AS ${ident(k)}`)
        .join(', ')}`;
  const fact = `d.api_key, ${detail ? `${model}, ` : ''}${e}`;
  if (!series) {
    return `SELECT d.api_key, ${model} AS model, ${e} AS entity, ${measures}
FROM ${ident(table)} d WHERE ${days}
GROUP BY ${fact}`;
  }
  return `SELECT d.api_key, ${model} AS model, ${e} AS entity, GROUPING(d.date) = 0 AS by_day, d.date, ${series.id} AS series_id, ${measures}
FROM ${ident(table)} d WHERE ${days}
GROUP BY GROUPING SETS ((${fact}), (d.date, ${series.id}))`;
}

/** Pass 2: the same figures per day and entity, for the keys pass 1 found ambiguous. */
function fineSql(caps: Capabilities, kind: DailyKind, days: string): string {
  const { table, entity, detail } = DAILY[kind];
  const model = detail ? `COALESCE(d.model, '')` : `''::text`;
  return `SELECT d.date, d.api_key, ${model} AS model, COALESCE(d.${ident(entity)}, '') AS entity, ${measureSums('d', columnsOf(caps, table))}
FROM ${ident(table)} d WHERE d.api_key = ANY($1::text[]) AND ${days}
GROUP BY d.date, d.api_key, ${detail ? `${model}, ` : ''}COALESCE(d.${ident(entity)}, '')`;
}

export interface FactQuery {
  caps: Capabilities;
  kinds: DailyKind[];
  period: Period;
  /**
   * Days inside the period where a daily table starts (its first date): the facts are read per sub-period between
   * them, so no fact mixes days a table covers with days before it.
   */
  splitAt?: string[];
}

/** A period's daily facts and the trend's daily series (per day and model from the user table, per day and team from the team table). */
export interface DailyFigures {
  facts: DailyFact[];
  series: DayPoint[];
}

/**
 * Reads the daily facts and series of every sub-period (see FactQuery.splitAt; usually just the period). All the
 * scans are sent at once, each on its own pooled session: a grouping-sets scan runs in one server process, so
 * concurrent scans are what puts the server's cores to work. Results keep the order of sub-periods and tables.
 */
export async function loadDailyFacts(db: LensDatabase, q: FactQuery, signal?: AbortSignal): Promise<DailyFigures> {
  const starts = [...new Set(q.splitAt ?? [])].filter((d) => d > q.period.from && d <= q.period.to).sort();
  const bounds = [q.period.from, ...starts];
  const spans = bounds.map((from, i) => ({ from, to: i + 1 < bounds.length ? addDays(bounds[i + 1], -1) : q.period.to }));
  const parts = await Promise.all(spans.map((span) => loadSpan(db, q, span, signal)));
  return { facts: parts.flatMap((p) => p.facts), series: parts.flatMap((p) => p.series) };
}

/** The daily facts and series of every table in `kinds` over `span`, with one scan each, plus one small query per table for ambiguous keys. */
async function loadSpan(db: LensDatabase, q: FactQuery, period: { from: string; to: string }, signal?: AbortSignal): Promise<DailyFigures> {
  const span = `${period.from}..${period.to}`;
  const facts: DailyFact[] = [];
  const series: DayPoint[] = [];
  const ambiguous = new Set<string>();
  const days = daysFilter(db.server.versionNum, period, 1);
  const scans = await Promise.all(q.kinds.map((kind) => rows(db, coarseSql(q.caps, kind, days.sql), days.params, signal)));
  q.kinds.forEach((kind, i) => {
    const groups = new Map<string, DailyFact>();
    for (const r of scans[i]) {
      if (r.by_day) {
        series.push({ series: SERIES[kind]!.series, date: String(r.date), id: String(r.series_id ?? ''), spend: Number(r.spend ?? 0) });
        continue;
      }
      const apiKey = String(r.api_key);
      const model = String(r.model ?? '');
      const entity = String(r.entity ?? '');
      const id = `${apiKey}\u0000${model}`;
      const range = measuresOf(r);
      const same = groups.get(id);
      if (same) {
        // A NULL and an empty model or entity are one; another entity makes the key ambiguous.
        if (same.entity === entity) {
          addInto(same.range, range);
          same.lifetime = same.range.spend;
        } else ambiguous.add(apiKey);
        continue;
      }
      const fact: DailyFact = { kind, date: null, span, apiKey, model, entity, range, lifetime: range.spend };
      groups.set(id, fact);
      facts.push(fact);
    }
  });
  if (ambiguous.size === 0) return { facts, series };
  const keys = [...ambiguous];
  const fineDays = daysFilter(db.server.versionNum, period, 2);
  const fineScans = await Promise.all(
    q.kinds.map((kind) => rows(db, fineSql(q.caps, kind, fineDays.sql), [keys, ...fineDays.params], signal)),
  );
  const fine = q.kinds.flatMap((kind, i) =>
    fineScans[i].map((r): DailyFact => {
      const date = String(r.date);
      const range = measuresOf(r);
      return {
        kind,
        date,
        span: date,
        apiKey: String(r.api_key),
        model: String(r.model),
        entity: String(r.entity),
        range,
        lifetime: range.spend,
      };
    }),
  );
  return { facts: [...facts.filter((f) => !ambiguous.has(f.apiKey)), ...fine], series };
}

/**
 * Whether `table` holds a row outside the days of `period` (PostgreSQL 15+'s `NOT date = ANY(days)`), found with
 * index probes instead of the scan that filter needs: a row before the first day, after the last, or strictly
 * between two consecutive days (a date that is not a day sorts between two, under any deterministic collation).
 * A period that covers a table's whole history, like the spend view's year, then costs no scan for the rest.
 */
async function hasRowsOutside(db: LensDatabase, table: string, period: Period, signal?: AbortSignal): Promise<boolean> {
  const t = ident(table);
  const sql = `SELECT EXISTS (SELECT 1 FROM ${t} d WHERE d.date < $1) OR EXISTS (SELECT 1 FROM ${t} d WHERE d.date > $2)
  OR EXISTS (SELECT 1 FROM unnest($3::text[], $4::text[]) AS g(lo, hi) WHERE EXISTS (SELECT 1 FROM ${t} d WHERE d.date > g.lo AND d.date < g.hi)) AS found`;
  const [r] = await rows(db, sql, [period.from, period.to, period.days.slice(0, -1), period.days.slice(1)], signal);
  return r.found === true;
}

/**
 * Spend outside the period per table, key and entity, as facts with no period counters: with the period's facts
 * they make the all-time figures the counter reconciliation compares with LiteLLM's running counters.
 */
export async function loadOutsideFacts(
  db: LensDatabase,
  caps: Capabilities,
  kinds: readonly DailyKind[],
  period: Period,
  signal?: AbortSignal,
): Promise<DailyFact[]> {
  const outside = daysFilter(db.server.versionNum, period, 1, true);
  const scans = await Promise.all(
    kinds.map(async (kind) => {
      const { table, entity } = DAILY[kind];
      // The range form's condition finds an empty outside through the index by itself; the day list's needs the probe.
      if (outside.byDays && caps.hasLeadingIndex(table, 'date') && !(await hasRowsOutside(db, table, period, signal))) return [];
      const e = `COALESCE(d.${ident(entity)}, '')`;
      const sql = `SELECT d.api_key, ${e} AS entity, sum(d.spend)::float8 AS spend FROM ${ident(table)} d
WHERE ${outside.sql} GROUP BY d.api_key, ${e}`;
      return rows(db, sql, outside.params, signal);
    }),
  );
  return kinds.flatMap((kind, i) =>
    scans[i].map((r): DailyFact => ({
      kind,
      date: null,
      span: 'outside',
      apiKey: String(r.api_key),
      model: '',
      entity: String(r.entity),
      range: zero(),
      lifetime: Number(r.spend ?? 0),
    })),
  );
}
