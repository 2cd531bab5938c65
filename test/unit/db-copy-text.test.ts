import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import v8 from 'node:v8';
import vm from 'node:vm';
import { TupleMemo } from '../../src/core/cbf/memo';
import { PROFILES } from '../../src/core/cbf/profiles/index';
import { sourceRow } from '../support/sourceRow';
import { CopyTextParser, detachString } from '../../src/core/db/copyText';
import { inlineParams } from '../../src/core/db/inlineParams';

const bytes = (s: string) => Buffer.from(s, 'utf8');

describe('CopyTextParser (COPY TO STDOUT, text format)', () => {
  test('splits rows and fields, reads \\N as NULL and undoes every escape COPY TO writes', () => {
    const p = new CopyTextParser();
    const rows = p.push(bytes('a\t\\N\t\tx\\ty\n' + 'line\\nbreak\\r\tback\\\\slash\t\\\\N\t\\b\\f\\v\n'));
    assert.deepEqual(rows, [
      ['a', null, '', 'x\ty'],
      ['line\nbreak\r', 'back\\slash', '\\N', '\b\f\v'],
    ]);
    p.end();
  });

  test('rows and multi-byte characters split across chunks come out whole', () => {
    const text = 'Zoë 😀 ünïcödé\t42\nzweite Zeile ✓\t\\N\n';
    const all = bytes(text);
    for (let cut = 1; cut < all.length; cut++) {
      const p = new CopyTextParser();
      const rows = [...p.push(all.subarray(0, cut)), ...p.push(all.subarray(cut))];
      assert.deepEqual(
        rows,
        [
          ['Zoë 😀 ünïcödé', '42'],
          ['zweite Zeile ✓', null],
        ],
        `cut at byte ${cut}`,
      );
      p.end();
    }
  });

  test('chunks of many rows (decoded in pieces) and rows longer than a piece come out whole, in order', () => {
    const rows = Array.from({ length: 3000 }, (_, i) => [
      `row ${i} ${i % 7 === 0 ? 'Zoë ✓ '.repeat(i % 50) : ''}`,
      i % 500 === 0 ? 'y'.repeat(20_000) : String(i),
      i % 11 === 0 ? '' : 'z',
    ]);
    const all = bytes(rows.map((r) => `${r.join('\t')}\n`).join(''));
    for (const size of [1, 977, 65_536, all.length]) {
      const p = new CopyTextParser();
      const out: (string | null)[][] = [];
      for (let at = 0; at < all.length; at += size) out.push(...p.push(all.subarray(at, at + size)));
      p.end();
      assert.deepEqual(out, rows, `chunks of ${size} bytes`);
    }
  });

  test('empty lines are rows of one empty field, wherever chunks cut', () => {
    const all = bytes('\na\n\n\nb\n\n');
    for (let cut = 0; cut <= all.length; cut++) {
      const p = new CopyTextParser();
      assert.deepEqual(
        [...p.push(all.subarray(0, cut)), ...p.push(all.subarray(cut))],
        [[''], ['a'], [''], [''], ['b'], ['']],
        `cut at ${cut}`,
      );
      p.end();
    }
  });

  test('a stream that ends inside a row is an error, not a silently dropped row', () => {
    const p = new CopyTextParser();
    assert.deepEqual(p.push(bytes('complete\nhalf')), [['complete']]);
    assert.throws(() => p.end(), /ended inside a row \(4 bytes left over\)/);
  });
});

/** Heap in use after a full garbage collection. */
function heapAfterGc(): number {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
  return process.memoryUsage().heapUsed;
}

