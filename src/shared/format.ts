/**
 * The one number and date format of LiteLLM Lens's views, grid and notifications: US English separators in
 * every VS Code language, money in USD (what LiteLLM records), a minus sign (−) for negatives. Full precision
 * stays available where a figure can be copied or hovered.
 */

const US = 'en-US';

/**
 * Money: `$1,234.56`; amounts under a dollar with 4 decimals (`$0.0123`, LiteLLM spends are often cents);
 * non-zero amounts too small for that as `< $0.0001`; zero as `$0.00`. `digits` fixes the decimals (an axis or
 * a column whose values must line up).
 */
export function formatUsd(amount: number, digits?: number): string {
  const abs = Math.abs(amount);
  if (digits === undefined) {
    if (abs !== 0 && abs < 0.00005) return amount > 0 ? '< $0.0001' : '> −$0.0001';
    digits = abs !== 0 && abs < 1 ? 4 : 2;
  }
  const text = abs.toLocaleString(US, { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return `${amount < 0 && /[1-9]/.test(text) ? '−' : ''}$${text}`;
}

/** Decimals that show every value of a money axis or column alike: 2, or more when the step needs them. */
export function moneyDigits(step: number): number {
  if (!(step > 0) || step >= 0.01) return 2;
  return Math.min(6, Math.ceil(-Math.log10(step)));
}

/** `1234567` → `1,234,567`. */
export function formatCount(n: number): string {
  return n.toLocaleString(US);
}

/** Whole counts as integers; apportioned (fractional) counts with one decimal. */
export function formatAmount(n: number): string {
  return Number.isInteger(n) ? formatCount(n) : n.toLocaleString(US, { maximumFractionDigits: 1 });
}

/**
 * `0.1234` → `12.3 %`; tiny non-zero shares stay visible as `< 0.1 %`. A share of nothing (the whole is
 * zero: an empty period) is `—`, not 100 %.
 */
export function formatShare(share: number, whole = 1): string {
  if (whole === 0 || !Number.isFinite(share)) return '—';
  if (share !== 0 && Math.abs(share) < 0.001) return share > 0 ? '< 0.1 %' : '> −0.1 %';
  return `${(share * 100).toLocaleString(US, { minimumFractionDigits: 1, maximumFractionDigits: 1 })} %`;
}

/**
 * A floating-point value as people write it: binary noise past 15 significant digits dropped
 * (`0.0010106599999999998` → `0.00101066`). The exact value is what copy and hover give.
 */
export function formatNumber(n: number): string {
  return Number.isFinite(n) ? String(Number(n.toPrecision(15))) : String(n);
}

/** Elapsed time: `146 ms` under a second, then `1.2 s`, then `2 min 05 s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${formatCount(Math.round(ms))} ms`;
  return formatSeconds(ms);
}

/** A running clock: `0.4 s`, `12.0 s`, `2 min 05 s`. */
export function formatSeconds(ms: number): string {
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const whole = Math.floor(s);
  return `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, '0')} s`;
}

/**
 * A name on one line: line breaks inside aliases shown as ⏎ (they would break a row's indentation), tabs as
 * spaces, other control characters (a terminal would obey an escape sequence) as �.
 */
export function oneLine(text: string): string {
  return (
    text
      .replace(/\r\n|\r|\n/g, ' ⏎ ')
      .replace(/\t/g, ' ')
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f\u007f-\u009f]/g, '\ufffd')
  );
}
