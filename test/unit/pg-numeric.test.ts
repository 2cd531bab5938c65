// pgNumeric's pure rules: numeric_out text, numeric_in parsing and its errors, float8::numeric rounding (checked
// against V8's exact toPrecision(15) away from ties, and at constructed ties), and every throw case. The
// values expected here were read from PostgreSQL 15.18; test/integration/pg-numeric.test.ts compares live.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  NUMERIC_INFINITY,
  NUMERIC_NAN,
  NUMERIC_NEG_INFINITY,
  add,
  cmp,
  div,
  Float8Sum,
  float8ToNumeric,
  floor,
  isFiniteNumeric,
  isZero,
  mul,
  numericFromInt,
  numericText,
  parseNumeric,
  sub,
  toInt8,
} from '../../src/core/cbf/pgNumeric';
import { LensError } from '../../src/core/errors';

const n = parseNumeric;
const text = (s: string): string => numericText(parseNumeric(s));

describe('numericText (numeric_out)', () => {
  const vectors: [bigint, number, string][] = [
    [100n, 6, '0.000100'],
    [-1250n, 2, '-12.50'],
    [0n, 3, '0.000'],
    [0n, 0, '0'],
    [-5n, 0, '-5'],
    [5n, 1, '0.5'],
    [-5n, 1, '-0.5'],
    [123456n, 3, '123.456'],
    [12345678901234567890123n, 0, '12345678901234567890123'],
  ];
  for (const [u, s, expected] of vectors) test(`${u} × 10^-${s} -> ${expected}`, () => assert.equal(numericText({ u, s }), expected));
  test('specials', () => {
    assert.equal(numericText(NUMERIC_NAN), 'NaN');
    assert.equal(numericText(NUMERIC_INFINITY), 'Infinity');
    assert.equal(numericText(NUMERIC_NEG_INFINITY), '-Infinity');
  });
});

describe('parseNumeric (numeric_in)', () => {
  const vectors: [string, string, bigint, number][] = [
    ['1.5e-05', '0.000015', 15n, 6],
    ['-0.0', '0.0', 0n, 1],
    ['.5', '0.5', 5n, 1],
    ['+1.', '1', 1n, 0],
    [' 12 ', '12', 12n, 0],
    ['1.50E+2', '150', 150n, 0],
    ['0e5', '0', 0n, 0],
    ['0.000e-3', '0.000000', 0n, 6],
    ['1e 5', '100000', 100000n, 0], // strtol skips the space
    ['00012.3400', '12.3400', 123400n, 4],
    ['1.e3', '1000', 1000n, 0],
    ['-.0001e4', '-1', -1n, 0],
    ['\t7\n', '7', 7n, 0],
    ['0.00000e131072', '0', 0n, 0],
  ];
  for (const [input, out, u, s] of vectors) {
    test(`${JSON.stringify(input)} -> ${out}`, () => {
      assert.deepEqual(parseNumeric(input), { u, s });
      assert.equal(text(input), out);
    });
  }
  test('NaN and infinity spellings', () => {
    for (const t of ['NaN', 'nan', ' NAN ']) assert.equal(parseNumeric(t), NUMERIC_NAN);
    for (const t of ['Infinity', 'inf', '+INF', '+infinity']) assert.equal(parseNumeric(t), NUMERIC_INFINITY);
    for (const t of ['-Infinity', '-inf']) assert.equal(parseNumeric(t), NUMERIC_NEG_INFINITY);
  });
  test('the limits PostgreSQL accepts', () => {
    assert.equal(text('1e-16383').length, 16385);
    assert.equal(text('1e131071').length, 131072);
  });
  for (const bad of [
    '.',
    '1e',
    'e5',
    '1.2.3',
    '--1',
    '1_000',
    '0x10',
    ' ',
    '',
    '1 2',
    '1e+',
    'infinityx',
    '+nan',
    '-NaN',
    '.e3',
    '1,5',
    '١',
  ]) {
    test(`${JSON.stringify(bad)} is invalid input syntax`, () =>
      assert.throws(
        () => parseNumeric(bad),
        (e: unknown) => e instanceof LensError && /^invalid input syntax for type numeric/.test(e.message),
      ));
  }
  for (const big of ['1e-16384', '1e131072', '0e-20000', '1e1073741823', '1e-1073741823', '99.9e131071']) {
    test(`${big} overflows numeric format`, () =>
      assert.throws(
        () => parseNumeric(big),
        (e: unknown) => e instanceof LensError && /^value overflows numeric format/.test(e.message),
      ));
  }
});