describe('detachString', () => {
  test('equal text; what a memo keeps does not pin the chunks the parser decoded', () => {
    assert.equal(detachString('short'), 'short');
    assert.equal(detachString('a longer value, über 13 chars'), 'a longer value, über 13 chars');
    // 60 chunks of ~1 MB, each yielding one row whose 64-char key is a slice of the chunk's text.
    const grownWhileKeeping = (keep: (key: string, i: number) => void) => {
      const before = heapAfterGc();
      for (let i = 0; i < 60; i++) {
        const [row] = new CopyTextParser().push(bytes(`${String(i).padStart(64, 'k')}\t${'x'.repeat(1_000_000)}\n`));
        keep(row[0] as string, i);
      }
      return heapAfterGc() - before;
    };
    const memo = new TupleMemo<number>();
    const viaMemo = grownWhileKeeping((key, i) => memo.get(key, null, [key], () => i));
    assert.ok(viaMemo < 10e6, `a memo of 60 keys holds ${(viaMemo / 1e6).toFixed(1)} MB`);
    assert.equal(
      memo.get(`${'59'.padStart(64, 'k')}`, null, [`${'59'.padStart(64, 'k')}`], () => -1),
      59,
    );
    // Control: keeping the raw slices keeps ~60 MB alive, so this measurement does see pinning.
    const slices: string[] = [];
    const viaSlices = grownWhileKeeping((key) => slices.push(key));
    assert.ok(viaSlices > 40e6, `60 raw slices hold ${(viaSlices / 1e6).toFixed(1)} MB`);
    assert.equal(slices.length, 60);
  });

  const TEXT_COLUMNS = [
    'usage_start',
    'entity',
    'api_key',
    'model',
    'model_group',
    'provider',
    'call_type',
    'end_user',
    'log_team_id',
    'spend',
    'key_alias',
    'key_name',
    'user_id',
    'team_id',
    'org_id',
    'user_alias',
    'user_email',
    'team_alias',
    'org_alias',
    'enriched_team_id',
    'attribution',
  ];
  for (const profile of ['lens', 'll2cz'] as const) {
    test(`the identities the ${profile} profile caches do not pin chunks either`, () => {
      const build = PROFILES[profile].builder('user');
      const built: unknown[] = [];
      const before = heapAfterGc();
      for (let i = 0; i < 60; i++) {
        const values: Record<string, string> = {
          usage_start: '2025-01-01T00:00:00Z',
          spend: '0.5',
        };
        const fields = TEXT_COLUMNS.map((c) => values[c] ?? `${c}-${i}-`.padEnd(40, 'v'));
        // The identity's row shares its chunk with a 1 MB row, as rows share COPY chunks (sources read them so).
        const [row] = new CopyTextParser().push(bytes(`${fields.join('\t')}\n${'x'.repeat(1_000_000)}\n`));
        const source = Object.fromEntries(TEXT_COLUMNS.map((c, k) => [c, row[k]]));
        built.push(
          build(sourceRow({ prompt_tokens: 1, completion_tokens: 1, api_requests: 1, successful_requests: 1, ...source })).identity,
        );
      }
      const grown = heapAfterGc() - before;
      assert.equal(built.length, 60);
      assert.ok(grown < 10e6, `60 ${profile} identities hold ${(grown / 1e6).toFixed(1)} MB`);
    });
  }
});

describe('inlineParams (COPY takes no bind parameters)', () => {
  test('replaces $n by literals, $1 apart from $10, quotes and backslashes escaped', () => {
    const params = ['2025-01-01', "O'Brien \\ co", 365, null, 'e', 'f', 'g', 'h', 'i', 'ten'];
    assert.equal(
      inlineParams('SELECT $1::date, $2, $3, $4, $10, $1', params),
      `SELECT '2025-01-01'::date, ${" E'O''Brien \\\\ co'"}, 365, NULL, 'ten', '2025-01-01'`,
    );
  });

  test('refuses a missing parameter and values it cannot write', () => {
    assert.throws(() => inlineParams('SELECT $2', ['a']), /No value for \$2 \(1 parameters\)/);
    assert.throws(() => inlineParams('SELECT $1', [Number.NaN]), /Cannot inline \$1/);
    assert.throws(() => inlineParams('SELECT $1', [{}]), /object values are not supported/);
  });
});
