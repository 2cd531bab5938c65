import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { classifyError } from '../../src/core/db/classifyError';
import type { ResolvedConnection } from '../../src/core/db/connectionOptions';

const conn = { host: 'db.example', port: 5432, database: 'litellm', user: 'lens', password: 's3cret' } as ResolvedConnection;

describe('classifyError: a lost session is a connection error (CLI exit 3), whichever way pg reports it', () => {
  const cases: [string, { code?: string; message: string }, RegExp][] = [
    [
      'the backend terminated mid-statement',
      { code: '57P01', message: 'terminating connection due to administrator command' },
      /closed the session/,
    ],
    ['the socket closed under a statement', { message: 'Connection terminated unexpectedly' }, /was lost: Connection terminated/],
    [
      'a pooled session killed while idle, used before its error was heard',
      { message: 'Client has encountered a connection error and is not queryable' },
      /was lost: the server closed the session before the statement was sent/,
    ],
  ];
  for (const [what, err, message] of cases) {
    test(what, () => {
      const e = classifyError(Object.assign(new Error(err.message), err), conn);
      assert.equal(e.kind, 'connection');
      assert.equal(e.exitCode, 3);
      assert.match(e.message, message);
      assert.match(e.message, /db\.example:5432\/litellm|closed the session/);
      assert.doesNotMatch(`${e.message} ${e.hint ?? ''}`, /s3cret/);
    });
  }

  test('an unrecognised error stays "other" with its own message', () => {
    const e = classifyError(new Error('something else entirely'), conn);
    assert.equal(e.kind, 'other');
    assert.match(e.message, /something else entirely/);
  });
});