describe('float8ToNumeric (float8_numeric: %.15g, ties to even)', () => {
  const vectors: [number, string][] = [
    [0.1, '0.1'],
    [0.1 + 0.2, '0.3'],
    [1e-5, '0.00001'],
    [-0, '0'],
    [-2.5, '-2.5'],
    [1e20, '100000000000000000000'],
    [123456789012345680, '123456789012346000'],
    [9.999999999999999e22, '100000000000000000000000'],
    [5e-324, `0.${'0'.repeat(323)}494065645841247`],
    // Exact ties: the 16th significant digit is a final 5; glibc keeps an even 15th digit, toPrecision rounds up.
    [1234567890123455, '1234567890123460'],
    [1234567890123445, '1234567890123440'],
    [123456789012345.5, '123456789012346'],
    [123456789012344.5, '123456789012344'],
    [-123456789012344.5, '-123456789012344'],
    [13 * 2 ** -20, '0.0000123977661132812'],
  ];
  for (const [x, expected] of vectors) {
    test(`${Object.is(x, -0) ? '-0' : x} -> ${expected}`, () => assert.equal(numericText(float8ToNumeric(x)), expected));
  }

  test('specials', () => {
    assert.equal(float8ToNumeric(NaN), NUMERIC_NAN);
    assert.equal(float8ToNumeric(Infinity), NUMERIC_INFINITY);
    assert.equal(float8ToNumeric(-Infinity), NUMERIC_NEG_INFINITY);
  });

  test('equals the exact 15-digit rounding (toPrecision) with no trailing fraction zero, for 200k doubles of every magnitude', () => {
    const f64 = new Float64Array(1);
    const u32 = new Uint32Array(f64.buffer);
    let seed = 12345;
    const next = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
    const failures: string[] = [];
    let ties = 0;
    for (let i = 0; i < 200000; i++) {
      // Half spend-like magnitudes (the fast path), half arbitrary bit patterns (the exact path).
      let x: number;
      if (i % 2 === 0) x = (next() / 2 ** 32 + next() / 2 ** 64) * 10 ** ((next() % 24) - 9);
      else {
        u32[0] = next();
        u32[1] = next();
        x = f64[0];
        if (!Number.isFinite(x) || x === 0) continue;
      }
      const ours = float8ToNumeric(x);
      const t = numericText(ours);
      const digits20 = x.toPrecision(20).replace(/^-|\.|e.*$/g, '');
      if (/^[1-9]\d{14}50000$/.test(digits20)) {
        // An exact tie: toPrecision rounds it up; PostgreSQL (glibc) keeps the even 15th digit.
        ties++;
        const even = Number(digits20[14]) % 2 === 0 ? digits20.slice(0, 15) : String(BigInt(digits20.slice(0, 15)) + 1n);
        if (t.replace(/^-|\.|0+$/g, '').replace(/^0+/, '') !== even.replace(/0+$/, '')) {
          failures.push(`tie ${x}: ${t}, expected digits ${even}`);
        }
        continue;
      }
      const expected = parseNumeric(x.toPrecision(15));
      if (cmp(ours, expected) !== 0 || (ours.s > 0 && t.endsWith('0'))) failures.push(`${x}: ${t} vs ${x.toPrecision(15)}`);
    }
    assert.deepEqual(failures.slice(0, 10), []);
    assert.ok(ties > 0, 'the sample holds exact ties');
  });
});

describe('arithmetic rules', () => {
  test('add/sub keep the larger dscale, mul adds dscales, div uses select_div_scale', () => {
    assert.equal(numericText(add(n('1.50'), n('2.1'))), '3.60');
    assert.equal(numericText(sub(n('1'), n('1.000'))), '0.000');
    assert.equal(numericText(mul(n('1.50'), n('-2.1'))), '-3.150');
    assert.equal(numericText(div(n('1'), n('3'))), '0.33333333333333333333');
    assert.equal(numericText(div(n('10'), n('3'))), '3.3333333333333333');
    assert.equal(numericText(div(n('1'), n('33554432'))), '0.000000029802322387695313'); // exact tie, away from zero
    assert.equal(numericText(div(n('-1'), n('33554432'))), '-0.000000029802322387695313');
  });
  test('mul rounds a dscale beyond 16383 like numeric_mul', () => {
    const t = numericText(mul(n('5e-10001'), n('1e-6383')));
    assert.equal(t.length, 16385);
    assert.ok(t.endsWith('00001'));
  });
  test('floor, cmp, isZero, isFiniteNumeric', () => {
    assert.equal(numericText(floor(n('-1.50'))), '-2');
    assert.equal(numericText(floor(n('2.999'))), '2');
    assert.equal(numericText(floor(n('-3.000'))), '-3');
    assert.equal(floor(NUMERIC_NEG_INFINITY), NUMERIC_NEG_INFINITY);
    assert.equal(cmp(n('1.5'), n('1.500')), 0);
    assert.equal(cmp(NUMERIC_NAN, NUMERIC_INFINITY), 1);
    assert.equal(cmp(NUMERIC_NAN, NUMERIC_NAN), 0);
    assert.equal(cmp(NUMERIC_NEG_INFINITY, n('-1e300')), -1);
    assert.equal(isZero(n('0.000')), true);
    assert.equal(isZero(NUMERIC_NAN), false);
    assert.equal(isFiniteNumeric(NUMERIC_INFINITY), false);
  });
  test('specials: Inf - Inf = NaN, x / Inf = 0, Inf × 0 = NaN', () => {
    assert.equal(sub(NUMERIC_INFINITY, NUMERIC_INFINITY), NUMERIC_NAN);
    assert.equal(add(NUMERIC_INFINITY, NUMERIC_NEG_INFINITY), NUMERIC_NAN);
    assert.equal(sub(n('1'), NUMERIC_NEG_INFINITY), NUMERIC_INFINITY);
    assert.equal(numericText(div(n('-5.25'), NUMERIC_INFINITY)), '0');
    assert.equal(mul(NUMERIC_INFINITY, n('0.00')), NUMERIC_NAN);
    assert.equal(mul(NUMERIC_NEG_INFINITY, n('-2')), NUMERIC_INFINITY);
    assert.equal(div(NUMERIC_NAN, n('0')), NUMERIC_NAN);
  });
});

