import { rows } from '../attribution/sql';
import type { Capabilities } from '../schema/capabilities';
import type { Period } from '../attribution/period';
import { SL, inPeriod, keySubject, lit, requestColumns, statusExpr, usd } from './sqlText';
import type { CheckContext, CheckId, Finding, HealthCheck, Severity } from './types';

const VT = 'LiteLLM_VerificationToken';
const DVT = 'LiteLLM_DeletedVerificationToken';

interface Rule {
  id: CheckId;
  title: string;
  severity: Severity;
  /** The key rows the rule applies to, as `k` with `token`, `key_alias` and `since` (null: the whole period). */
  keys: (caps: Capabilities) => string;
  /** Extra condition on the request `l`. */
  after: string;
  explain: (n: number, money: number) => string;
}

/**
 * Successful requests (rejections are the control working) of the period on keys in a given state, with the
 * key's alias and the moment that state began.
 */
function rowsSql(caps: Capabilities, period: Period, rule: Rule, token?: string): string {
  const only = token === undefined ? '' : ` AND l.api_key = ${lit(token)}`;
  return `SELECT ${requestColumns(caps)}, k.key_alias, k.since
FROM "${SL}" l JOIN (${rule.keys(caps)}) k ON k.token = l.api_key
WHERE ${inPeriod(period)} AND ${statusExpr(caps)} = 'success'${rule.after}${only}
ORDER BY l."startTime", l.request_id`;
}

const alias = (caps: Capabilities, table: string) => (caps.hasColumn(table, 'key_alias') ? 't.key_alias' : 'NULL::text AS key_alias');

function rule(r: Rule): HealthCheck {
  return {
    id: r.id,
    title: r.title,
    severity: r.severity,
    requires: [{ table: SL, columns: ['startTime', 'spend', 'api_key', 'metadata'] }, ...REQUIRES[r.id]],
    async run(ctx: CheckContext): Promise<Finding[]> {
      const sql = `SELECT r.api_key, max(r.key_alias) AS key_alias, max(r.since)::text AS since, count(*)::int AS n, sum(r.spend)::float8 AS money,
  min(r."startTime")::text AS first_request, max(r."startTime")::text AS last_request
FROM (${rowsSql(ctx.caps, ctx.period, r)}) r GROUP BY 1 ORDER BY 5 DESC, 1`;
      return (await rows(ctx.db, sql, [], ctx.signal)).map((x) => {
        const token = String(x.api_key);
        const n = Number(x.n);
        const money = Number(x.money);
        return {
          check: r.id,
          severity: r.severity,
          subject: keySubject(token, x.key_alias === null ? null : String(x.key_alias)),
          count: n,
          money,
          explanation: r.explain(n, money),
          sql: rowsSql(ctx.caps, ctx.period, r, token),
          details: {
            token,
            since: x.since === null ? null : String(x.since),
            firstRequest: String(x.first_request),
            lastRequest: String(x.last_request),
          },
        };
      });
    },
  };
}

const REQUIRES: Record<string, { table: string; columns: string[] }[]> = {
  'key-after-expiry': [{ table: VT, columns: ['token', 'expires'] }],
  'key-after-blocked': [{ table: VT, columns: ['token', 'blocked'] }],
  'key-after-deletion': [
    { table: DVT, columns: ['token', 'deleted_at'] },
    { table: VT, columns: ['token'] },
  ],
};

/** LiteLLM rejects a key whose `expires` has passed (auth_checks.py / user_api_key_auth.py, "Authentication Error - Expired Key"). */
export const keyAfterExpiry = rule({
  id: 'key-after-expiry',
  title: 'Spend on keys after they expired',
  severity: 'error',
  keys: (caps) => `SELECT t.token, ${alias(caps, VT)}, t.expires AS since FROM "${VT}" t WHERE t.expires IS NOT NULL`,
  after: ' AND l."startTime" > k.since',
  explain: (n, money) =>
    `${n} successful requests (${usd(money)}) were made after the key's expiry time: LiteLLM should reject an expired key. The expiry was moved into the past after these requests, or the check did not hold (cached key object).`,
});

/**
 * LiteLLM rejects a blocked key (`blocked` is checked on every request). It stores no time of blocking —
 * `updated_at` moves with every spend flush — so these are the period's requests on keys blocked now.
 */
export const keyAfterBlocked = rule({
  id: 'key-after-blocked',
  title: 'Spend on keys that are blocked',
  severity: 'warning',
  keys: (caps) => `SELECT t.token, ${alias(caps, VT)}, NULL::timestamp AS since FROM "${VT}" t WHERE t.blocked IS TRUE`,
  after: '',
  explain: (n, money) =>
    `${n} successful requests (${usd(money)}) in the period used a key that is blocked now. LiteLLM records no time of blocking: if the key was blocked before its last request, the block did not hold.`,
});

/**
 * A deleted key's row moves to LiteLLM_DeletedVerificationToken with `deleted_at` (key_management_endpoints.py,
 * delete_verification_tokens); a token that is live again (re-created) is left out.
 */
export const keyAfterDeletion = rule({
  id: 'key-after-deletion',
  title: 'Spend on keys after they were deleted',
  severity: 'error',
  keys: (caps) => `SELECT DISTINCT ON (t.token) t.token, ${alias(caps, DVT)}, t.deleted_at AS since FROM "${DVT}" t
  WHERE t.deleted_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "${VT}" v WHERE v.token = t.token) ORDER BY t.token, t.deleted_at DESC`,
  after: ' AND l."startTime" > k.since',
  explain: (n, money) =>
    `${n} successful requests (${usd(money)}) were made with the key after it was deleted: a cached key object kept it working, or the rows carry a wrong key.`,
});
