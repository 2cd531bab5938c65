/**
 * PostgreSQL 15 `numeric` arithmetic in BigInt, exact to the byte of `numeric_out`, so the CBF export can read
 * raw float8 rows by COPY and compute in Node what its SQL used to compute (issue 15). Function names in the
 * comments are those of PostgreSQL 15's src/backend/utils/adt/numeric.c.
 *
 * A finite value is `u × 10^-s` where `s` is PostgreSQL's display scale (dscale, ≥ 0): `{u: 100n, s: 6}` is
 * `0.000100`. NaN and ±Infinity have `s = -1` and `u` = 0n / 1n / -1n, so every value keeps one object shape.
 *
 * Not modelled: PostgreSQL's storage limits in arithmetic results (`value overflows numeric format` beyond
 * 10^131072 or dscale 16383); only parseNumeric checks them, and mul rounds at dscale 16383 like numeric_mul.
 */
import { LensError } from '../errors';

export interface PgNumeric {
  /** Unscaled value; for the special values 0n = NaN, 1n = +Infinity, -1n = -Infinity. */
  readonly u: bigint;
  /** Display scale (digits after the point), ≥ 0; -1 marks NaN / ±Infinity. */
  readonly s: number;
}

const SPECIAL = -1;
export const NUMERIC_NAN: PgNumeric = { u: 0n, s: SPECIAL };
export const NUMERIC_INFINITY: PgNumeric = { u: 1n, s: SPECIAL };
export const NUMERIC_NEG_INFINITY: PgNumeric = { u: -1n, s: SPECIAL };
const ZERO: PgNumeric = { u: 0n, s: 0 };

/** numeric.c: NUMERIC_MIN_SIG_DIGITS, NUMERIC_MAX_DISPLAY_SCALE, NUMERIC_DSCALE_MAX, DEC_DIGITS. */
const MIN_SIG_DIGITS = 16;
const MAX_DISPLAY_SCALE = 1000;
const DSCALE_MAX = 0x3fff;
const DEC_DIGITS = 4;
/** make_result_opt_error: a base-10000 weight above 32767 overflows, i.e. a leading decimal digit at 10^131072. */
const MAX_LEADING_EXPONENT = (0x7fff + 1) * DEC_DIGITS - 1;

const INT8_MIN = -(2n ** 63n);
const INT8_MAX = 2n ** 63n - 1n;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

const POW10N: bigint[] = [1n];
/** Cached powers cover every division scale (≤ 1000) plus common dscales; beyond, caching would cost O(k²) memory. */
const POW10N_CACHED = 1100;
/** 10^k as a bigint. */
function pow10n(k: number): bigint {
  if (k > POW10N_CACHED) return 10n ** BigInt(k);
  for (let i = POW10N.length; i <= k; i++) POW10N.push(POW10N[i - 1] * 10n);
  return POW10N[k];
}

export function isFiniteNumeric(n: PgNumeric): boolean {
  return n.s >= 0;
}

export function isZero(n: PgNumeric): boolean {
  return n.s >= 0 && n.u === 0n;
}

/* ----------------------------------------------------------------------------------------------------------
 * float8::numeric — float8_numeric: snprintf("%.*g", DBL_DIG = 15, val), then set_var_from_str. glibc rounds
 * the double's exact binary value to 15 significant digits, ties to even; %g drops trailing zeros, so the
 * dscale is the number of fraction digits left. NaN / ±Infinity map to the numeric specials.
 * ---------------------------------------------------------------------------------------------------------- */

/** Exact doubles 10^0 … 10^22; 2^27 + 1 splits a double into two 26-bit halves (Veltkamp). */
const POW10: number[] = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));
const SPLITTER = 134217729;
const POW10_HI = POW10.map((p) => SPLITTER * p - (SPLITTER * p - p));
const POW10_LO = POW10.map((p, k) => p - POW10_HI[k]);
/** Nearest doubles to 10^-8 … 10^14: decade boundaries of the fast path (an inexact boundary is harmless, see below). */
const DECADE: number[] = Array.from({ length: 23 }, (_, i) => Number(`1e${i - 8}`));

