/**
 * Decimal text for CBF money and usage values. The AnyCost API pattern is `^\d+(\.\d+)?$`: no sign handling,
 * no exponent. JavaScript prints 1e-7 as "1e-7", so numbers are expanded from their shortest round-trip
 * digits; PostgreSQL numeric text is already positional and only loses redundant zeros.
 */

const PLAIN = /^(-?)(\d+)(?:\.(\d+))?$/;
/** PostgreSQL numeric text: already canonical except for trailing fraction zeros. */
const CANONICAL_WHOLE = /^(?:0|[1-9]\d*)(?:\.\d+)?$/;
const EXPONENTIAL = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/i;

/** Shortest digits without exponent: `0.000000123`, `1500`, `0.05`. Non-finite values come back as text (and fail validation). */
export function formatDecimal(value: number | string | bigint): string {
  if (typeof value === 'bigint') return value.toString();
  const text = typeof value === 'number' ? String(value) : value.trim();
  if (CANONICAL_WHOLE.test(text)) return trimFraction(text);
  const exp = EXPONENTIAL.exec(text);
  if (exp) return positional(exp[1], exp[2], exp[3] ?? '', Number(exp[4]));
  const plain = PLAIN.exec(text);
  if (plain) return positional(plain[1], plain[2], plain[3] ?? '', 0);
  return text;
}

/** sign + digits `whole.fraction` shifted by `exponent` places, trimmed of redundant zeros. */
function positional(sign: string, whole: string, fraction: string, exponent: number): string {
  let digits = whole + fraction;
  let point = whole.length + exponent;
  if (point <= 0) {
    digits = '0'.repeat(1 - point) + digits;
    point = 1;
  } else if (point > digits.length) {
    digits = digits + '0'.repeat(point - digits.length);
  }
  const intPart = digits.slice(0, point).replace(/^0+(?=\d)/, '');
  const fracPart = digits.slice(point).replace(/0+$/, '');
  const body = fracPart ? `${intPart}.${fracPart}` : intPart;
  return sign && /[1-9]/.test(body) ? `-${body}` : body;
}

/** `12.3400` -> `12.34`, `5.000` -> `5`, `7` -> `7`. */
function trimFraction(text: string): string {
  if (!text.includes('.')) return text;
  let end = text.length;
  while (text.charCodeAt(end - 1) === 48) end--;
  if (text.charCodeAt(end - 1) === 46) end--;
  return text.slice(0, end);
}
