import type { Cell, ColumnKind } from '../../src/shared/resultsProtocol';

/**
 * A stable permutation of row indices sorted by one column. Numbers (numeric arrives as a string) compare
 * numerically, the rest by code unit (fast enough for 100k rows); NULLs sort last in both directions.
 */
export function sortOrder(rows: readonly Cell[][], column: number, kind: ColumnKind, descending: boolean): Uint32Array {
  const n = rows.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const dir = descending ? -1 : 1;
  if (kind === 'number') {
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = rows[i][column];
      keys[i] = v === null ? NaN : Number(v);
    }
    order.sort((a, b) => {
      const x = keys[a];
      const y = keys[b];
      if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) === Number.isNaN(y) ? a - b : Number.isNaN(x) ? 1 : -1;
      return x === y ? a - b : (x < y ? -1 : 1) * dir;
    });
    return order;
  }
  const keys: (string | null)[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const v = rows[i][column];
    keys[i] = v === null ? null : String(v);
  }
  order.sort((a, b) => {
    const x = keys[a];
    const y = keys[b];
    if (x === null || y === null) return x === y ? a - b : x === null ? 1 : -1;
    return x === y ? a - b : (x < y ? -1 : 1) * dir;
  });
  return order;
}
