import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { AtomicFile } from '../../src/core/files/atomicFile';
import { type BuiltRow, cbfRowOf, type Identity } from '../../src/core/cbf/profiles/profile';
import type { CbfRow } from '../../src/core/cbf/types';
import { type CbfEncoder, CsvEncoder, JsonlEncoder } from '../../src/core/cbf/writers';
import { LensError } from '../../src/core/errors';

const HOSTILE = [
  'plain',
  'comma, inside',
  'quote " inside',
  '""',
  'line\nfeed',
  'carriage\rreturn',
  'crlf\r\nend',
  '  padded  ',
  '=HYPERLINK("x")',
  'tab\there',
  'Zoë Ñandú 日本語 🚀',
  'back\\slash',
  '\u2028\u2029',
  '',
];
const ROW_COLUMNS = ['time/usage_start', 'cost/cost'];
const IDENTITY_COLUMNS = ['resource/tag:user_alias', 'resource/tag:team_alias'];
/** One shared run (ProfileSpec.sharedRuns), whose bytes an encoder shares between identities. */
const SHARED = [['resource/tag:team_alias']];
const COLUMNS = [...ROW_COLUMNS, ...IDENTITY_COLUMNS];
/**
 * Identities are shared objects, as the profiles build them; some rows reuse one. Fresh ones per encoder: an
 * encoder releases an identity's columns once it holds its bytes.
 */
function built(): BuiltRow[] {
  const identities = HOSTILE.map((alias, i) => ({
    columns: { 'resource/tag:user_alias': alias, 'resource/tag:team_alias': `${alias}|${i}` },
  }));
  return [...HOSTILE, ...HOSTILE].map((_, i) => ({
    values: { 'time/usage_start': '2026-10-01T00:00:00Z', 'cost/cost': `0.${i}1` },
    identity: identities[i % identities.length],
  }));
}
const EXPECTED = built().map(cbfRowOf);
/** The encoders return UTF-8 bytes. */
const text = (encoder: CbfEncoder, rows: Parameters<CbfEncoder['encode']>[0]) => encoder.encode(rows).toString('utf8');

describe('CsvEncoder', () => {
  const encoder = new CsvEncoder(ROW_COLUMNS, IDENTITY_COLUMNS, SHARED);
  const rows = built();
  const csv = encoder.header() + text(encoder, rows.slice(0, 5)) + text(encoder, rows.slice(5));

  test('round-trips hostile values exactly through csv-parse', () => {
    const parsed = parse(csv, { columns: true }) as Record<string, string>[];
    assert.deepEqual(parsed, EXPECTED);
  });

  test('RFC 4180 shape: CRLF record ends, header first, bare CR/LF quoted', () => {
    assert.ok(csv.startsWith('time/usage_start,cost/cost,resource/tag:user_alias,resource/tag:team_alias\r\n'));
    assert.ok(csv.includes('"line\nfeed"'));
    assert.ok(csv.includes('"carriage\rreturn"'));
    assert.ok(csv.includes('"quote "" inside"'));
    assert.ok(csv.endsWith('\r\n'));
  });

  test('hostile values in the per-row cells round-trip too', () => {
    const identity = { columns: { 'resource/tag:user_alias': 'u', 'resource/tag:team_alias': 't' } };
    const rows = HOSTILE.map((v) => ({ values: { 'time/usage_start': v, 'cost/cost': `${v},x` }, identity }));
    const expected = rows.map(cbfRowOf);
    const parsed = parse(encoder.header() + text(encoder, rows), { columns: true }) as Record<string, string>[];
    assert.deepEqual(parsed, expected);
  });

  test('absent columns are empty cells; an empty batch is empty text', () => {
    const sparse = text(encoder, [
      { values: { 'time/usage_start': '2026-10-01T00:00:00Z' }, identity: { columns: { 'resource/tag:team_alias': 't' } } },
    ]);
    assert.equal(sparse, '2026-10-01T00:00:00Z,,,t\r\n');
    assert.equal(text(encoder, []), '');
  });

  test('cells copied without csv-stringify are exactly what csv-stringify writes', () => {
    const cells = [
      '2026-10-01T00:00:00Z',
      '0.0000001',
      '1500',
      'prompt=1 completion=2 requests=3 failed=0',
      ' spaced ',
      'a;b:c(d)',
      '',
      'x,y',
      'q"',
      'l\nf',
    ];
    for (const cell of cells) {
      const viaEncoder = text(new CsvEncoder(['c'], ['i'], [['i']]), [{ values: { c: cell }, identity: { columns: { i: 'x' } } }]);
      assert.equal(viaEncoder, stringify([[cell, 'x']], { record_delimiter: 'windows', quoted_match: /[\r\n]/ }), JSON.stringify(cell));
    }
  });

  test('column names are never read as object paths', () => {
    const dotted = new CsvEncoder(['a.b'], ['c[0]'], [['c[0]']]);
    assert.equal(text(dotted, [{ values: { 'a.b': 'x' }, identity: { columns: { 'c[0]': 'y' } } }]), 'x,y\r\n');
  });
});