export function float8ToNumeric(x: number): PgNumeric {
  if (x !== x) return NUMERIC_NAN;
  if (x === Infinity) return NUMERIC_INFINITY;
  if (x === -Infinity) return NUMERIC_NEG_INFINITY;
  if (x === 0) return ZERO; // %g prints -0 as "-0"; numeric has no negative zero
  const ax = x < 0 ? -x : x;
  if (ax < 1e-8 || ax >= 1e15) return float8Exact(x, ax);
  float8Digits(ax);
  return { u: BigInt(x < 0 ? -fastDigits : fastDigits), s: fastScale };
}

/** Result registers of float8Digits (no allocation on the hot path). */
let fastDigits = 0;
let fastScale = 0;

/**
 * |x| in [1e-8, 1e15) → fastDigits × 10^-fastScale. The 15 digits are round(|x| × 10^k) with k = 14 - decade
 * ≤ 22, so 10^k is an exact double and Dekker's product gives |x| × 10^k exactly as p + err. The rounding
 * decision is the sign of (p - floor(p) - 0.5) + err, computed exactly, with an exact zero for a true tie
 * (→ even digit). A decade misjudged because 10^-n is inexact only happens within 1.1e-16 relative of 10^-n,
 * where both decades round to 10^-n itself.
 */
function float8Digits(ax: number): void {
  // The decade: the largest i with DECADE[i] <= ax (binary search; cheaper than Math.log10).
  let lo = 0;
  let hi = 22;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (DECADE[mid] <= ax) lo = mid;
    else hi = mid - 1;
  }
  const k = 22 - lo;
  const p = ax * POW10[k];
  const t = SPLITTER * ax;
  const ah = t - (t - ax);
  const al = ax - ah;
  const bh = POW10_HI[k];
  const bl = POW10_LO[k];
  const err = ah * bh - p + ah * bl + al * bh + al * bl;
  const whole = Math.floor(p);
  const d = p - whole - 0.5 + err;
  const r = d > 0 || (d === 0 && whole % 2 === 1) ? whole + 1 : whole;
  // Drop trailing zeros (%g): r < 2^53 splits exactly into int32 halves, which avoids slow float modulo.
  const high = Math.floor(r / 1e8);
  let low = r - high * 1e8;
  let zeros = 0;
  if (low === 0) {
    low = high;
    zeros = 8;
  }
  while (zeros < k && low % 10 === 0) {
    low /= 10;
    zeros++;
  }
  if (zeros > k) zeros = k;
  fastDigits = r / POW10[zeros];
  fastScale = k - zeros;
}

/**
 * SUM(x::numeric) over float8 values, equal to folding add(sum, float8ToNumeric(x)) but without a BigInt per
 * value: each value's digits are added to a per-dscale double that stays an exact integer below 2^53 and
 * moves into BigInt only when it would not. The result's dscale is the largest of the values' (numeric SUM);
 * NaN wins, +Infinity and -Infinity together give NaN. With no values the result is 0 (SQL's SUM is NULL).
 */
export class Float8Sum {
  private readonly byScale = new Float64Array(23);
  private exact: PgNumeric = ZERO;
  private maxScale = 0;
  private nan = false;
  private posInf = false;
  private negInf = false;

