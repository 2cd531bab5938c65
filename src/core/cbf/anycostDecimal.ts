/**
 * Exact sums of CBF cost strings. Costs are unsigned decimal strings with any number of fraction digits
 * (the AnyCost value pattern); adding them as floats would drift, so they are added as BigInt integers
 * scaled by the longest fraction seen so far.
 */

const UNSIGNED_DECIMAL = /^\d+(\.\d+)?$/;

/** True when `value` matches the AnyCost number pattern `^\d+(\.\d+)?$` (no sign, no exponent). */
export function isUnsignedDecimal(value: string): boolean {
  return UNSIGNED_DECIMAL.test(value);
}

/** A running exact sum of unsigned decimal strings. */
export class DecimalSum {
  private units = 0n;
  private scale = 0;

  /** Adds one value; throws a RangeError when it is not an unsigned decimal string. */
  add(value: string): this {
    if (!UNSIGNED_DECIMAL.test(value)) throw new RangeError(`not an unsigned decimal: ${JSON.stringify(value)}`);
    const dot = value.indexOf('.');
    const whole = dot < 0 ? value : value.slice(0, dot);
    const fraction = dot < 0 ? '' : value.slice(dot + 1);
    this.rescale(fraction.length);
    this.units += BigInt(whole + fraction.padEnd(this.scale, '0'));
    return this;
  }

  /** The sum without trailing fraction zeros: `0.1 + 0.2` -> `"0.3"`, `1.50 + 1.5` -> `"3"`. */
  toString(): string {
    const digits = this.units.toString().padStart(this.scale + 1, '0');
    const whole = digits.slice(0, digits.length - this.scale);
    const fraction = digits.slice(digits.length - this.scale).replace(/0+$/, '');
    return fraction ? `${whole}.${fraction}` : whole;
  }

  private rescale(scale: number): void {
    if (scale <= this.scale) return;
    this.units *= 10n ** BigInt(scale - this.scale);
    this.scale = scale;
  }
}
