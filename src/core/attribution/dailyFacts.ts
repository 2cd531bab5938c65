import type { LensDatabase } from '../db/database';
import { MEASURE_KEYS, measuresOf, zero } from './measures';
import { addDays, type Period } from './period';
import type { Capabilities } from '../schema/capabilities';
import { columnsOf, ident, measureSums, rows } from './sql';
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
 * Pass 1, one scan per table: per (api_key, model, entity) — per (api_key, entity) in the organisation table —
 * the period's counters. A key has one owner, team and organisation at a time, so almost every (api_key, model)
 * has one entity in the period; the rest are keys that changed owner, team or organisation in it: pass 2 reads
 * them per day. Only the period's rows are read, so the first figures do not wait for the rest of the history
 * (the spend outside the period is `loadOutsideFacts`'s).
 */
function coarseSql(caps: Capabilities, kind: DailyKind): string {
  const { table, entity, detail } = DAILY[kind];
  const e = `COALESCE(d.${ident(entity)}, '')`;
  const model = detail ? `COALESCE(d.model, '')` : `''::text`;
  const measures = detail
    ? measureSums('d', columnsOf(caps, table))
    : `sum(d.spend)::float8 AS spend, ${MEASURE_KEYS.filter((k) => k !== 'spend')
        .map((k) => `0::float8 AS ${ident(k)}`)
        .join(', ')}`;
  return `SELECT d.api_key, ${model} AS model, ${e} AS entity, ${measures}
FROM ${ident(table)} d WHERE d.date >= $1 AND d.date <= $2
GROUP BY d.api_key, ${detail ? `${model}, ` : ''}${e}`;
}

/** Pass 2: the same figures per day and entity, for the keys pass 1 found ambiguous. */
function fineSql(caps: Capabilities, kind: DailyKind): string {
  const { table, entity, detail } = DAILY[kind];
  const model = detail ? `COALESCE(d.model, '')` : `''::text`;
  return `SELECT d.date, d.api_key, ${model} AS model, COALESCE(d.${ident(entity)}, '') AS entity, ${measureSums('d', columnsOf(caps, table))}
FROM ${ident(table)} d WHERE d.api_key = ANY($1::text[]) AND d.date >= $2 AND d.date <= $3
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

/** Reads the daily facts, one sub-period after the other (see FactQuery.splitAt; usually just the period). */
export async function loadDailyFacts(db: LensDatabase, q: FactQuery, signal?: AbortSignal): Promise<DailyFact[]> {
  const starts = [...new Set(q.splitAt ?? [])].filter((d) => d > q.period.from && d <= q.period.to).sort();
  const bounds = [q.period.from, ...starts];
  const out: DailyFact[] = [];
  for (let i = 0; i < bounds.length; i++) {
    const to = i + 1 < bounds.length ? addDays(bounds[i + 1], -1) : q.period.to;
    out.push(...(await loadSpan(db, q, { from: bounds[i], to }, signal)));
  }
  return out;
}

/** The daily facts of every table in `kinds` over `span`, with one scan each, plus one small query for ambiguous keys. */
async function loadSpan(db: LensDatabase, q: FactQuery, period: { from: string; to: string }, signal?: AbortSignal): Promise<DailyFact[]> {
  const span = `${period.from}..${period.to}`;
  const facts: DailyFact[] = [];
  const ambiguous = new Set<string>();
  // One table after the other: each scan already uses the server's parallel workers.
  for (const kind of q.kinds) {
    const groups = new Map<string, DailyFact>();
    for (const r of await rows(db, coarseSql(q.caps, kind), [period.from, period.to], signal)) {
      const apiKey = String(r.api_key);
      const id = `${apiKey}\u0000${String(r.model)}`;
      if (groups.has(id)) {
        ambiguous.add(apiKey);
        continue;
      }
      const range = measuresOf(r);
      const fact: DailyFact = {
        kind,
        date: null,
        span,
        apiKey,
        model: String(r.model),
        entity: String(r.entity),
        range,
        lifetime: range.spend,
      };
      groups.set(id, fact);
      facts.push(fact);
    }
  }
  if (ambiguous.size === 0) return facts;
  const keys = [...ambiguous];
  const fine: DailyFact[] = [];
  for (const kind of q.kinds) {
    for (const r of await rows(db, fineSql(q.caps, kind), [keys, period.from, period.to], signal)) {
      const date = String(r.date);
      const range = measuresOf(r);
      fine.push({
        kind,
        date,
        span: date,
        apiKey: String(r.api_key),
        model: String(r.model),
        entity: String(r.entity),
        range,
        lifetime: range.spend,
      });
    }
  }
  return [...facts.filter((f) => !ambiguous.has(f.apiKey)), ...fine];
}

/**
 * Spend outside the period per table, key and entity, as facts with no period counters: with the period's facts
 * they make the all-time figures the counter reconciliation compares with LiteLLM's running counters.
 */
export async function loadOutsideFacts(
  db: LensDatabase,
  kinds: readonly DailyKind[],
  period: Period,
  signal?: AbortSignal,
): Promise<DailyFact[]> {
  const out: DailyFact[] = [];
  for (const kind of kinds) {
    const { table, entity } = DAILY[kind];
    const e = `COALESCE(d.${ident(entity)}, '')`;
    const sql = `SELECT d.api_key, ${e} AS entity, sum(d.spend)::float8 AS spend FROM ${ident(table)} d
WHERE d.date < $1 OR d.date > $2 GROUP BY d.api_key, ${e}`;
    for (const r of await rows(db, sql, [period.from, period.to], signal)) {
      out.push({
        kind,
        date: null,
        span: 'outside',
        apiKey: String(r.api_key),
        model: '',
        entity: String(r.entity),
        range: zero(),
        lifetime: Number(r.spend ?? 0),
      });
    }
  }
  return out;
}
