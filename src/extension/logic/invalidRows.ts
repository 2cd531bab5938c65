import type { InvalidRow } from '../../core/cbf/types';
import type { Cell, ResultColumn } from '../../shared/resultsProtocol';
import type { GridResult } from './gridQuery';

/**
 * Invalid CBF rows as a grid: where each came from, why it failed, then its CBF columns (union over the rows, in
 * first-seen order), so the user can find and fix the source data.
 */
export function invalidRowsResult(invalid: readonly InvalidRow[], invalidCount: number): GridResult {
  const cbfColumns: string[] = [];
  const seen = new Set<string>();
  for (const r of invalid) {
    for (const name of Object.keys(r.row)) {
      if (!seen.has(name)) {
        seen.add(name);
        cbfColumns.push(name);
      }
    }
  }
  const columns: ResultColumn[] = [
    { name: 'source row', type: 'text', kind: 'text' },
    { name: 'reasons', type: 'text', kind: 'text' },
    ...cbfColumns.map((name): ResultColumn => ({
      name,
      type: 'text',
      kind: name === 'cost/cost' || name === 'usage/amount' ? 'number' : 'text',
    })),
  ];
  const rows: Cell[][] = invalid.map((r) => [r.sourceKey, r.reasons.join('; '), ...cbfColumns.map((c) => r.row[c] ?? null)]);
  return { columns, rows, rowCount: invalidCount, truncated: invalidCount > invalid.length, elapsedMs: 0 };
}
