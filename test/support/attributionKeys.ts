/** The top-level keys of `attribution --json`, in order (docs/design.md §5: public, never renamed). */
export const ATTRIBUTION_JSON_KEYS = [
  'period',
  'basis',
  'schema',
  'coverage',
  'budgetTimezone',
  'spendLogs',
  'tree',
  'tags',
  'members',
  'reconciliation',
  'budgets',
  'trend',
];