  add(x: number): void {
    const ax = x < 0 ? -x : x;
    if (ax >= 1e-8 && ax < 1e15) {
      float8Digits(ax);
      const s = fastScale;
      if (s > this.maxScale) this.maxScale = s;
      const before = this.byScale[s];
      const after = x < 0 ? before - fastDigits : before + fastDigits;
      if (after <= Number.MAX_SAFE_INTEGER && after >= -Number.MAX_SAFE_INTEGER) {
        this.byScale[s] = after;
      } else {
        this.exact = add(this.exact, { u: BigInt(before), s });
        this.byScale[s] = x < 0 ? -fastDigits : fastDigits;
      }
      return;
    }
    if (x === 0) return; // 0::numeric has dscale 0 and adds nothing
    if (x !== x) this.nan = true;
    else if (x === Infinity) this.posInf = true;
    else if (x === -Infinity) this.negInf = true;
    else {
      const n = float8Exact(x, ax);
      if (n.s > this.maxScale) this.maxScale = n.s;
      this.exact = add(this.exact, n);
    }
  }

  get value(): PgNumeric {
    if (this.nan || (this.posInf && this.negInf)) return NUMERIC_NAN;
    if (this.posInf) return NUMERIC_INFINITY;
    if (this.negInf) return NUMERIC_NEG_INFINITY;
    let total = this.exact;
    this.byScale.forEach((digits, s) => {
      if (digits !== 0) total = add(total, { u: BigInt(digits), s });
    });
    return total.s < this.maxScale ? { u: total.u * pow10n(this.maxScale - total.s), s: this.maxScale } : total;
  }
}

const F64 = new Float64Array(1);
const U64 = new BigUint64Array(F64.buffer);

/** Any other finite double: its exact value m × 2^E as a BigInt fraction, rounded to 15 digits half-even. */
function float8Exact(x: number, ax: number): PgNumeric {
  F64[0] = ax;
  const bits = U64[0];
  const biased = Number(bits >> 52n);
  const m = biased === 0 ? bits : (bits & 0xfffffffffffffn) | 0x10000000000000n;
  const e2 = (biased === 0 ? 1 : biased) - 1075;
  let e = Math.floor(Math.log10(ax));
  for (;;) {
    const k = 14 - e;
    const num = (e2 > 0 ? m << BigInt(e2) : m) * (k > 0 ? pow10n(k) : 1n);
    const den = (e2 < 0 ? 1n << BigInt(-e2) : 1n) * (k < 0 ? pow10n(-k) : 1n);
    let q = num / den;
    if (q >= 1_000_000_000_000_000n) e++;
    else if (q < 100_000_000_000_000n) e--;
    else {
      const twice = (num % den) * 2n;
      if (twice > den || (twice === den && (q & 1n) === 1n)) q++;
      return scaled(x < 0 ? -q : q, k);
    }
  }
}

/** digits × 10^-k as a numeric whose dscale drops trailing zeros (what %g and set_var_from_str produce). */
function scaled(digits: bigint, k: number): PgNumeric {
  if (k <= 0) return { u: digits * pow10n(-k), s: 0 };
  let s = k;
  while (s > 0 && digits % 10n === 0n) {
    digits /= 10n;
    s--;
  }
  return { u: digits, s };
}

/** int2/int4/int8 → numeric (int64_to_numericvar): dscale 0. A number must be a safe integer. */
export function numericFromInt(n: number | bigint): PgNumeric {
  if (typeof n === 'bigint') return { u: n, s: 0 };
  if (!Number.isSafeInteger(n)) {
    throw new LensError('other', `numericFromInt: ${n} is not a safe integer`, 'Pass a bigint for values beyond 2^53.');
  }
  return { u: BigInt(n), s: 0 };
}

/* ----------------------------------------------------------------------------------------------------------
 * Text: numeric_in (set_var_from_str) and numeric_out (get_str_from_var).
 * ---------------------------------------------------------------------------------------------------------- */

/** C isspace() in the C locale. */
const SPACE = '[ \\t\\n\\v\\f\\r]*';
const NUMERIC_TEXT = new RegExp(`^${SPACE}([+-]?)(?:(\\d+)(?:\\.(\\d*))?|\\.(\\d+))(?:[eE](${SPACE}[+-]?\\d+))?${SPACE}$`);
/** numeric_in checks these (case-insensitively) before set_var_from_str: the spellings float8in accepts. */
const SPECIAL_TEXT = new RegExp(`^${SPACE}(nan|[+-]?inf(?:inity)?)${SPACE}$`, 'i');
/** set_var_from_str: an exponent beyond ±(INT_MAX / 2) is refused as an overflow. */
const MAX_EXPONENT = 1073741823;

