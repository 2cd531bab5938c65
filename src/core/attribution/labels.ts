import { isMasterKey as isStoredMasterKey } from '../db/masterKey';
import type { Entities } from './entities';
import type { NodeStatus } from './types';

/**
 * The pseudo-user of the global proxy budget (`max_budget` in general_settings): its counter carries all spend
 * and it has no daily rows (litellm_proxy_budget_name in litellm/proxy/proxy_server.py).
 */
export const PROXY_BUDGET_USER = 'litellm-proxy-budget';

/** Master-key spend, under the hash of the master key the user gave or the literal (db/masterKey.ts). */
export function isMasterKey(e: Pick<Entities, 'masterKeyHash'>, token: string): boolean {
  return isStoredMasterKey(token, e.masterKeyHash ?? undefined);
}

export interface Label {
  name: string;
  alias: string | null;
  status: NodeStatus;
}

const short = (hash: string): string => (hash.length > 12 ? `${hash.slice(0, 8)}…` : hash);

export function orgLabel(e: Entities, id: string): Label {
  if (id === '') return { name: '(no organisation)', alias: null, status: 'unassigned' };
  const org = e.orgs.get(id);
  if (org) return { name: org.alias ?? id, alias: org.alias, status: 'known' };
  return { name: `unknown organisation ${id}`, alias: null, status: 'unknown' };
}

export function teamLabel(e: Entities, id: string | null): Label {
  if (id === null) return { name: '(no team row: key without team)', alias: null, status: 'no-team-row' };
  if (id === '') return { name: '(no team)', alias: null, status: 'unassigned' };
  const team = e.teams.get(id);
  if (team) return { name: team.alias ?? id, alias: team.alias, status: team.deleted ? 'deleted' : 'known' };
  return { name: `unknown team ${id}`, alias: null, status: 'unknown' };
}

export function userLabel(e: Entities, id: string): Label {
  if (id === '') return { name: '(no user)', alias: null, status: 'unassigned' };
  if (id === PROXY_BUDGET_USER) return { name: '(global proxy budget)', alias: null, status: 'known' };
  const user = e.users.get(id);
  if (user) return { name: user.alias ?? user.email ?? id, alias: user.alias, status: 'known' };
  return { name: `unknown user ${id}`, alias: null, status: 'unknown' };
}

export function keyLabel(e: Entities, token: string): Label {
  if (token === '') return { name: '(no key)', alias: null, status: 'unassigned' };
  if (isMasterKey(e, token)) return { name: '(master key)', alias: null, status: 'master-key' };
  const key = e.keys.get(token);
  if (key) {
    const name = key.alias ?? key.keyName ?? `key ${short(token)}`;
    return { name: key.deleted ? `${name} (deleted)` : name, alias: key.alias, status: key.deleted ? 'deleted' : 'known' };
  }
  return { name: `unknown key ${short(token)}`, alias: null, status: 'unknown' };
}

export function modelLabel(model: string): Label {
  return model === '' ? { name: '(no model)', alias: null, status: 'unassigned' } : { name: model, alias: null, status: 'known' };
}
