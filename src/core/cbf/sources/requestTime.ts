import type { Capabilities } from '../../schema/capabilities';

const TEAM_TABLE = 'LiteLLM_DailyTeamSpend';
const ORG_TABLE = 'LiteLLM_DailyOrganizationSpend';
const PART_COLUMNS = ['date', 'api_key', 'model', 'custom_llm_provider', 'spend', 'api_requests', 'created_at'];

/** Which interval of a group an aggregated row `a` covers: all of it, or the team's / organisation's share. */
export type RowShare = 'whole' | 'team' | 'org';

/**
 * Request-time team and organisation for rows of a daily table that stores neither (issue 14 facts 1-2).
 *
 * LiteLLM fixes a request's team (`''` when none) and organisation (the key's, else its team's) when it logs it
 * (spend_tracking_utils.py ~L442, utils.py ~L2996) and writes the same request into every daily table under the
 * same (date, api_key, model, custom_llm_provider) (db_spend_update_writer.py, `daily_transaction_key`). So per
 * such group the team table's rows say how the group's spend split between teams and the organisation table's
 * rows how it split between organisations (the rest had none). Both partitions are laid on one axis [0, W) in
 * the order the rows were created (a key that moves mid-day has its old team's row first) and cut into segments
 * (team, org); a row of the group is allocated over the segments its own interval covers, by cumulative
 * position, so the pieces sum exactly back to the row. The weight is spend, or requests where the group spent
 * nothing. Model group is not matched: it is not part of the tables' unique key (set by the first request only).
 *
 * A group the team table does not hold keeps `seg.lo IS NULL` (the key's current row is the fallback); a day the
 * organisation table does not cover (before its first or after its last row, fact 4) gets `seg.org IS NULL`.
 */
export interface RequestTimeSplit {
  /** `seg` subquery for the bucket condition `where` (on alias `d`) and its join to `a`. */
  join(where: string): string;
  /** SQL for the part of `a.<column>` that falls on the segment (the whole value when no segment matched). */
  share(column: string, integer: boolean): string;
}

/** null when the schema lacks the team table (then every row falls back to the key's current team). */
export function requestTimeSplit(caps: Capabilities, rowShare: RowShare): RequestTimeSplit | null {
  if (caps.missing([{ table: TEAM_TABLE, columns: ['team_id', ...PART_COLUMNS] }]).length > 0) return null;
  const hasOrg = caps.missing([{ table: ORG_TABLE, columns: ['organization_id', ...PART_COLUMNS] }]).length === 0;
  const [lo, hi] = rowShare === 'team' ? ['seg.t_lo', 'seg.t_hi'] : rowShare === 'org' ? ['seg.o_lo', 'seg.o_hi'] : ['0', 'seg.total'];
  const own =
    rowShare === 'team' ? ` AND seg.team = COALESCE(a.entity, '')` : rowShare === 'org' ? ` AND seg.org = COALESCE(a.entity, '')` : '';
  // Cumulative allocation: the part of X up to position b of the row's interval; A(hi) - A(lo) over the pieces telescopes to X.
  const upTo = (x: string, b: string, integer: boolean): string => {
    const part = `${x} * (${b} - ${lo}) / (${hi} - ${lo})`;
    // The ends need no arithmetic: a row on one segment (the common case) costs two comparisons per column.
    return `CASE WHEN ${b} >= ${hi} THEN ${x} WHEN ${b} <= ${lo} THEN 0 ELSE ${integer ? `floor(${part})` : part} END`;
  };
  return {
    join: (where) => `LEFT JOIN (${segments(where, hasOrg)}) seg
       ON seg.gk = ${groupKey('a.date', 'a.api_key', 'a.model', 'a.provider')}${own} AND GREATEST(seg.lo, ${lo}) < LEAST(seg.hi, ${hi})`,
    share(column, integer) {
      const x = `a.${column}`;
      const value = `${upTo(x, `LEAST(seg.hi, ${hi})`, integer)} - ${upTo(x, `GREATEST(seg.lo, ${lo})`, integer)}`;
      return `CASE WHEN seg.lo IS NULL THEN ${x} ELSE ${integer ? `(${value})::int8` : value} END`;
    },
  };
}

