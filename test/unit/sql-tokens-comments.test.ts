import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { blockCommentEnd, tokenize } from '../../src/core/sql/tokens';

// PostgreSQL nests block comments (scan.l, xc): `/* a /* b */ c */` is one comment.
describe('SQL tokenizer: block comments', () => {
  test('a nested block comment is one comment token, and the code after it is code', () => {
    const sql = 'SELECT /* a /* b; */ $1 */ 1;';
    const tokens = tokenize(sql);
    const comment = tokens.find((t) => t.kind === 'comment');
    assert.equal(comment?.text, '/* a /* b; */ $1 */');
    assert.equal(comment?.unterminated, undefined);
    assert.deepEqual(
      tokens.filter((t) => t.kind !== 'comment').map((t) => t.text),
      ['SELECT', '1', ';'],
    );
  });

  test('a comment still open at the end of the text is unterminated and runs to the end', () => {
    const sql = 'SELECT 1 /* open /* inner */ still open';
    const last = tokenize(sql).at(-1);
    assert.equal(last?.kind, 'comment');
    assert.equal(last?.end, sql.length);
    assert.equal(last?.unterminated, true);
    assert.deepEqual(blockCommentEnd(sql, sql.indexOf('/*')), { end: sql.length, closed: false });
  });
});
