// pgNumeric against the real PostgreSQL 15 of the test run: thousands of values go to the server in one query
// per operation and every result must equal PostgreSQL's numeric_out text byte for byte (issue 15: the CBF
// export computes in Node what its SQL used to compute, and a SHA-256 pins every export).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  add,
  cmp,
  div,
  Float8Sum,
  float8ToNumeric,
  floor,
  mul,
  numericFromInt,
  numericText,
  parseNumeric,
  sub,
  toInt8,
  type PgNumeric,
} from '../../src/core/cbf/pgNumeric';
import { createScratchDatabase } from '../support/testDatabase';

type Scratch = Awaited<ReturnType<typeof createScratchDatabase>>;

/** mulberry32: a seeded generator, so a failure reproduces. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The shortest round-trip text PostgreSQL's float8in reads back as the same double (COPY prints the same). */
function float8Text(x: number): string {
  return Object.is(x, -0) ? '-0' : String(x);
}

/** Asserts no mismatch, showing the first ones with their inputs. */
function assertNoMismatch(label: string, mismatches: string[], total: number): void {
  assert.equal(
    mismatches.length,
    0,
    `${label}: ${mismatches.length} of ${total} differ from PostgreSQL:\n${mismatches.slice(0, 25).join('\n')}`,
  );
}

/** Doubles whose exact value is a 16-digit decimal ending in 5: c × 2^-j = (c × 5^j) × 10^-j with c odd. */
function exactTies(random: () => number): number[] {
  const ties: number[] = [1234567890123455, 1234567890123445, 9007199254740985, 1000000000000005, 4503599627370495];
  for (let j = 1; j <= 22; j++) {
    const low = Math.ceil(1e15 / 5 ** j);
    const high = Math.floor((1e16 - 1) / 5 ** j);
    for (let i = 0; i < 12 && low <= high; i++) {
      let c = low + Math.floor(random() * (high - low + 1));
      if (c % 2 === 0) c = c < high ? c + 1 : c - 1;
      if (c < low || c > high || c % 2 === 0) continue;
      const tie = c * 2 ** -j;
      ties.push(tie, -tie);
    }
  }
  // 17-digit integers ending in 50 with an odd part below 2^53: (2a + 1) × 25 × 2.
  for (let i = 0; i < 20; i++) {
    const a = 1e14 + Math.floor(random() * 8e13);
    ties.push((2 * a + 1) * 50);
  }
  return ties;
}

function doubles(): number[] {
  const random = rng(15);
  const xs: number[] = [
    0,
    -0,
    1,
    -1,
    0.1,
    0.2,
    0.1 + 0.2,
    1e-7,
    1e15,
    1e15 - 1,
    999999999999999.9,
    1e16,
    1e21,
    1e22,
    1e23,
    9.999999999999999e22,
  ];
  xs.push(
    5e-324,
    -5e-324,
    2.2250738585072014e-308,
    2.225073858507201e-308,
    1.7976931348623157e308,
    -1.7976931348623157e308,
    1e-8,
    9.999999999999999e-9,
  );
  xs.push(NaN, Infinity, -Infinity);
  for (let e = -12; e <= 16; e++) xs.push(10 ** e, Number(`1e${e}`), Number(`9.99999999999999e${e}`), Number(`9.999999999999995e${e}`));
  for (let g = 0; g < 3000; g++) xs.push((g % 997) * 0.0000137 + 0.0000001);
  for (let i = 0; i < 3000; i++) {
    const x = (random() + 0.05) * 10 ** (Math.floor(random() * 25) - 12);
    xs.push(random() < 0.2 ? -x : x);
  }
  let sum = 0;
  for (let i = 0; i < 1500; i++) {
    sum += ((i * 7919) % 997) * 0.0000137 + 0.0000001;
    xs.push(sum, sum / 3, -sum * 1.1);
  }
  for (let i = 1; i <= 200; i++) xs.push(i * 0.1, i * 0.01 * 3, 1 / i, Math.PI * 10 ** ((i % 30) - 15));
  // Any bit pattern: subnormals, huge and tiny magnitudes go through the exact path.
  const f64 = new Float64Array(1);
  const u32 = new Uint32Array(f64.buffer);
  while (xs.length < 12000) {
    u32[0] = Math.floor(random() * 2 ** 32);
    u32[1] = Math.floor(random() * 2 ** 32);
    if (Number.isFinite(f64[0])) xs.push(f64[0]);
  }
  return xs.concat(exactTies(random));
}