describe('JsonlEncoder', () => {
  const encoder = new JsonlEncoder(ROW_COLUMNS, IDENTITY_COLUMNS, SHARED);

  test('round-trips hostile values exactly, one object per line, column order', () => {
    const lines = text(encoder, built()).split('\n');
    assert.equal(lines.pop(), '');
    assert.equal(lines.length, EXPECTED.length);
    assert.deepEqual(
      lines.map((l) => JSON.parse(l)),
      EXPECTED,
    );
    for (const line of lines) assert.deepEqual(Object.keys(JSON.parse(line)), COLUMNS);
  });

  test('absent columns are omitted', () => {
    assert.equal(
      text(new JsonlEncoder(ROW_COLUMNS, IDENTITY_COLUMNS, SHARED), [
        { values: { 'cost/cost': '1', 'time/usage_start': 't' }, identity: { columns: {} } },
      ]),
      '{"time/usage_start":"t","cost/cost":"1"}\n',
    );
    assert.equal(
      text(new JsonlEncoder(ROW_COLUMNS, IDENTITY_COLUMNS, SHARED), [
        { values: {}, identity: { columns: { 'resource/tag:team_alias': 'a' } } },
      ]),
      '{"resource/tag:team_alias":"a"}\n',
    );
  });

  test('every character, in a row value and an identity value, is written as JSON.stringify writes it', () => {
    const units = [
      ...Array.from({ length: 0x80 }, (_, c) => String.fromCharCode(c)),
      '\u00e9',
      '\u2028',
      '\ud83d\ude80',
      '\ud800',
      '\udfff',
    ];
    const rows: BuiltRow[] = units.map((u) => ({
      values: { 'cost/cost': `a${u}b` },
      identity: { columns: { 'resource/tag:team_alias': `${u}` } },
    }));
    const expected = units.map((u) => `${JSON.stringify({ 'cost/cost': `a${u}b`, 'resource/tag:team_alias': u })}\n`).join('');
    assert.equal(text(new JsonlEncoder(['cost/cost'], ['resource/tag:team_alias'], [['resource/tag:team_alias']]), rows), expected);
  });
});