/**
 * The group as one text value. Joining on it rather than on four columns keeps PostgreSQL's row estimates for
 * these derived tables sane: multiplied per-column selectivities made it expect one row and nest loops over
 * every pair of rows in a day (20× slower at 300k rows).
 */
function groupKey(date: string, apiKey: string, model: string, provider: string): string {
  return `(${date} || E'\\x01' || ${apiKey} || E'\\x01' || COALESCE(${model}, '') || E'\\x01' || COALESCE(${provider}, ''))`;
}

/** One group's parts of a daily table: weight, first creation and the part id (`''` for NULL). */
function parts(table: string, column: string, where: string): string {
  return `SELECT ${groupKey('d.date', 'd.api_key', 'd.model', 'd.custom_llm_provider')} AS gk, COALESCE(d."${column}", '') AS part,
           SUM(d.spend::numeric) AS spend, SUM(d.api_requests)::numeric AS requests, MIN(d.created_at) AS first
    FROM "${table}" d WHERE ${where} GROUP BY 1, 2`;
}

/** Intervals [lo, hi) of each part on the group's axis, clamped to the team total W (org rows can only be fewer). */
function intervals(source: string, label: string): string {
  return `SELECT gk, part AS ${label}, LEAST(cum - w, total) AS lo, LEAST(cum, total) AS hi, total
    FROM (SELECT p.*, SUM(p.w) OVER (PARTITION BY p.gk ORDER BY p.first, p.part ROWS UNBOUNDED PRECEDING) AS cum
          FROM (SELECT x.*, CASE WHEN g.by_spend THEN x.spend ELSE x.requests END AS w, g.total
                FROM (${source}) x JOIN g USING (gk)) p) q`;
}

/**
 * The segments (team, org, [lo, hi)) of every group of the bucket, with the team's and the organisation's own
 * interval. Organisations: their rows, then `''` for the rest of W; NULL on a day the table does not cover.
 */
function segments(where: string, hasOrg: boolean): string {
  const coverage = (bound: 'min' | 'max'): string => `(SELECT ${bound}(date) FROM "${ORG_TABLE}")`;
  const orgIntervals = hasOrg
    ? `oj AS (${intervals(parts(ORG_TABLE, 'organization_id', where), 'org')}),
  oi AS (SELECT gk, org, lo, hi FROM oj
         UNION ALL
         SELECT gk, '' AS org, COALESCE(MAX(oj.hi), 0) AS lo, MAX(g.total) AS hi
           FROM g LEFT JOIN oj USING (gk)
          WHERE g.date BETWEEN ${coverage('min')} AND ${coverage('max')}
          GROUP BY gk HAVING COALESCE(MAX(oj.hi), 0) < MAX(g.total)
         UNION ALL
         SELECT gk, NULL AS org, 0 AS lo, total AS hi FROM g
          WHERE g.date NOT BETWEEN COALESCE(${coverage('min')}, '') AND COALESCE(${coverage('max')}, ''))`
    : `oi AS (SELECT gk, NULL::text AS org, 0::numeric AS lo, total AS hi FROM g)`;
  return `WITH tp AS (${parts(TEAM_TABLE, 'team_id', where)}),
  g AS (SELECT gk, split_part(gk, E'\\x01', 1) AS date, SUM(spend) > 0 AS by_spend,
               CASE WHEN SUM(spend) > 0 THEN SUM(spend) ELSE SUM(requests) END AS total FROM tp GROUP BY gk),
  ti AS (${intervals('SELECT * FROM tp', 'team')}),
  ${orgIntervals}
  SELECT ti.gk, ti.team, oi.org, ti.total,
         GREATEST(ti.lo, oi.lo) AS lo, LEAST(ti.hi, oi.hi) AS hi, ti.lo AS t_lo, ti.hi AS t_hi, oi.lo AS o_lo, oi.hi AS o_hi
  FROM ti JOIN oi USING (gk)
  WHERE GREATEST(ti.lo, oi.lo) < LEAST(ti.hi, oi.hi)`;
}
