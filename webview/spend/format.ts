import { formatCount } from '../common/dom';

/** Number formats of the spend views (money is formatUsd from the protocol, shared with the host). */

/** `0.1234` → `12.3 %`; tiny non-zero shares stay visible as `< 0.1 %`. */
export function formatShare(share: number): string {
  if (share !== 0 && Math.abs(share) < 0.001) return share > 0 ? '< 0.1 %' : '> −0.1 %';
  return `${(share * 100).toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} %`;
}

/** Whole counts as integers; apportioned (fractional) counts with one decimal. */
export function formatAmount(n: number): string {
  return Number.isInteger(n) ? formatCount(n) : n.toLocaleString('en-US', { maximumFractionDigits: 1 });
}