function overflow(text: string): LensError {
  return new LensError('other', `value overflows numeric format: ${JSON.stringify(text)}`);
}

/** numeric_in of PostgreSQL 15: `1.5e-05` → 0.000015, `-0.0` → 0.0, `.5`, `+1.`, ` 12 `, `NaN`, `-Infinity`, `inf`. */
export function parseNumeric(text: string): PgNumeric {
  const m = NUMERIC_TEXT.exec(text);
  if (!m) {
    const special = SPECIAL_TEXT.exec(text);
    if (!special) {
      throw new LensError(
        'other',
        `invalid input syntax for type numeric: ${JSON.stringify(text)}`,
        'Use digits with an optional sign, point and exponent, or NaN / Infinity.',
      );
    }
    const word = special[1].toLowerCase();
    return word === 'nan' ? NUMERIC_NAN : word.startsWith('-') ? NUMERIC_NEG_INFINITY : NUMERIC_INFINITY;
  }
  const whole = m[2] ?? '';
  const fraction = m[3] ?? m[4] ?? '';
  const exponentText = m[5]?.trim();
  const exponent = exponentText === undefined ? 0 : Number(exponentText);
  if (!(Math.abs(exponent) < MAX_EXPONENT)) throw overflow(text);
  const digits = whole + fraction;
  const scale = fraction.length - exponent;
  const dscale = Math.max(0, scale);
  if (dscale > DSCALE_MAX) throw overflow(text);
  const first = digits.search(/[1-9]/);
  if (first < 0) return { u: 0n, s: dscale };
  if (digits.length - first - 1 - scale > MAX_LEADING_EXPONENT) throw overflow(text);
  const magnitude = BigInt(digits) * (scale < 0 ? pow10n(-scale) : 1n);
  return { u: m[1] === '-' ? -magnitude : magnitude, s: dscale };
}

/** numeric_out: exactly dscale fraction digits (`0.000100`, `-12.50`, `0`), `NaN`, `Infinity`, `-Infinity`. */
export function numericText(n: PgNumeric): string {
  if (n.s < 0) return n.u === 0n ? 'NaN' : n.u > 0n ? 'Infinity' : '-Infinity';
  const negative = n.u < 0n;
  const digits = (negative ? -n.u : n.u).toString();
  if (n.s === 0) return negative ? `-${digits}` : digits;
  const padded = digits.length > n.s ? digits : '0'.repeat(n.s + 1 - digits.length) + digits;
  const point = padded.length - n.s;
  return `${negative ? '-' : ''}${padded.slice(0, point)}.${padded.slice(point)}`;
}

/* ----------------------------------------------------------------------------------------------------------
 * Arithmetic: numeric_add / numeric_sub (add_var, sub_var: dscale = max), numeric_mul (mul_var at
 * dscale1 + dscale2), numeric_div (select_div_scale + div_var, rounded half away from zero), numeric_floor,
 * cmp_numerics. The special-value rules are those of the *_opt_error functions of PostgreSQL 14+.
 * ---------------------------------------------------------------------------------------------------------- */

/** -1, 0, 1 for finite values and ±Infinity (numeric_sign_internal); NaN must be handled by the caller. */
function signOf(n: PgNumeric): number {
  return n.u > 0n ? 1 : n.u < 0n ? -1 : 0;
}

function infinity(sign: number): PgNumeric {
  return sign > 0 ? NUMERIC_INFINITY : NUMERIC_NEG_INFINITY;
}