describe('per-identity encoded tail', () => {
  // Two identities equal in every column but one tag value, interleaved row by row and across batches: each row
  // must carry its own identity's bytes, in both formats, whichever identity was encoded first.
  const columns = { 'resource/tag:user_alias': 'Zoë "Z", Ñandú', 'resource/tag:team_alias': 'Team, "core"\nline 2' };
  const blue = { columns: { ...columns } };
  const green = { columns: { ...columns, 'resource/tag:team_alias': 'Team, "core"\nline 3' } };
  const rows = Array.from({ length: 40 }, (_, i) => ({
    values: { 'time/usage_start': `2026-10-${String(1 + (i % 28)).padStart(2, '0')}T00:00:00Z`, 'cost/cost': `0.${i}` },
    identity: i % 3 === 0 ? green : blue,
  }));

  for (const [name, make, read] of [
    [
      'csv',
      () => new CsvEncoder(ROW_COLUMNS, IDENTITY_COLUMNS, SHARED),
      (t: string) => parse(t, { columns: true }) as Record<string, string>[],
    ],
    [
      'jsonl',
      () => new JsonlEncoder(ROW_COLUMNS, IDENTITY_COLUMNS, SHARED),
      (t: string) =>
        t
          .trimEnd()
          .split('\n')
          .map((l) => JSON.parse(l) as Record<string, string>),
    ],
  ] as const) {
    test(`${name}: two identities differing in one tag value never share their bytes`, () => {
      const encoder = make();
      const out = encoder.header() + text(encoder, rows.slice(0, 7)) + text(encoder, rows.slice(7, 8)) + text(encoder, rows.slice(8));
      const parsed = read(out);
      assert.equal(parsed.length, rows.length);
      parsed.forEach((row, i) => {
        assert.equal(row['resource/tag:team_alias'], rows[i].identity.columns['resource/tag:team_alias'], `row ${i}`);
        assert.equal(row['cost/cost'], rows[i].values['cost/cost'], `row ${i}`);
      });
      assert.ok(
        parsed.some((r) => r['resource/tag:team_alias'].endsWith('2')) && parsed.some((r) => r['resource/tag:team_alias'].endsWith('3')),
      );
    });
  }

  test('an encoder keeps the bytes and releases the columns; another encoder refuses the identity (no stale bytes across formats)', () => {
    const identity: Identity = { columns: { 'resource/id': 'r', 'resource/tag:user_alias': 'u', 'resource/tag:team_alias': 't' } };
    const row = [{ values: { 'time/usage_start': 'x', 'cost/cost': '1' }, identity }];
    const csv = new CsvEncoder(ROW_COLUMNS, IDENTITY_COLUMNS, SHARED);
    assert.equal(text(csv, row), 'x,1,u,t\r\n');
    assert.equal(identity.columns, undefined);
    assert.equal(text(csv, row), 'x,1,u,t\r\n');
    assert.throws(() => text(new JsonlEncoder(ROW_COLUMNS, IDENTITY_COLUMNS, SHARED), row), /released/);
  });

  test('an identity its builder does not keep (Identity.kept false) is written byte for byte as a kept one, and nothing of it is kept', () => {
    const columnsOf = (i: number) => ({
      'resource/id': `r${i}`,
      'resource/tag:user_alias': HOSTILE[i],
      'resource/tag:team_alias': `${HOSTILE[i]}|t`,
    });
    const rowsOf = (kept: boolean): BuiltRow[] =>
      HOSTILE.map((_, i) => ({
        values: i % 3 === 0 ? ({} as CbfRow) : { 'time/usage_start': HOSTILE[(i + 1) % HOSTILE.length], 'cost/cost': '1' },
        identity: kept ? { columns: columnsOf(i) } : { columns: columnsOf(i), kept: false },
      }));
    for (const make of [
      () => new CsvEncoder(ROW_COLUMNS, IDENTITY_COLUMNS, SHARED),
      () => new JsonlEncoder(ROW_COLUMNS, IDENTITY_COLUMNS, SHARED),
    ]) {
      const transient = rowsOf(false);
      assert.equal(text(make(), transient), text(make(), rowsOf(true)));
      for (const { identity } of transient) {
        assert.equal(identity.encoded, undefined, 'no bytes kept');
        assert.ok(identity.columns, 'columns not released: the identity goes with its row');
      }
    }
    // JSONL: an identity with no member at all still makes a valid object, with or without row members.
    const jsonl = new JsonlEncoder(ROW_COLUMNS, IDENTITY_COLUMNS, SHARED);
    assert.equal(
      text(jsonl, [
        { values: { 'cost/cost': '1' }, identity: { columns: {}, kept: false } },
        { values: {}, identity: { columns: {}, kept: false } },
      ]),
      '{"cost/cost":"1"}\n{}\n',
    );
  });

  test('an identity without a resource/id keeps its columns (each row is checked against their absence)', () => {
    const identity: Identity = { columns: { 'resource/tag:user_alias': 'u' } };
    text(new CsvEncoder(ROW_COLUMNS, IDENTITY_COLUMNS, SHARED), [{ values: {}, identity }]);
    assert.deepEqual(identity.columns, { 'resource/tag:user_alias': 'u' });
  });

  // Columns a, b and c with one or more shared runs in every position and every column present or absent: the
  // bytes (own head, shared run pieces, own end) must be what one whole-record encoding writes.
  const NAMES = ['resource/tag:a', 'resource/tag:b', 'resource/tag:c'];
  const [A, B, C] = NAMES;
  const PLACEMENTS = [
    [[A]],
    [[B]],
    [[C]],
    [[A, B]],
    [[B, C]],
    [NAMES],
    [[A], [B]],
    [[B], [C]],
    [[A], [B, C]],
    [[A, B], [C]],
    [[A], [B], [C]],
  ];
  for (const runs of PLACEMENTS) {
    const label = runs.map((r) => r.map((c) => c.slice(-1)).join('')).join('|');
    test(`shared runs ${label}: every presence of every column encodes as the whole record`, () => {
      const csv = new CsvEncoder(['cost/cost'], NAMES, runs);
      const jsonl = new JsonlEncoder(['cost/cost'], NAMES, runs);
      const noRowColumns = new JsonlEncoder([], NAMES, runs);
      for (let mask = 0; mask < 16; mask++) {
        const columns: CbfRow = {};
        NAMES.forEach((c, i) => {
          if (mask & (1 << i)) columns[c] = `v${i}, "${mask}"`;
        });
        const values: CbfRow = mask & 8 ? { 'cost/cost': '1' } : {};
        const rowOf = (): BuiltRow[] => [{ values, identity: { columns: { ...columns } } }];
        const whole: CbfRow = { ...values, ...columns };
        const record = ['cost/cost', ...NAMES].map((c) => whole[c] ?? '');
        assert.equal(text(csv, rowOf()), stringify([record], { record_delimiter: 'windows', quoted_match: /[\r\n]/ }));
        assert.equal(text(jsonl, rowOf()), `${JSON.stringify(whole)}\n`);
        assert.equal(text(noRowColumns, [{ values: {}, identity: { columns: { ...columns } } }]), `${JSON.stringify(columns)}\n`);
      }
    });
  }

  test('identities with the same text in a shared run share its bytes; a different text gets its own', () => {
    const encoder = new CsvEncoder(ROW_COLUMNS, IDENTITY_COLUMNS, SHARED);
    const of = (user: string, team: string): BuiltRow => ({
      values: { 'time/usage_start': 't', 'cost/cost': '1' },
      identity: { columns: { 'resource/tag:user_alias': user, 'resource/tag:team_alias': team } },
    });
    const rows = [of('u1', 'Team "A"'), of('u2', 'Team "A"'), of('u3', 'Team "B"')];
    assert.equal(text(encoder, rows), 't,1,u1,"Team ""A"""\r\nt,1,u2,"Team ""A"""\r\nt,1,u3,"Team ""B"""\r\n');
    const [a, b, c] = rows.map((r) => r.identity.encoded!.shared[0]);
    assert.equal(a, b);
    assert.notEqual(a, c);
  });

  test('two shared runs: each is shared with the identities that have its text, whatever the other holds', () => {
    const names = ['resource/id', 'resource/tag:model', 'resource/tag:team_alias', 'resource/tag:end_user'];
    const encoder = new JsonlEncoder(['cost/cost'], names, [[names[1]], [names[2]]]);
    const of = (id: string, model: string, team: string): BuiltRow => ({
      values: { 'cost/cost': '1' },
      identity: {
        columns: { 'resource/id': id, 'resource/tag:model': model, 'resource/tag:team_alias': team, 'resource/tag:end_user': id },
      },
    });
    const rows = [of('r1', 'gpt, "4o"', 'Team A'), of('r2', 'gpt, "4o"', 'Team B'), of('r3', 'claude', 'Team A')];
    const expected = rows.map((r) => JSON.stringify(cbfRowOf(r)));
    assert.deepEqual(text(encoder, rows).trimEnd().split('\n'), expected);
    const [m1, m2, m3] = rows.map((r) => r.identity.encoded!.shared[0]);
    const [t1, t2, t3] = rows.map((r) => r.identity.encoded!.shared[1]);
    assert.ok(m1 === m2 && m1 !== m3, 'the model run: shared by r1 and r2');
    assert.ok(t1 === t3 && t1 !== t2, 'the team run: shared by r1 and r3');
  });

  test('shared runs that do not follow one another in the identity columns are refused', () => {
    assert.throws(() => new CsvEncoder(ROW_COLUMNS, ['a', 'b', 'c'], [['a', 'c']]), /do not follow one another/);
    assert.throws(() => new CsvEncoder(ROW_COLUMNS, ['a', 'b', 'c'], [['a'], ['c']]), /do not follow one another/);
    assert.throws(() => new CsvEncoder(ROW_COLUMNS, ['a', 'b', 'c'], [['b'], ['a']]), /do not follow one another/);
    assert.throws(() => new JsonlEncoder(ROW_COLUMNS, ['a', 'b'], [['x']]), /do not follow one another/);
    assert.throws(() => new JsonlEncoder(ROW_COLUMNS, ['a', 'b'], []), /do not follow one another/);
  });

  test('batches larger than the previous batch grow their buffer without losing bytes', () => {
    const encoder = new CsvEncoder(ROW_COLUMNS, IDENTITY_COLUMNS, SHARED);
    const small = text(encoder, rows.slice(0, 1));
    const wide = rows.map((r) => ({ ...r, values: { ...r.values, 'cost/cost': '9'.repeat(5000) } }));
    const big = text(encoder, wide);
    assert.equal((parse(small + big) as string[][]).length, 1 + wide.length);
    assert.ok(
      big
        .split('\r\n')
        .filter(Boolean)
        .every((l) => l.includes('9'.repeat(5000))),
    );
  });
});