/** Numeric literals of varied sign, weight (base-10000 digits before and after the point) and dscale. */
function numericTexts(random: () => number, count: number): string[] {
  const digits = (n: number): string => Array.from({ length: n }, () => Math.floor(random() * 10)).join('');
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const whole = random() < 0.3 ? '0' : String(BigInt(`1${digits(Math.floor(random() * 18))}`) - (random() < 0.5 ? 0n : 1n));
    const frac = random() < 0.2 ? '' : `.${'0'.repeat(random() < 0.3 ? Math.floor(random() * 14) : 0)}${digits(Math.floor(random() * 12))}`;
    const text = `${random() < 0.25 ? '-' : ''}${whole}${frac === '.' ? '' : frac}`;
    out.push(text);
  }
  return out;
}

describe('pgNumeric matches PostgreSQL 15 numeric', () => {
  let db: Scratch;
  before(async () => {
    db = await createScratchDatabase('lens_numeric');
  });
  after(async () => {
    await db?.drop();
  });

  async function column(sql: string, params: unknown[]): Promise<(string | null)[]> {
    const { rows } = await db.admin.query<{ r: string | null }>(sql, params);
    return rows.map((row) => row.r);
  }

  test('float8::numeric for spend-like values, float sums, random magnitudes, subnormals, ties and specials', async () => {
    const xs = doubles();
    const { rows } = await db.admin.query<{ back: string; r: string }>(
      'SELECT x::text AS back, x::numeric::text AS r FROM unnest($1::float8[]) WITH ORDINALITY AS t(x, i) ORDER BY i',
      [xs.map(float8Text)],
    );
    assert.equal(rows.length, xs.length);
    const mismatches: string[] = [];
    xs.forEach((x, i) => {
      const back = Number(rows[i].back);
      assert.ok(Number.isNaN(x) ? Number.isNaN(back) : Object.is(back, x), `PostgreSQL read ${float8Text(x)} as ${rows[i].back}`);
      const ours = numericText(float8ToNumeric(x));
      if (ours !== rows[i].r) mismatches.push(`${float8Text(x)}: pg ${rows[i].r}, ours ${ours}`);
    });
    assertNoMismatch('float8::numeric', mismatches, xs.length);
  });

  test('SUM(float8::numeric) per group, by add() and by Float8Sum, including big, tiny, NaN and infinity groups', async () => {
    const random = rng(7);
    const xs: number[] = [];
    const groups: number[] = [];
    const push = (g: number, ...values: number[]): void => {
      for (const x of values) {
        xs.push(x);
        groups.push(g);
      }
    };
    for (let i = 0; i < 6000; i++) {
      const g = i % 40;
      push(g, g < 20 ? ((i * 31) % 997) * 0.0000137 + 0.0000001 : (random() - 0.3) * 10 ** (Math.floor(random() * 20) - 10));
    }
    push(40, NaN, 1.5);
    push(41, Infinity, -Infinity);
    push(42, Infinity, 1.5, 1e300);
    push(43, -Infinity, -0, 0);
    // Digits that overflow a per-scale double (2^53) many times over, mixed with the exact path (< 1e-8, ≥ 1e15).
    for (let i = 0; i < 500; i++) push(44, 999999999999999 - i, -(123456789012345 + i) / 1000, 1e-12 * (i + 1), 1e15 + i * 3.5);
    push(45, -0);
    const pg = await column('SELECT sum(x::numeric)::text AS r FROM unnest($1::float8[], $2::int[]) AS t(x, g) GROUP BY g ORDER BY g', [
      xs.map(float8Text),
      groups,
    ]);
    const folded = new Map<number, PgNumeric>();
    const summed = new Map<number, Float8Sum>();
    xs.forEach((x, i) => {
      const prev = folded.get(groups[i]);
      folded.set(groups[i], prev ? add(prev, float8ToNumeric(x)) : float8ToNumeric(x));
      const sum = summed.get(groups[i]) ?? new Float8Sum();
      sum.add(x);
      summed.set(groups[i], sum);
    });
    const mismatches: string[] = [];
    [...folded.keys()]
      .sort((a, b) => a - b)
      .forEach((g, i) => {
        const byAdd = numericText(folded.get(g) as PgNumeric);
        const bySum = numericText((summed.get(g) as Float8Sum).value);
        if (byAdd !== pg[i] || bySum !== pg[i]) mismatches.push(`group ${g}: pg ${pg[i]}, add() ${byAdd}, Float8Sum ${bySum}`);
      });
    assert.equal(pg.length, folded.size);
    assertNoMismatch('SUM', mismatches, pg.length);
  });

  test('SUM(int8) and int::numeric beyond the int8 range', async () => {
    const values = [9223372036854775807n, 9223372036854775807n, -9223372036854775808n, 12345n, 0n, -1n, 9007199254740993n];
    const pg = await column('SELECT sum(v)::text AS r FROM unnest($1::int8[]) AS v', [values.map(String)]);
    const ours = values.reduce<PgNumeric>((acc, v) => add(acc, numericFromInt(v)), numericFromInt(0));
    assert.equal(numericText(ours), pg[0]);
    const small = await column('SELECT (v::numeric + 0.5 - 0.5)::text AS r FROM unnest($1::int4[]) AS v', [[0, -7, 2147483647]]);
    assert.deepEqual(
      [0, -7, 2147483647].map((v) => numericText(sub(add(numericFromInt(v), parseNumeric('0.5')), parseNumeric('0.5')))),
      small,
    );
  });

  test('a * (b - c) / (d - c) over operands of varied dscale and weight', async () => {
    const random = rng(99);
    const n = 3000;
    const [a, b, c, d] = [0, 1, 2, 3].map(() => numericTexts(random, n));
    for (let i = 0; i < n; i++) if (cmp(parseNumeric(d[i]), parseNumeric(c[i])) === 0) d[i] = `${d[i]}1`;
    const pg = await column(
      'SELECT (a * (b - c) / (d - c))::text AS r FROM unnest($1::numeric[], $2::numeric[], $3::numeric[], $4::numeric[]) WITH ORDINALITY AS t(a, b, c, d, i) ORDER BY i',
      [a, b, c, d],
    );
    const mismatches: string[] = [];
    for (let i = 0; i < n; i++) {
      const [na, nb, nc, nd] = [a[i], b[i], c[i], d[i]].map(parseNumeric);
      const ours = numericText(div(mul(na, sub(nb, nc)), sub(nd, nc)));
      if (ours !== pg[i]) mismatches.push(`${a[i]} * (${b[i]} - ${c[i]}) / (${d[i]} - ${c[i]}): pg ${pg[i]}, ours ${ours}`);
    }
    assertNoMismatch('a*(b-c)/(d-c)', mismatches, n);
  });

  test('division: tiny and huge quotients, equal first base-10000 digits, rounding half away from zero', async () => {
    const random = rng(5);
    const pairs: [string, string][] = [
      ['1', '3'],
      ['2', '3'],
      ['-2', '3'],
      ['1', '30000'],
      ['1', '1e12'],
      ['1e12', '7'],
      ['1e-20', '3'],
      ['5', '1e-20'],
      ['1234.5678', '1234.5679'],
      ['1234.5679', '1234.5678'],
      ['1234', '0.1234'],
      ['0.1234', '1234'],
      ['9999', '9999.0001'],
      ['5000', '5000'],
      ['1', '1'],
      ['0', '7'],
      ['0.000', '7.5'],
      ['0', '0.001'],
      ['10000', '1'],
      ['9999', '10000'],
      ['1', '8'],
      ['-1', '8'],
      ['1', '-16'],
      ['0.5', '100000000000000000000'],
      ['2', '0.0000000000000000000003'],
      ['1.00000000000000000001', '3'],
      [`1e-${990}`, '3'],
      ['1', `1e${1100}`],
      [`1.${'0'.repeat(1005)}1`, '7'],
    ];
    // m / 2^k is exact with k decimals: where k = rscale + 1 the quotient is an exact tie (1 / 2^25 is one).
    for (let k = 20; k <= 45; k++) for (const m of ['1', '-1', '3', '7', '-12345']) pairs.push([m, String(2n ** BigInt(k))]);
    for (let i = 0; i < 1500; i++) {
      const digits = String(Math.floor(random() * 1e9) + 1);
      const shiftA = Math.floor(random() * 40) - 20;
      const shiftB = Math.floor(random() * 40) - 20;
      const other = random() < 0.5 ? digits : String(Number(digits) + Math.floor(random() * 3) - 1 || 1);
      pairs.push([`${digits}e${shiftA}`, `${other}e${shiftB}`]);
    }
    for (const [x, y] of numericTexts(random, 1500).map((t, i, all) => [t, all[(i * 7 + 3) % all.length]])) {
      if (parseNumeric(y).u !== 0n) pairs.push([x, y]);
    }
    const pg = await column(
      'SELECT (x::numeric / y::numeric)::text AS r FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS t(x, y, i) ORDER BY i',
      [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
    );
    const mismatches: string[] = [];
    pairs.forEach(([x, y], i) => {
      const ours = numericText(div(parseNumeric(x), parseNumeric(y)));
      if (ours !== pg[i]) mismatches.push(`${x} / ${y}: pg ${pg[i]}, ours ${ours}`);
    });
    assertNoMismatch('division', mismatches, pairs.length);
  });

  test('NaN and infinity in + - * / and division by zero', async () => {
    const operands = ['NaN', 'Infinity', '-Infinity', '0', '0.00', '1.5', '-2', '1e-20'];
    const ops = ['+', '-', '*', '/'] as const;
    const fns = { '+': add, '-': sub, '*': mul, '/': div };
    const mismatches: string[] = [];
    let total = 0;
    for (const op of ops) {
      const xs = operands.flatMap((x) => operands.map(() => x));
      const ys = operands.flatMap(() => operands);
      for (let i = 0; i < xs.length; i++) {
        total++;
        let pgText: string;
        try {
          pgText = (await column(`SELECT ($1::numeric ${op} $2::numeric)::text AS r`, [xs[i], ys[i]]))[0] ?? 'NULL';
        } catch (e) {
          pgText = `error: ${(e as Error).message}`;
        }
        let ours: string;
        try {
          ours = numericText(fns[op](parseNumeric(xs[i]), parseNumeric(ys[i])));
        } catch (e) {
          ours = `error: ${(e as Error).message}`;
        }
        if (ours !== pgText) mismatches.push(`${xs[i]} ${op} ${ys[i]}: pg ${pgText}, ours ${ours}`);
      }
    }
    assertNoMismatch('specials', mismatches, total);
  });

  test('floor, comparison and ::int8', async () => {
    const random = rng(3);
    const xs = [...numericTexts(random, 2000), 'NaN', 'Infinity', '-Infinity', '-0.5', '-1.000', '2.999', '-0.000', '1e20'];
    const floors = await column('SELECT floor(x)::text AS r FROM unnest($1::numeric[]) WITH ORDINALITY AS t(x, i) ORDER BY i', [xs]);
    const floorMismatches = xs.flatMap((x, i) => {
      const ours = numericText(floor(parseNumeric(x)));
      return ours === floors[i] ? [] : [`floor(${x}): pg ${floors[i]}, ours ${ours}`];
    });
    assertNoMismatch('floor', floorMismatches, xs.length);

    // Pairs that are equal at different scales, neighbours, and every special against every class.
    const left = [...xs, '1.5', '1.50', '-0.00', 'NaN', 'Infinity', '-Infinity', 'NaN', '1e300'];
    const right = [
      ...xs.map((_, i) => xs[(i * 13 + 5) % xs.length]),
      '1.500000',
      '1.5',
      '0',
      'NaN',
      'Infinity',
      '1e-300',
      '-Infinity',
      'Infinity',
    ];
    const cmps = await column(
      'SELECT numeric_cmp(a, b)::text AS r FROM unnest($1::numeric[], $2::numeric[]) WITH ORDINALITY AS t(a, b, i) ORDER BY i',
      [left, right],
    );
    const cmpMismatches = left.flatMap((a, i) => {
      const ours = String(cmp(parseNumeric(a), parseNumeric(right[i])));
      return ours === cmps[i] ? [] : [`cmp(${a}, ${right[i]}): pg ${cmps[i]}, ours ${ours}`];
    });
    assertNoMismatch('cmp', cmpMismatches, left.length);

    const ints = ['0', '-0.000', '42.000', '-9007199254740991', '9007199254740991.0', '123456789012'];
    const int8s = await column('SELECT (x::int8)::text AS r FROM unnest($1::numeric[]) WITH ORDINALITY AS t(x, i) ORDER BY i', [ints]);
    assert.deepEqual(
      ints.map((x) => String(toInt8(parseNumeric(x)))),
      int8s,
    );
  });

  test('numeric_in: exponents, signs, points and spaces read as PostgreSQL reads them', async () => {
    const texts = [
      '1.5e-05',
      '-0.0',
      '.5',
      '+1.',
      ' 12 ',
      '1.50E+2',
      '0e5',
      '0.000e-3',
      '1e 5',
      '1e +5',
      '00012.3400',
      '-.0001e4',
      '1E-0',
      '9e-20',
      '\t7\n',
      'NaN',
      'nan',
      'Infinity',
      '-inf',
      '+INF',
      '-Infinity',
      `1e${1000}`,
      `1.234e-${1000}`,
    ];
    const pg = await column('SELECT (t::numeric)::text AS r FROM unnest($1::text[]) WITH ORDINALITY AS u(t, i) ORDER BY i', [texts]);
    assert.deepEqual(
      texts.map((t) => numericText(parseNumeric(t))),
      pg,
    );
  });
});
