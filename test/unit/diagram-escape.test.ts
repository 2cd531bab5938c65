import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assignIds, attributeName, attributeType, escapeLabel, isSafeId, quoted } from '../../src/core/diagram/escape';
import { HOSTILE_NAMES } from '../support/diagramFixtures';

/** What mermaid shows for an escaped label: its `#…;` codes decoded, as the browser does in the SVG. */
function shown(escaped: string): string {
  const named: Record<string, string> = { quot: '"', amp: '&', lt: '<', gt: '>' };
  return escaped.replace(/#(\w+);/g, (_, code: string) => (/^\d+$/.test(code) ? String.fromCodePoint(Number(code)) : named[code]));
}

const SPECIALS = ['"', '#', '%', '&', '<', '>', '\\', '`', '|', '{', '}', ';', ':', '*', '\n', '\r', '\uFB02', '\u00B6'];

describe('escapeLabel', () => {
  test('every hostile name shows exactly as written, minus line breaks', () => {
    for (const name of HOSTILE_NAMES) assert.equal(shown(escapeLabel(name)), name.replace(/\n/g, ' '), name);
  });

  test('no special character survives outside an entity code', () => {
    const text = `${SPECIALS.join('x')} $$k$$ _em_ direction LR`;
    const bare = escapeLabel(text).replace(/#\w+;/g, '');
    for (const c of SPECIALS) assert.ok(!bare.includes(c), `raw ${JSON.stringify(c)} left in ${bare}`);
    assert.ok(!bare.includes('$$'));
    assert.ok(!/direction\s+LR/i.test(bare));
    assert.equal(shown(escapeLabel(text)), text.replace(/[\n\r]/g, ' '));
  });

  test('quotes and pipes use entity codes mermaid decodes', () => {
    assert.equal(escapeLabel('say "hi" | bye'), 'say #quot;hi#quot; #124; bye');
    assert.equal(quoted('a"b'), '"a#quot;b"');
  });

  test('a user-written entity code is shown literally, not decoded', () => {
    assert.equal(escapeLabel('#quot;'), '#35;quot#59;');
    assert.equal(shown(escapeLabel('#quot;')), '#quot;');
  });

  test('mermaid directives, comments and markup are neutralised', () => {
    assert.equal(escapeLabel('%%{init: {}}%%'), '#37;#37;#123;init#58; #123;#125;#125;#37;#37;');
    assert.equal(escapeLabel('<img src=x onerror=alert(1)>'), '#lt;img src=x onerror=alert(1)#gt;');
    assert.equal(escapeLabel('fa:fa-bomb'), 'fa#58;fa-bomb');
  });

  test('`direction LR` inside a label cannot switch the diagram direction', () => {
    assert.equal(escapeLabel('set direction   TB now'), 'set direction#32;TB now');
    assert.equal(escapeLabel('DIRECTION rl'), 'DIRECTION#32;rl');
    assert.equal(escapeLabel('direction LRX'), 'direction#32;LRX', 'mermaid matches a prefix');
    assert.equal(escapeLabel('direction up'), 'direction up');
  });

  test('money and snake_case stay readable; KaTeX and emphasis do not', () => {
    assert.equal(escapeLabel('$1,234.50'), '$1,234.50');
    assert.equal(escapeLabel('LiteLLM_UserTable.user_id'), 'LiteLLM_UserTable.user_id');
    assert.equal(escapeLabel('$$x$$'), '#36;#36;x#36;#36;');
    assert.equal(escapeLabel('_x_ **b**'), '#95;x#95; #42;#42;b#42;#42;');
    assert.equal(escapeLabel('prénom_ü'), 'prénom_ü');
  });

  test('line breaks and controls become spaces, bidi overrides are dropped, unicode stays', () => {
    assert.equal(escapeLabel('a\nb\r\nc\td\u2028e\u0000f'), 'a b  c d e f');
    assert.equal(escapeLabel('ab\u202Ecd\u2066'), 'abcd');
    assert.equal(escapeLabel('Ünïcödé テーブル 🚀'), 'Ünïcödé テーブル 🚀');
  });
});

describe('ids', () => {
  test('isSafeId accepts plain identifiers and rejects keywords in any case', () => {
    for (const ok of ['LiteLLM_DailyUserSpend', 'MonthlyGlobalSpend', '_x', 'endpoint', 'one_table', 'classes']) {
      assert.ok(isSafeId(ok), ok);
    }
    for (const bad of [
      'end',
      'END',
      'class',
      'classDef',
      'style',
      'subgraph',
      'one',
      'many',
      'to',
      'u',
      'direction',
      'PK',
      '1abc',
      'a-b',
      'a b',
      'é',
      '',
      'a"b',
    ]) {
      assert.ok(!isSafeId(bad), bad);
    }
  });

  test('assignIds keeps safe names and gives every other name a unique safe id', () => {
    const names = ['weird name', 'weird_name', 'end', 'end_', 'LiteLLM_UserTable', '123', 'テーブル', '', '"q"', ...HOSTILE_NAMES];
    const ids = assignIds(names);
    assert.equal(ids.get('weird_name'), 'weird_name');
    assert.equal(ids.get('end_'), 'end_');
    assert.equal(ids.get('LiteLLM_UserTable'), 'LiteLLM_UserTable');
    assert.equal(ids.get('weird name'), 'weird_name_2');
    assert.equal(ids.get('end'), 'end__2');
    assert.equal(ids.get('123'), 't_123');
    const distinctNames = new Set(names);
    assert.equal(ids.size, distinctNames.size);
    assert.equal(new Set(ids.values()).size, distinctNames.size, 'ids are unique');
    for (const id of ids.values()) assert.ok(isSafeId(id), id);
  });

  test('assignIds is deterministic and a safe name is never displaced by a generated one', () => {
    assert.deepEqual([...assignIds(['a b', 'a_b'])], [...assignIds(['a b', 'a_b'])]);
    assert.equal(assignIds(['a b', 'a_b']).get('a_b'), 'a_b');
  });
});

describe('attribute words', () => {
  test('types become single words with the array/precision folded in', () => {
    assert.equal(attributeType('timestamp(3) without time zone'), 'timestamp3');
    assert.equal(attributeType('timestamp with time zone'), 'timestamptz');
    assert.equal(attributeType('text[]'), 'text_array');
    assert.equal(attributeType('integer[][]'), 'integer_array_array');
    assert.equal(attributeType('double precision'), 'double_precision');
    assert.equal(attributeType('character varying(255)'), 'varchar255');
    assert.equal(attributeType('numeric(10,2)'), 'numeric10_2');
    assert.equal(attributeType('"JobStatus"'), 'JobStatus');
    assert.equal(attributeType('jsonb'), 'jsonb');
    assert.equal(attributeType('uk'), 'uk_');
    assert.equal(attributeType('"ü"'), 'unknown');
  });

  test('names become words that are not key markers', () => {
    assert.equal(attributeName('user_id'), 'user_id');
    assert.equal(attributeName('_id'), '_id');
    assert.equal(attributeName('startTime'), 'startTime');
    assert.equal(attributeName('pk'), 'pk_');
    assert.equal(attributeName('FK'), 'FK_');
    assert.equal(attributeName('ref "1" | {x}'), 'ref_1_x_');
    assert.equal(attributeName('9lives'), '_9lives');
    for (const n of HOSTILE_NAMES) assert.match(attributeName(n), /^[A-Za-z_][A-Za-z0-9_]*$/);
  });
});
