/** Exact sums of decimal strings (CBF costs, PostgreSQL numerics) without floating-point rounding. */

const SCALE = 18;

function scaled(text: string): bigint {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!m) throw new Error(`not a decimal: ${JSON.stringify(text)}`);
  const frac = (m[3] ?? '').padEnd(SCALE, '0');
  if (frac.length > SCALE) throw new Error(`more than ${SCALE} decimals: ${text}`);
  const value = BigInt(m[2] + frac);
  return m[1] ? -value : value;
}

/** Σ of the decimal strings, as a normalised decimal string (no trailing zeros). */
export function decimalSum(values: readonly string[]): string {
  const total = values.reduce((sum, v) => sum + scaled(v), 0n);
  const negative = total < 0n;
  const digits = (negative ? -total : total).toString().padStart(SCALE + 1, '0');
  const int = digits.slice(0, -SCALE);
  const frac = digits.slice(-SCALE).replace(/0+$/, '');
  return `${negative ? '-' : ''}${int}${frac ? `.${frac}` : ''}`;
}
