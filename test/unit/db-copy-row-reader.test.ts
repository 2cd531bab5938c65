import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import v8 from 'node:v8';
import vm from 'node:vm';
import { PROFILES } from '../../src/core/cbf/profiles/index';
import { FieldDictionary } from '../../src/core/cbf/sources/fieldDictionary';
import { CopyRowReader } from '../../src/core/db/copyRowReader';
import { sourceRow } from '../support/sourceRow';
import { seededIndex } from '../support/seededRandom';

type CopyField = string | null;

const bytes = (s: string) => Buffer.from(s, 'utf8');
const inByteOrder = (values: readonly string[]) => [...values].sort((a, b) => Buffer.compare(bytes(a), bytes(b)));

/** The dictionary's values ordered by the ranks it gives them. */
function byRank(dict: FieldDictionary): string[] {
  const { ranks } = dict.ranks();
  return dict.values
    .map((v, id) => ({ v, r: ranks[id] }))
    .sort((a, b) => a.r - b.r)
    .map((x) => x.v);
}

/** Every row the reader finds in `chunks`, as the texts of its fields. */
function readAll(chunks: Buffer[]): CopyField[][] {
  const reader = new CopyRowReader();
  const rows: CopyField[][] = [];
  for (const chunk of chunks) {
    reader.push(chunk);
    while (reader.next()) rows.push(Array.from({ length: reader.count }, (_, i) => reader.text(i)));
  }
  reader.end();
  return rows;
}

// Escapes of every kind COPY TO writes, NULL next to the text "\N", empty fields and lines, multi-byte characters.
const TEXT = 'a\t\\N\t\tx\\ty\n' + 'line\\nbreak\\r\tback\\\\slash\t\\\\N\t\\b\\f\\v\n' + '\n' + 'Zoë 😀 ünïcödé\t42\t東京\n' + '\t\t\n';

describe('CopyRowReader (COPY TO STDOUT, text format, without a string per field)', () => {
  test('reads rows and fields, NULL apart from the text \\N, every escape undone, wherever one or two chunk cuts fall', () => {
    const all = bytes(TEXT);
    const expected = [
      ['a', null, '', 'x\ty'],
      ['line\nbreak\r', 'back\\slash', '\\N', '\b\f\v'],
      [''],
      ['Zoë 😀 ünïcödé', '42', '東京'],
      ['', '', ''],
    ];
    for (let cut = 0; cut <= all.length; cut++) {
      assert.deepEqual(readAll([all.subarray(0, cut), all.subarray(cut)]), expected, `cut at ${cut}`);
      for (let second = cut; second <= all.length; second += 7) {
        assert.deepEqual(
          readAll([all.subarray(0, cut), all.subarray(cut, second), all.subarray(second)]),
          expected,
          `cuts at ${cut}, ${second}`,
        );
      }
    }
    assert.deepEqual(readAll([...all].map((b) => Buffer.from([b]))), expected, 'one byte at a time');
  });

  test('rows longer than a chunk and thousands of rows come out whole, in order', () => {
    const rows = Array.from({ length: 3000 }, (_, i) => [
      `row ${i} ${i % 7 === 0 ? 'Zoë ✓ '.repeat(i % 50) : ''}`,
      i % 500 === 0 ? 'y'.repeat(20_000) : String(i),
    ]);
    const all = bytes(rows.map((r) => `${r.join('\t')}\n`).join(''));
    for (const size of [977, 65_536, all.length]) {
      const chunks: Buffer[] = [];
      for (let at = 0; at < all.length; at += size) chunks.push(all.subarray(at, at + size));
      assert.deepEqual(readAll(chunks), rows, `chunks of ${size} bytes`);
    }
  });

  test('number() is Number(text) for every form a number field can take, NULL as 0', () => {
    const fields = [
      ...['0', '7', '-12', '123456789012345', '1234567890123456789', '9007199254740993', '-0', '', '00', '0x10', '1_000'],
      ...['1e-07', '0.0001371', '-2.5E-3', '1.5e+3', '.5', '1.', '.', 'e5', '1e', '1e-', '-.5', '1e400', '1e0400'],
      ...['1e22', '1e23', '1e-22', '1e-23', '0.1', '-0.0', '123456789.123456', '0.000000000000000001371', '12345.6789e-10'],
      ...['NaN', 'Infinity', '-Infinity', '+5', ' 5', '5 ', '-', '1.2.3', 'é', '\\N'],
    ];
    const reader = new CopyRowReader();
    reader.push(bytes(`${fields.join('\t')}\n`));
    assert.ok(reader.next());
    assert.equal(reader.count, fields.length);
    fields.forEach((text, i) => {
      assert.ok(Object.is(reader.number(i), Number(text === '\\N' ? null : text)), `${JSON.stringify(text)}: ${reader.number(i)}`);
    });
    assert.equal(reader.isNull(fields.length - 1), true);
    assert.equal(reader.next(), false);
  });

  test('number() reads every double as Number reads its text, in each way PostgreSQL and JavaScript print it', () => {
    // A fixed pseudo-random sequence (xorshift), so a failure names a reproducible value.
    let x = 0x9e3779b9;
    const random = () => {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      return (x >>> 0) / 2 ** 32;
    };
    const texts: string[] = [];
    for (let n = 0; n < 20_000; n++) {
      const v = (random() - 0.3) * 10 ** Math.floor(random() * 40 - 20);
      texts.push(
        String(v),
        v.toPrecision(1 + Math.floor(random() * 17)),
        v.toExponential(Math.floor(random() * 16)),
        v.toFixed(Math.floor(random() * 20)),
      );
    }
    const reader = new CopyRowReader();
    reader.push(bytes(texts.map((t) => `${t}\n`).join('')));
    for (const text of texts) {
      assert.ok(reader.next());
      assert.ok(Object.is(reader.number(0), Number(text)), `${text}: ${reader.number(0)} against ${Number(text)}`);
    }
  });

  test('a row of up to 64 fields is read; one of more is an error', () => {
    const reader = new CopyRowReader();
    const row = (n: number) => `${Array.from({ length: n }, (_, i) => i).join('\t')}\n`;
    reader.push(bytes(row(64) + row(65)));
    assert.ok(reader.next());
    assert.equal(reader.count, 64);
    assert.equal(reader.text(63), '63');
    assert.throws(() => reader.next(), /more than 64 fields/);
  });

  test('a stream that ends inside a row is an error, not a silently dropped row', () => {
    const reader = new CopyRowReader();
    reader.push(bytes('complete\nhalf'));
    assert.ok(reader.next());
    assert.equal(reader.text(0), 'complete');
    assert.equal(reader.next(), false);
    assert.throws(() => reader.end(), /ended inside a row \(4 bytes left over\)/);
  });
});