export function add(a: PgNumeric, b: PgNumeric): PgNumeric {
  if (a.s < 0 || b.s < 0) return addSpecial(a, b);
  if (a.s === b.s) return { u: a.u + b.u, s: a.s };
  if (a.s > b.s) return { u: a.u + b.u * pow10n(a.s - b.s), s: a.s };
  return { u: a.u * pow10n(b.s - a.s) + b.u, s: b.s };
}

export function sub(a: PgNumeric, b: PgNumeric): PgNumeric {
  if (a.s < 0 || b.s < 0) return addSpecial(a, negate(b));
  if (a.s === b.s) return { u: a.u - b.u, s: a.s };
  if (a.s > b.s) return { u: a.u - b.u * pow10n(a.s - b.s), s: a.s };
  return { u: a.u * pow10n(b.s - a.s) - b.u, s: b.s };
}

function negate(n: PgNumeric): PgNumeric {
  return n.s < 0 ? (n.u === 0n ? n : infinity(-signOf(n))) : { u: -n.u, s: n.s };
}

/** numeric_add_opt_error: NaN wins; Inf + -Inf = NaN; otherwise the infinity. */
function addSpecial(a: PgNumeric, b: PgNumeric): PgNumeric {
  if ((a.s < 0 && a.u === 0n) || (b.s < 0 && b.u === 0n)) return NUMERIC_NAN;
  if (a.s < 0 && b.s < 0) return a.u === b.u ? a : NUMERIC_NAN;
  return a.s < 0 ? a : b;
}

export function mul(a: PgNumeric, b: PgNumeric): PgNumeric {
  if (a.s < 0 || b.s < 0) {
    // numeric_mul_opt_error: NaN wins; Inf × 0 = NaN; otherwise an infinity with the product's sign.
    if ((a.s < 0 && a.u === 0n) || (b.s < 0 && b.u === 0n)) return NUMERIC_NAN;
    const sign = signOf(a) * signOf(b);
    return sign === 0 ? NUMERIC_NAN : infinity(sign);
  }
  const s = a.s + b.s;
  // numeric_mul_opt_error rounds a product whose dscale exceeds NUMERIC_DSCALE_MAX.
  return s > DSCALE_MAX ? { u: roundedQuotient(a.u * b.u, pow10n(s - DSCALE_MAX)), s: DSCALE_MAX } : { u: a.u * b.u, s };
}

export function div(a: PgNumeric, b: PgNumeric): PgNumeric {
  if (a.s < 0 || b.s < 0) return divSpecial(a, b);
  if (b.u === 0n) throw divisionByZero();
  const rscale = selectDivScale(a, b);
  // a/b at rscale = (ua × 10^(rscale + sb - sa)) / ub, the exact quotient rounded half away from zero (div_var, round = true).
  const shift = rscale + b.s - a.s;
  const u = shift >= 0 ? roundedQuotient(a.u * pow10n(shift), b.u) : roundedQuotient(a.u, b.u * pow10n(-shift));
  return { u, s: rscale };
}

function divisionByZero(): LensError {
  return new LensError('other', 'division by zero');
}

/** numeric_div_opt_error: NaN wins; Inf / Inf = NaN; Inf / 0 is an error; Inf / x = ±Inf; x / Inf = 0. */
function divSpecial(a: PgNumeric, b: PgNumeric): PgNumeric {
  if ((a.s < 0 && a.u === 0n) || (b.s < 0 && b.u === 0n)) return NUMERIC_NAN;
  if (a.s < 0) {
    if (b.s < 0) return NUMERIC_NAN;
    if (b.u === 0n) throw divisionByZero();
    return infinity(signOf(a) * signOf(b));
  }
  return ZERO;
}

/** num / den rounded half away from zero (round_var after an exact truncated quotient). */
function roundedQuotient(num: bigint, den: bigint): bigint {
  const q = num / den;
  const r = num % den;
  if (r === 0n) return q;
  const twice = r < 0n ? -2n * r : 2n * r;
  if (twice < (den < 0n ? -den : den)) return q;
  return num < 0n !== den < 0n ? q - 1n : q + 1n;
}

