import type { CauseAmount, ReconciliationLine } from './types';

/** Relative tolerance for "equal" sums: the same amounts added in another order differ by far less. */
export const TOLERANCE = 1e-9;

export function nearlyEqual(a: number, b: number): boolean {
  return Math.abs(a - b) <= TOLERANCE * Math.max(Math.abs(a), Math.abs(b)) + 1e-12;
}

type LineBase = Omit<ReconciliationLine, 'delta' | 'explained' | 'unexplained' | 'status'>;

/** Completes a line: delta = left − right; causes that round to zero are dropped; the rest is unexplained. */
export function makeLine(base: LineBase, causes: readonly CauseAmount[]): ReconciliationLine {
  const delta = base.left.spend - base.right.spend;
  if (nearlyEqual(base.left.spend, base.right.spend)) return { ...base, delta, explained: [], unexplained: 0, status: 'match' };
  const scale = Math.max(Math.abs(base.left.spend), Math.abs(base.right.spend));
  const explained = causes.filter((c) => Math.abs(c.spend) > TOLERANCE * scale + 1e-12);
  let unexplained = delta - explained.reduce((s, c) => s + c.spend, 0);
  if (Math.abs(unexplained) <= TOLERANCE * scale + 1e-12) unexplained = 0;
  return { ...base, delta, explained, unexplained, status: unexplained === 0 ? 'explained' : 'unexplained' };
}

/** Accumulates amounts per cause (keeping the first detail text given for each). */
export class CauseTally {
  private readonly amounts = new Map<CauseAmount['cause'], CauseAmount>();

  add(cause: CauseAmount['cause'], spend: number, detail: string): void {
    const c = this.amounts.get(cause);
    if (c) c.spend += spend;
    else this.amounts.set(cause, { cause, spend, detail });
  }

  list(): CauseAmount[] {
    return [...this.amounts.values()];
  }
}
