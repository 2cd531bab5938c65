import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { cellText, formatTable } from '../../src/core/analyses/formatTable';
import { pipeCsv, writeCsv, writeJson, type RowSource } from '../../src/core/analyses/writers';
import type { Row } from '../../src/core/db/database';

const columns = [
  { name: 'alias', type: 'text' },
  { name: 'spend', type: 'float8' },
  { name: 'tags', type: 'jsonb' },
  { name: 'blocked', type: 'bool' },
  { name: 'at', type: 'timestamptz' },
];
const rows: Row[] = [
  { alias: 'Acme, "Labs"', spend: 1.5, tags: ['prod', 'a,b'], blocked: false, at: new Date('2026-10-31T12:00:00Z') },
  { alias: 'Platform\nInfra', spend: 0, tags: [], blocked: true, at: null },
  { alias: '=HYPERLINK("x")', spend: 1e-7, tags: { k: 1 }, blocked: null, at: null },
];

function source(batches: Row[][], cols = columns): RowSource {
  return {
    columns: cols,
    batches: (async function* () {
      yield* batches;
    })(),
  };
}

describe('writers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lens-writers-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('CSV round-trips hostile text, JSON values, booleans and instants', async () => {
    const file = join(dir, 'out.csv');
    const summary = await writeCsv(file, source([rows.slice(0, 2), [], rows.slice(2)]));
    assert.deepEqual(summary, { rows: 3, path: file });
    const parsed = parse(readFileSync(file, 'utf8'), { columns: true }) as Record<string, string>[];
    assert.deepEqual(parsed[0], {
      alias: 'Acme, "Labs"',
      spend: '1.5',
      tags: '["prod","a,b"]',
      blocked: 'false',
      at: '2026-10-31T12:00:00.000Z',
    });
    assert.deepEqual(parsed[1], { alias: 'Platform\nInfra', spend: '0', tags: '[]', blocked: 'true', at: '' });
    assert.equal(parsed[2].alias, `'=HYPERLINK("x")`, 'a spreadsheet formula is escaped');
    assert.equal(Number(parsed[2].spend), 1e-7);
  });

  test('an empty result still has its header; JSON is an empty array', async () => {
    const csv = join(dir, 'empty.csv');
    await writeCsv(csv, source([]));
    assert.equal(readFileSync(csv, 'utf8'), 'alias,spend,tags,blocked,at\n');
    const json = join(dir, 'empty.json');
    await writeJson(json, source([]));
    assert.deepEqual(JSON.parse(readFileSync(json, 'utf8')), []);
  });

  test('JSON is one array of row objects', async () => {
    const file = join(dir, 'out.json');
    await writeJson(file, source([rows.slice(0, 1), rows.slice(1)]));
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Row[];
    assert.equal(parsed.length, 3);
    assert.deepEqual(parsed[0], { ...rows[0], at: '2026-10-31T12:00:00.000Z' });
  });

  test('undescribed columns come from the first row', async () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (c: Buffer) => (text += c.toString()));
    await pipeCsv(out, source([[{ a: 1, b: 'x' }]], []));
    assert.equal(text, 'a,b\n1,x\n');
  });

  test('a failing source leaves neither the target nor a temp file', async () => {
    const file = join(dir, 'failed.csv');
    const failing: RowSource = {
      columns,
      batches: (async function* () {
        yield rows;
        throw new Error('connection lost');
      })(),
    };
    await assert.rejects(writeCsv(file, failing), /connection lost/);
    assert.equal(existsSync(file), false);
    assert.deepEqual(
      readdirSync(dir).filter((f) => f.includes('failed')),
      [],
    );
  });

  test('a missing folder is an error, not a hang', async () => {
    await assert.rejects(writeCsv(join(dir, 'no', 'such', 'x.csv'), source([rows])), /folder does not exist/);
  });
});

describe('formatTable', () => {
  test('escapes control characters and right-aligns numbers', () => {
    const text = formatTable(columns.slice(0, 2), rows);
    const lines = text.trimEnd().split('\n');
    assert.equal(lines.length, 2 + rows.length);
    assert.match(lines[3], /^Platform\\nInfra\s+0$/);
    assert.equal(cellText('a\tb\u0007'), 'a\\tb?');
    assert.equal(cellText({ k: [1] }), '{"k":[1]}');
    assert.equal(cellText('x'.repeat(100)).length, 60);
  });
});