describe('FieldDictionary', () => {
  /** The ids of each row's fields, read in chunks of `size` bytes. */
  function ids(dict: FieldDictionary, text: string, size: number): number[][] {
    const all = bytes(text);
    const reader = new CopyRowReader();
    const out: number[][] = [];
    for (let at = 0; at < all.length; at += size) {
      reader.push(all.subarray(at, at + size));
      while (reader.next()) out.push(Array.from({ length: reader.count }, (_, i) => dict.id(reader, i)));
    }
    reader.end();
    return out;
  }

  test('equal values get one id wherever they are read; NULL is -1; the text "\\N", escapes and non-ASCII are values', () => {
    for (const size of [1, 5, 4096]) {
      const dict = new FieldDictionary();
      const got = ids(dict, 'k1\t\\N\t\\\\N\tZoë\nZoë\tk1\t\ta\\tb\n\\\\N\ta\\tb\t\tk1\n', size);
      const [k1, zoe, backslashN, tabbed, empty] = [got[0][0], got[0][3], got[0][2], got[1][3], got[1][2]];
      assert.deepEqual(got, [
        [k1, -1, backslashN, zoe],
        [zoe, k1, empty, tabbed],
        [backslashN, tabbed, empty, k1],
      ]);
      assert.equal(new Set([k1, zoe, backslashN, tabbed, empty]).size, 5, `chunks of ${size}`);
      assert.deepEqual(
        [k1, zoe, backslashN, tabbed, empty].map((id) => dict.text(id)),
        ['k1', 'Zoë', '\\N', 'a\tb', ''],
      );
      assert.equal(dict.text(-1), null);
      assert.equal(dict.empty(), empty, 'the empty text has one id, read or asked for');
    }
  });

  test('thousands of values (the table grows) keep their ids, and ranks are byte order with NULL last', () => {
    const dict = new FieldDictionary();
    const values = Array.from({ length: 5000 }, (_, i) => (i % 3 === 0 ? `key-${i}-é` : `${(i * 7919).toString(16).padStart(64, '0')}`));
    const first = ids(dict, values.map((v) => `${v}\n`).join(''), 65_536).map((r) => r[0]);
    const again = ids(
      dict,
      [...values]
        .reverse()
        .map((v) => `${v}\n`)
        .join(''),
      333,
    ).map((r) => r[0]);
    assert.deepEqual(again, [...first].reverse());
    assert.deepEqual(
      first,
      values.map((_, i) => i),
    );
    assert.equal(dict.empty(), values.length, 'a new value after the growth gets the next id');
    const { ranks, nullRank } = dict.ranks();
    assert.deepEqual(dict.values, [...values, '']);
    assert.deepEqual(byRank(dict), inByteOrder(dict.values));
    assert.deepEqual(
      [...new Set(ranks)].sort((a, b) => a - b),
      [...ranks.keys()],
      'one rank per value, 0 to n - 1',
    );
    assert.equal(nullRank, values.length + 1, 'NULL ranks after every value');
    ids(dict, 'zz-new\n', 64);
    assert.equal(dict.ranks().ranks.length, values.length + 2, 'a value added since is ranked on the next call');
  });

  test('after every round of new values the ranks are the byte order of all values so far, NULL last', () => {
    const dict = new FieldDictionary();
    const alphabet = ['a', 'b', 'Z', 'é', '😀', '\uffff', '\ue000', '0', '-'];
    const index = seededIndex(11);
    const seen = new Set<string>();
    for (let round = 0; round < 50; round++) {
      const fresh: string[] = [];
      // Some rounds add nothing new: the ranks are reused as they are.
      while (round % 7 !== 3 && fresh.length < 40) {
        const v = Array.from({ length: 1 + index(4) }, () => alphabet[index(alphabet.length)]).join('');
        if (!seen.has(v)) fresh.push(v);
        seen.add(v);
      }
      ids(dict, fresh.map((v) => `${v}\n`).join(''), 97);
      assert.deepEqual(byRank(dict), inByteOrder(dict.values), `round ${round}`);
      assert.equal(dict.ranks().nullRank, dict.values.length);
    }
    assert.ok(dict.values.length > 1500, `${dict.values.length} values`);
  });
});

