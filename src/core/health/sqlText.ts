import pg from 'pg';
import { addDays, type Period } from '../attribution/period';
import { pgTimestamp } from '../attribution/zoneDays';
import type { Capabilities } from '../schema/capabilities';

export const SL = 'LiteLLM_SpendLogs';

/** A SQL string literal (drill-down SQL carries its values inline so it runs as is in an editor). */
export function lit(value: string): string {
  return pg.escapeLiteral(value);
}

/** `l."startTime"` within the inclusive period: its UTC days, or its local bounds in a report time zone. */
export function inPeriod(period: Period, alias = 'l'): string {
  if (period.timezone) {
    return `${alias}."startTime" >= ${lit(pgTimestamp(period.startMs))}::timestamp AND ${alias}."startTime" < ${lit(pgTimestamp(period.endMs))}::timestamp`;
  }
  return `${alias}."startTime" >= ${lit(period.from)}::timestamp AND ${alias}."startTime" < ${lit(addDays(period.to, 1))}::timestamp`;
}

/**
 * A request's status: the `status` column (1.83: 'success' / 'failure'), else `metadata.status`; a row with neither
 * counts as a success, as LiteLLM's daily aggregation does (it counts failures only where status says so).
 */
export function statusExpr(caps: Capabilities, alias = 'l'): string {
  const column = caps.hasColumn(SL, 'status') ? `NULLIF(${alias}.status, ''), ` : '';
  return `COALESCE(${column}${alias}.metadata->>'status', 'success')`;
}

const REQUEST_COLUMNS = [
  'request_id',
  'startTime',
  'api_key',
  'user',
  'team_id',
  'model',
  'model_group',
  'spend',
  'prompt_tokens',
  'completion_tokens',
  'total_tokens',
];

/** The SpendLogs columns a drill-down shows (those this schema has). */
export function requestColumns(caps: Capabilities, alias = 'l'): string {
  return REQUEST_COLUMNS.filter((c) => caps.hasColumn(SL, c))
    .map((c) => `${alias}."${c}"`)
    .join(', ');
}

/** A key hash shortened for a subject line, with its alias when known. */
export function keySubject(token: string, alias: string | null): string {
  const short = token.length > 12 ? `${token.slice(0, 8)}…` : token;
  return alias ? `key ${short} (${alias})` : `key ${short}`;
}

export function usd(value: number): string {
  return `$${value.toFixed(value !== 0 && Math.abs(value) < 0.01 ? 6 : 2)}`;
}
