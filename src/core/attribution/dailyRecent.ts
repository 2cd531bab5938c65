import type { LensDatabase } from '../db/database';
import type { Windows } from './limits';
import { ident, rows } from './sql';

/** Spend since each entity's (and, in the user table, each key's) budget-window start, and on covered days. */
export interface RecentSums {
  entityWindow: Map<string, number>;
  keyWindow: Map<string, number>;
  /** Per entity, spend on the days SpendLogs cover completely. */
  covered: Map<string, number>;
}

export interface RecentQuery {
  table: string;
  entity: string;
  entityWindows: Windows;
  keyWindows?: Windows;
  /** First completely covered day and the period's last day, or null when SpendLogs cover none of it. */
  covered: { from: string; to: string } | null;
}

const empty = (): RecentSums => ({ entityWindow: new Map(), keyWindow: new Map(), covered: new Map() });

/**
 * Budget windows and SpendLogs coverage reach back days or weeks, so these sums read only the recent rows
 * (through the date index): per entity, spend since its window start and on covered days; in the user table also
 * per key, spend since the key's window start.
 */
export async function loadRecentSums(db: LensDatabase, q: RecentQuery, signal?: AbortSignal): Promise<RecentSums> {
  const out = empty();
  const keyWindows = q.keyWindows ?? new Map<string, string>();
  const earliest = (days: Iterable<string>) => [...days].reduce<string | null>((a, b) => (a === null || b < a ? b : a), null);
  const entitySince = earliest([...q.entityWindows.values(), ...(q.covered ? [q.covered.from] : [])]);
  const keySince = earliest(keyWindows.values());
  const e = `COALESCE(d.${ident(q.entity)}, '')`;
  const params: unknown[] = [];
  const $ = (value: unknown) => `$${params.push(value)}`;
  const parts: string[] = [];
  if (entitySince !== null) {
    parts.push(`SELECT 'entity' AS what, ${e} AS id, sum(d.spend) FILTER (WHERE d.date >= w.since)::float8 AS window_spend,
  sum(d.spend) FILTER (WHERE d.date >= ${$(q.covered?.from ?? '~')} AND d.date <= ${$(q.covered?.to ?? '')})::float8 AS covered
FROM ${ident(q.table)} d LEFT JOIN unnest(${$([...q.entityWindows.keys()])}::text[], ${$([...q.entityWindows.values()])}::text[]) AS w(id, since) ON w.id = ${e}
WHERE d.date >= ${$(entitySince)} GROUP BY ${e}`);
  }
  if (keySince !== null) {
    parts.push(`SELECT 'key', d.api_key, sum(d.spend) FILTER (WHERE d.date >= w.since)::float8, NULL::float8
FROM ${ident(q.table)} d JOIN unnest(${$([...keyWindows.keys()])}::text[], ${$([...keyWindows.values()])}::text[]) AS w(id, since) ON w.id = d.api_key
WHERE d.date >= ${$(keySince)} GROUP BY d.api_key`);
  }
  if (parts.length === 0) return out;
  for (const r of await rows(db, parts.join('\nUNION ALL\n'), params, signal)) {
    const id = String(r.id);
    if (r.what === 'key') {
      out.keyWindow.set(id, Number(r.window_spend ?? 0));
      continue;
    }
    if (r.window_spend !== null) out.entityWindow.set(id, Number(r.window_spend));
    if (r.covered !== null) out.covered.set(id, Number(r.covered));
  }
  return out;
}