describe('AtomicFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cbf-atomic-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('commit moves the content into place and leaves no temp file', async () => {
    const target = join(dir, 'out.csv');
    const file = await AtomicFile.create(target);
    await file.write('a,b\r\n');
    await file.write(Buffer.from('Zoë,é\r\n', 'utf8'));
    await file.write(new Uint8Array(0));
    assert.ok(!existsSync(target), 'nothing at the destination before commit');
    await file.commit();
    assert.equal(readFileSync(target, 'utf8'), 'a,b\r\nZoë,é\r\n');
    assert.deepEqual(readdirSync(dir), ['out.csv']);
  });

  test('discard leaves an existing destination untouched', async () => {
    const target = join(dir, 'keep.csv');
    writeFileSync(target, 'old');
    const file = await AtomicFile.create(target);
    await file.write('new partial');
    await file.discard();
    await file.discard();
    assert.equal(readFileSync(target, 'utf8'), 'old');
    assert.deepEqual(readdirSync(dir).sort(), ['keep.csv', 'out.csv']);
  });

  /** The file's handle with its flushes to disk counted, and made to fail or wait when asked. */
  function spyFlushes(file: AtomicFile, behaviour: { fail?: Error; until?: Promise<void> } = {}): { flushes: number; syncs: number } {
    const handle = (file as unknown as { handle: FileHandle }).handle;
    const seen = { flushes: 0, syncs: 0 };
    const datasync = handle.datasync.bind(handle);
    const sync = handle.sync.bind(handle);
    handle.datasync = async () => {
      seen.flushes++;
      await behaviour.until;
      if (behaviour.fail) throw behaviour.fail;
      return datasync();
    };
    handle.sync = async () => {
      seen.syncs++;
      return sync();
    };
    return seen;
  }

  test('a large file is flushed to disk while it is written, one flush at a time, and commits every byte in order', async () => {
    const target = join(dir, 'large.csv');
    // Every write crosses the threshold, and the first flush lasts until every write is done.
    const file = await AtomicFile.create(target, 8 * 1024);
    let release = () => {};
    const seen = spyFlushes(file, { until: new Promise<void>((r) => (release = r)) });
    const texts = Array.from({ length: 40 }, (_, i) => `row ${i},"Zoë é",${'x'.repeat(i)}\r\n`.repeat(700));
    // Bytes and text alike count towards a flush.
    for (const [i, text] of texts.entries()) await file.write(i % 2 === 0 ? Buffer.from(text, 'utf8') : text);
    const chunks = texts.map((t) => Buffer.from(t, 'utf8'));
    assert.equal(seen.flushes, 1, 'one flush started while writing, and no other while it lasts');
    release();
    await file.commit();
    assert.equal(seen.flushes, 1);
    assert.equal(seen.syncs, 1, 'commit still syncs everything once');
    assert.ok(readFileSync(target).equals(Buffer.concat(chunks)), 'the committed file holds every byte in order');
    assert.ok(!readdirSync(dir).some((f) => f.endsWith('.tmp')), 'no temp file left');
  });

  test('a failed background flush fails the commit (Linux reports it once) and leaves the destination untouched', async () => {
    const target = join(dir, 'flush-fails.csv');
    writeFileSync(target, 'old');
    const file = await AtomicFile.create(target, 1024);
    const seen = spyFlushes(file, { fail: new Error('EIO: i/o error, fdatasync') });
    for (let i = 0; i < 8; i++) await file.write(Buffer.alloc(1024, 'x'));
    await assert.rejects(file.commit(), (err: unknown) => {
      assert.ok(err instanceof LensError);
      assert.equal(err.kind, 'other');
      assert.match(err.message, /flush-fails\.csv: EIO: i\/o error, fdatasync/);
      return true;
    });
    assert.equal(seen.flushes, 1, 'after a failure no other flush is started');
    assert.equal(seen.syncs, 0, 'the final fsync is not trusted to report it');
    assert.equal(readFileSync(target, 'utf8'), 'old');
    assert.ok(!readdirSync(dir).some((f) => f.startsWith('.flush-fails')), 'the temp file is removed');
  });

  test('discard while a flush is in flight removes the temp file and leaves the destination untouched', async () => {
    const target = join(dir, 'discarded.csv');
    writeFileSync(target, 'old');
    const file = await AtomicFile.create(target, 1024);
    let release = () => {};
    const seen = spyFlushes(file, { until: new Promise<void>((r) => (release = r)) });
    await file.write(Buffer.alloc(4096, 'y'));
    assert.equal(seen.flushes, 1, 'a flush is in flight');
    await file.discard();
    // The flush ends after the file is closed: its failure is nobody's to report, and nothing is left behind.
    release();
    await new Promise((r) => setImmediate(r));
    assert.equal(readFileSync(target, 'utf8'), 'old');
    assert.ok(!readdirSync(dir).some((f) => f.startsWith('.discarded')), 'the temp file is removed');
  });

  test('a missing folder is a usage error naming the path', async () => {
    await assert.rejects(AtomicFile.create(join(dir, 'no', 'such', 'x.csv')), (err: unknown) => {
      assert.ok(err instanceof LensError);
      assert.equal(err.kind, 'usage');
      assert.match(err.message, /folder does not exist/);
      return true;
    });
  });
});