/**
 * select_div_scale: enough scale for NUMERIC_MIN_SIG_DIGITS significant digits, estimated from the weights and
 * first base-NBASE (10000) digits of the operands, never less than either dscale, clamped to [0, 1000].
 */
function selectDivScale(a: PgNumeric, b: PgNumeric): number {
  const [weight1, first1] = nbaseLead(a);
  const [weight2, first2] = nbaseLead(b);
  let qweight = weight1 - weight2;
  if (first1 <= first2) qweight--;
  let rscale = MIN_SIG_DIGITS - qweight * DEC_DIGITS;
  rscale = Math.max(rscale, a.s, b.s, 0);
  return Math.min(rscale, MAX_DISPLAY_SCALE);
}

/** Weight and value of the first non-zero base-10000 digit of a finite value; (0, 0) for zero. */
function nbaseLead(n: PgNumeric): [number, number] {
  if (n.u === 0n) return [0, 0];
  const magnitude = n.u < 0n ? -n.u : n.u;
  const leading = decimalDigits(magnitude) - 1 - n.s; // exponent of the leading decimal digit
  const weight = Math.floor(leading / DEC_DIGITS);
  const shift = n.s + weight * DEC_DIGITS;
  const first = shift >= 0 ? magnitude / pow10n(shift) : magnitude * pow10n(-shift);
  return [weight, Number(first)];
}

/** Number of decimal digits of a positive bigint, from a float estimate corrected against exact powers. */
function decimalDigits(v: bigint): number {
  const approx = Number(v);
  if (!Number.isFinite(approx)) return v.toString().length;
  let d = Math.max(1, Math.floor(Math.log10(approx)) + 1);
  if (v < pow10n(d - 1)) d--;
  else if (v >= pow10n(d)) d++;
  return d;
}

/** numeric_floor (floor_var): the largest integer ≤ n, dscale 0; NaN and ±Infinity are returned as they are. */
export function floor(n: PgNumeric): PgNumeric {
  if (n.s <= 0) return n;
  const p = pow10n(n.s);
  const q = n.u / p;
  return { u: n.u < 0n && q * p !== n.u ? q - 1n : q, s: 0 };
}

/** cmp_numerics: -1, 0, 1; NaN equals NaN and sorts above +Infinity, which sorts above every finite value. */
export function cmp(a: PgNumeric, b: PgNumeric): number {
  if (a.s < 0 || b.s < 0) return Math.sign(rank(a) - rank(b));
  let x = a.u;
  let y = b.u;
  if (a.s > b.s) y *= pow10n(a.s - b.s);
  else if (b.s > a.s) x *= pow10n(b.s - a.s);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Order class for comparisons involving specials: -Inf 0, finite 1, +Inf 2, NaN 3. */
function rank(n: PgNumeric): number {
  if (n.s >= 0) return 1;
  return n.u === 0n ? 3 : n.u > 0n ? 2 : 0;
}

/**
 * numeric → int8 for integral values (numeric_int8 would round a fraction; a fraction here means a caller bug,
 * so it throws). Throws for NaN / ±Infinity, outside int8 and outside JavaScript's safe-integer range.
 */
export function toInt8(n: PgNumeric): number {
  if (n.s < 0) throw new LensError('other', `cannot convert ${n.u === 0n ? 'NaN' : 'infinity'} to bigint`);
  const p = pow10n(n.s);
  const q = n.u / p;
  if (q * p !== n.u) throw new LensError('other', `toInt8: ${numericText(n)} is not an integer`);
  if (q < INT8_MIN || q > INT8_MAX) throw new LensError('other', `bigint out of range: ${numericText(n)}`);
  if (q > MAX_SAFE || q < -MAX_SAFE) {
    throw new LensError('other', `toInt8: ${numericText(n)} is a valid bigint but beyond Number.MAX_SAFE_INTEGER`);
  }
  return Number(q);
}
