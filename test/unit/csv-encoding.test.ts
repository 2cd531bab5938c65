// The one CSV encoder (src/core/files/csv.ts) writes exactly what csv-stringify writes, cell by cell and record by
// record, for hostile cells under every delimiter the product offers.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { CsvEncoding, escapeFormula } from '../../src/core/files/csv';

const CELLS = [
  'plain',
  'comma, inside',
  'semi;colon',
  'tab\there',
  'pipe||pipe',
  'quote " inside',
  '"quoted"',
  '""',
  '"',
  'line\nfeed',
  'carriage\rreturn',
  'crlf\r\nend',
  '\n',
  '  padded  ',
  '=SUM(A1)',
  '-12.5',
  '-x',
  'Zoë Ñandú 日本語 🚀',
  'back\\slash',
  '\u2028\u2029',
  '',
];

describe('CsvEncoding', () => {
  for (const delimiter of [',', ';', '\t', '||']) {
    for (const recordDelimiter of ['\n', '\r\n'] as const) {
      for (const escapeFormulas of [false, true]) {
        test(`delimiter ${JSON.stringify(delimiter)}, record end ${JSON.stringify(recordDelimiter)}, formulas ${escapeFormulas ? 'escaped' : 'verbatim'}: as csv-stringify writes it`, () => {
          const csv = new CsvEncoding({ delimiter, recordDelimiter, escapeFormulas });
          const options = { delimiter, record_delimiter: recordDelimiter, quoted_match: /[\r\n]/ };
          const cellOf = (c: string) => (escapeFormulas ? escapeFormula(c) : c);
          for (const cell of CELLS) {
            assert.equal(csv.cell(cell), stringify([[cellOf(cell)]], options).slice(0, -recordDelimiter.length), JSON.stringify(cell));
          }
          const rows = CELLS.map((c, i) => [c, CELLS[(i + 3) % CELLS.length], String(i)]);
          const text = csv.records(rows);
          assert.equal(
            text,
            stringify(
              rows.map((r) => r.map(cellOf)),
              options,
            ),
          );
          assert.deepEqual(
            parse(text, { delimiter, record_delimiter: recordDelimiter }),
            rows.map((r) => r.map(cellOf)),
          );
        });
      }
    }
  }

  test('null and undefined are empty cells', () => {
    const csv = new CsvEncoding({ escapeFormulas: false });
    assert.equal(csv.record([null, undefined, 'a']), ',,a');
  });
});
