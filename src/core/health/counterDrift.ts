import { entityRowSql, type EntityKind } from './entityRows';
import { usd } from './sqlText';
import { ATTRIBUTION_INPUT, type CheckContext, type Finding, type HealthCheck } from './types';

const SCOPES = new Set<string>(['key', 'user', 'team', 'organization', 'end-user', 'tag']);

/**
 * Running counters against their daily history, straight from the attribution's reconciliation
 * (reconcileEntities.ts, `counter-vs-daily`): the causes it knows (budget resets, …) are listed, and only the
 * residue no cause explains is a finding.
 */
export const counterDrift: HealthCheck = {
  id: 'counter-drift',
  title: 'Counter drift (running counter vs daily history)',
  severity: 'warning',
  requires: ATTRIBUTION_INPUT,
  async run(ctx: CheckContext): Promise<Finding[]> {
    const result = await ctx.attribution();
    return result.reconciliation.lines
      .filter((l) => l.check === 'counter-vs-daily' && l.status === 'unexplained' && l.id !== null && SCOPES.has(l.scope))
      .map((l) => {
        const known = l.explained.map((c) => `${c.cause} ${usd(c.spend)} (${c.detail})`).join('; ');
        return {
          check: 'counter-drift',
          severity: 'warning',
          subject: `${l.scope} ${l.name}`,
          count: 1,
          money: Math.abs(l.unexplained),
          explanation:
            `${l.left.source} is ${usd(l.left.spend)} but ${l.right.source} sum to ${usd(l.right.spend)} (delta ${usd(l.delta)}). ` +
            `${known ? `Explained: ${known}. ` : ''}Unexplained residue: ${usd(l.unexplained)} — ${l.unexplained > 0 ? 'the counter is ahead of the history (a counter edited by hand, or daily rows lost)' : 'the history is ahead of the counter (counter updates lost, or a counter reset by hand)'}.`,
          sql: entityRowSql(ctx.caps, l.scope as EntityKind, l.id!),
          details: { scope: l.scope, id: l.id, counter: l.left.spend, history: l.right.spend, delta: l.delta, residue: l.unexplained },
        };
      });
  },
};
