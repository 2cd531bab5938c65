import type { Capabilities } from '../schema/capabilities';
import type { SchemaNotes } from './types';

/** What is missing on this schema level, and what the attribution does instead. */
const CHECKS: { missing: (c: Capabilities) => string | null; note: string }[] = [
  {
    missing: (c) => (c.hasTable('LiteLLM_DailyTeamSpend') ? null : 'LiteLLM_DailyTeamSpend'),
    note: 'No LiteLLM_DailyTeamSpend: all spend sits in the no-team-row branch; team figures come only from SpendLogs.',
  },
  {
    missing: (c) => (c.hasTable('LiteLLM_DailyOrganizationSpend') ? null : 'LiteLLM_DailyOrganizationSpend'),
    note: "No LiteLLM_DailyOrganizationSpend: organisation nodes are compared with the keys' current organisation instead of the organisation at request time.",
  },
  {
    missing: (c) => (c.hasColumn('LiteLLM_SpendLogs', 'organization_id') ? null : 'LiteLLM_SpendLogs.organization_id'),
    note: 'No LiteLLM_SpendLogs.organization_id: the request basis takes each key\'s current organisation (labelled orgSource "key").',
  },
  {
    missing: (c) => (c.hasTable('LiteLLM_DeletedVerificationToken') ? null : 'LiteLLM_DeletedVerificationToken'),
    note: 'No LiteLLM_DeletedVerificationToken: deleted keys cannot be named and show as unknown keys.',
  },
  {
    missing: (c) => (c.hasTable('LiteLLM_DeletedTeamTable') ? null : 'LiteLLM_DeletedTeamTable'),
    note: "No LiteLLM_DeletedTeamTable: deleted teams show as unknown teams under their keys' organisation.",
  },
  {
    missing: (c) => (c.hasTable('LiteLLM_TagTable') ? null : 'LiteLLM_TagTable'),
    note: 'No LiteLLM_TagTable: tag budgets and tag counters are not available (tag spend still comes from LiteLLM_DailyTagSpend).',
  },
  {
    missing: (c) => (c.hasTable('LiteLLM_DailyEndUserSpend') ? null : 'LiteLLM_DailyEndUserSpend'),
    note: 'No LiteLLM_DailyEndUserSpend: end-user counters cannot be compared with daily history.',
  },
  {
    missing: (c) => (c.hasTable('LiteLLM_SpendLogs') ? null : 'LiteLLM_SpendLogs'),
    note: 'No LiteLLM_SpendLogs: no request basis, no member contributions, no SpendLogs reconciliation.',
  },
];

export function schemaNotes(caps: Capabilities): SchemaNotes {
  const missing: string[] = [];
  const notes: string[] = [];
  for (const check of CHECKS) {
    const m = check.missing(caps);
    if (m) {
      missing.push(m);
      notes.push(check.note);
    }
  }
  return { generation: caps.generation(), missing, notes };
}