describe('FieldDictionary with a limit', () => {
  test('past its limit it starts over and still reads every value right; equal values are one string until then', () => {
    const dict = new FieldDictionary(3);
    const reader = new CopyRowReader();
    const values = ['a', 'b', 'a', 'c', 'd', 'e\\tf', 'a', '\\N', 'g', 'b', 'b'];
    reader.push(bytes(values.map((v) => `${v}\n`).join('')));
    const texts: (string | null)[] = [];
    while (reader.next()) texts.push(dict.textOf(reader, 0));
    assert.deepEqual(texts, ['a', 'b', 'a', 'c', 'd', 'e\tf', 'a', null, 'g', 'b', 'b']);
    assert.ok(dict.values.length <= 3, `${dict.values.length} values kept`);
  });
});

/** Heap in use after a full garbage collection. */
function heapAfterGc(): number {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
  return process.memoryUsage().heapUsed;
}

describe('what is kept from a COPY stream does not pin its chunks', () => {
  /** Heap growth while `keep` holds something of each of 60 chunks of ~1 MB, whose first row is a 64-character key. */
  const grownWhileKeeping = (keep: (reader: CopyRowReader, chunk: Buffer, i: number) => void) => {
    const before = heapAfterGc();
    for (let i = 0; i < 60; i++) {
      const chunk = bytes(`${String(i).padStart(64, 'k')}\t${'x'.repeat(1_000_000)}\n`);
      const reader = new CopyRowReader();
      reader.push(chunk);
      assert.ok(reader.next());
      keep(reader, chunk, i);
    }
    return heapAfterGc() - before;
  };

  test('texts and dictionary values hold only themselves; a slice of the decoded chunk would hold it all', () => {
    const texts: (string | null)[] = [];
    const dict = new FieldDictionary();
    const viaReader = grownWhileKeeping((reader) => {
      texts.push(reader.text(0));
      dict.id(reader, 0);
    });
    assert.ok(viaReader < 10e6, `60 keys hold ${(viaReader / 1e6).toFixed(1)} MB`);
    assert.equal(texts[59], '59'.padStart(64, 'k'));
    assert.equal(dict.values[59], '59'.padStart(64, 'k'));
    // Control: a slice of the chunk's text keeps the text alive, so this measurement does see pinning.
    const slices: string[] = [];
    const viaSlices = grownWhileKeeping((_, chunk) => slices.push(chunk.toString('utf8').slice(0, 64)));
    assert.ok(viaSlices > 40e6, `60 raw slices hold ${(viaSlices / 1e6).toFixed(1)} MB`);
    assert.equal(slices.length, 60);
  });

  const TEXT_COLUMNS = ['entity', 'api_key', 'model', 'model_group', 'provider', 'call_type', 'end_user', 'log_team_id'] as const;
  const NAME_COLUMNS = [
    'key_alias',
    'key_name',
    'user_id',
    'team_id',
    'org_id',
    'user_alias',
    'user_email',
    'team_alias',
    'org_alias',
  ] as const;
  for (const profile of ['lens', 'll2cz'] as const) {
    test(`the identities the ${profile} profile caches from the reader's texts do not pin chunks either`, () => {
      const build = PROFILES[profile].builder('logs');
      const built: unknown[] = [];
      const grown = grownWhileKeeping((_, __, i) => {
        // A row whose text fields share a ~1 MB chunk, read as the logs source reads them.
        const fields = [...TEXT_COLUMNS, ...NAME_COLUMNS].map((c) => `${c}-${i}-`.padEnd(40, 'v'));
        const reader = new CopyRowReader();
        reader.push(bytes(`${fields.join('\t')}\t${'x'.repeat(1_000_000)}\n`));
        assert.ok(reader.next());
        const source = Object.fromEntries([...TEXT_COLUMNS, ...NAME_COLUMNS].map((c, k) => [c, reader.text(k)]));
        built.push(
          build(sourceRow({ prompt_tokens: 1, completion_tokens: 1, api_requests: 1, successful_requests: 1, ...source })).identity,
        );
      });
      assert.equal(built.length, 60);
      assert.ok(grown < 10e6, `60 ${profile} identities hold ${(grown / 1e6).toFixed(1)} MB`);
    });
  }
});