describe('Float8Sum', () => {
  const sumOf = (...xs: number[]): string => {
    const sum = new Float8Sum();
    for (const x of xs) sum.add(x);
    return numericText(sum.value);
  };
  const fold = (...xs: number[]): string => numericText(xs.map(float8ToNumeric).reduce((a, b) => add(a, b)));
  test('equals folding add() over float8ToNumeric, dscale the largest of the values', () => {
    const xs = [0.1, 0.2, 1e-7, 123.25, -0.30000000000000004, 5e-324, 1e20, 0.0000686];
    assert.equal(sumOf(...xs), fold(...xs));
    assert.equal(sumOf(1.5, 2.25, -3.75), '0.00');
  });
  test('moves a per-scale partial sum into BigInt before it passes 2^53', () => {
    const xs = Array.from({ length: 100 }, (_, i) => (i % 2 ? -1 : 1) * (999999999999999 - i));
    const big = Array.from({ length: 100 }, () => 999999999999999);
    assert.equal(sumOf(...xs), fold(...xs));
    assert.equal(sumOf(...big), '99999999999999900');
  });
  test('no values, zeros and specials', () => {
    assert.equal(sumOf(), '0');
    assert.equal(sumOf(-0, 0), '0');
    assert.equal(sumOf(1, NaN), 'NaN');
    assert.equal(sumOf(Infinity, 2, Infinity), 'Infinity');
    assert.equal(sumOf(-Infinity, 1e300), '-Infinity');
    assert.equal(sumOf(Infinity, -Infinity), 'NaN');
  });
});

describe('throw cases', () => {
  const throwsLens = (f: () => unknown, message: RegExp): void =>
    assert.throws(f, (e: unknown) => e instanceof LensError && message.test(e.message));
  test('division by zero, including Inf / 0 and 0 / 0', () => {
    throwsLens(() => div(n('1'), n('0.00')), /^division by zero$/);
    throwsLens(() => div(n('0'), n('0')), /^division by zero$/);
    throwsLens(() => div(NUMERIC_INFINITY, n('0')), /^division by zero$/);
  });
  test('numericFromInt refuses non-integers and unsafe numbers, takes any bigint', () => {
    throwsLens(() => numericFromInt(1.5), /not a safe integer/);
    throwsLens(() => numericFromInt(2 ** 53), /not a safe integer/);
    throwsLens(() => numericFromInt(NaN), /not a safe integer/);
    assert.equal(numericText(numericFromInt(-0)), '0');
    assert.equal(numericText(numericFromInt(2n ** 70n)), '1180591620717411303424');
  });
  test('toInt8 says which limit is hit', () => {
    assert.equal(toInt8(n('-5.000')), -5);
    assert.equal(toInt8(n('9007199254740991')), 9007199254740991);
    throwsLens(() => toInt8(NUMERIC_NAN), /^cannot convert NaN to bigint$/);
    throwsLens(() => toInt8(NUMERIC_INFINITY), /^cannot convert infinity to bigint$/);
    throwsLens(() => toInt8(n('1.5')), /1\.5 is not an integer/);
    throwsLens(() => toInt8(n('9223372036854775808')), /^bigint out of range/);
    throwsLens(() => toInt8(n('-9223372036854775809')), /^bigint out of range/);
    throwsLens(() => toInt8(n('9007199254740992')), /beyond Number\.MAX_SAFE_INTEGER/);
  });
});
