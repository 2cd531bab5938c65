const WORDS: Record<string, string> = { hourly: '1h', daily: '24h', weekly: '7d', monthly: '30d' };
const UNIT_SECONDS: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

/**
 * When the current budget window began: `budget_reset_at` minus `budget_duration`, parsed the way LiteLLM's
 * duration_in_seconds does (`<n>s|m|h|d|w|mo`, plus the word aliases newer versions accept). Null when either
 * value is missing or unparseable.
 */
export function budgetWindowStart(resetAt: string | null, duration: string | null): number | null {
  if (!resetAt || !duration) return null;
  const reset = Date.parse(resetAt);
  const m = /^(\d+)(mo|[smhdw]?)/.exec(WORDS[duration.trim().toLowerCase()] ?? duration.trim());
  if (Number.isNaN(reset) || !m) return null;
  const n = Number(m[1]);
  if (m[2] === 'mo') {
    const d = new Date(reset);
    d.setUTCMonth(d.getUTCMonth() - n);
    return d.getTime();
  }
  return reset - n * UNIT_SECONDS[m[2]] * 1000;
}
