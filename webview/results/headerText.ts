import { oneLine } from '../../src/shared/format';
import type { ResultsHeader } from '../../src/shared/resultsProtocol';

/**
 * The parameter values a result was produced with, as the header shows them after its name:
 * `· from 2026-10-01 · to 2026-10-31 · limit 20` for a saved analysis (named), `· $1 = 20` for positional ones.
 */
export function headerParams(h: ResultsHeader): string {
  const shown = (v: string | number | boolean | null) => (v === null ? 'NULL' : v === '' ? '""' : oneLine(String(v)));
  const parts = h.named ? h.named.map(([k, v]) => `${k} ${shown(v)}`) : h.params.map((v, i) => `$${i + 1} = ${shown(v)}`);
  return parts.map((p) => ` · ${p}`).join('');
}
