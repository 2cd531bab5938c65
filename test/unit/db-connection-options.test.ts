import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveConnection, tlsOptionsFor } from '../../src/core/db/connectionOptions';
import { redactSecrets, redactUrl } from '../../src/core/db/redact';
import { LensError } from '../../src/core/errors';

test('parses a LiteLLM DATABASE_URL and hides the password in the display form', () => {
  const c = resolveConnection({ url: 'postgresql://llm:p%40ss%3Aword@db.example.com:6543/litellm' });
  assert.equal(c.host, 'db.example.com');
  assert.equal(c.port, 6543);
  assert.equal(c.user, 'llm');
  assert.equal(c.password, 'p@ss:word');
  assert.equal(c.database, 'litellm');
  assert.equal(c.display, 'postgresql://llm:***@db.example.com:6543/litellm?sslmode=verify-full');
});

test('falls back to DATABASE_URL from the given environment', () => {
  const c = resolveConnection({ env: { DATABASE_URL: 'postgres://a@127.0.0.1/x' } });
  assert.equal(c.host, '127.0.0.1');
  assert.equal(c.sslmode, 'prefer', 'loopback keeps libpq default');
});

test('verification is on by default for non-loopback hosts, off only when asked', () => {
  assert.deepEqual(tlsOptionsFor(resolveConnection({ url: 'postgres://a@db.internal/x' })), {
    ca: undefined,
    rejectUnauthorized: true,
    servername: 'db.internal',
  });
  assert.deepEqual(tlsOptionsFor(resolveConnection({ url: 'postgres://a@db.internal/x?sslmode=require' })), { rejectUnauthorized: false });
  assert.equal(tlsOptionsFor(resolveConnection({ url: 'postgres://a@db.internal/x?sslmode=disable' })), false);
  const verifyCa = tlsOptionsFor(resolveConnection({ url: 'postgres://a@db.internal/x?sslmode=verify-ca' }));
  assert.ok(verifyCa && verifyCa.rejectUnauthorized === true && typeof verifyCa.checkServerIdentity === 'function');
});

test('bad input gives usage errors', () => {
  for (const url of ['not a url', 'mysql://a@b/c', 'postgres://a@b:99999/c', 'postgres://a@b/c?sslmode=sometimes']) {
    assert.throws(
      () => resolveConnection({ url }),
      (e: unknown) => e instanceof LensError && e.kind === 'usage',
      url,
    );
  }
  assert.throws(
    () => resolveConnection({ env: {} }),
    (e: unknown) => e instanceof LensError && e.kind === 'usage',
  );
});

test('redaction removes passwords from URLs, keyword strings and literal secrets', () => {
  assert.equal(redactUrl('connect postgresql://u:hunter2@h:5432/d failed'), 'connect postgresql://u:***@h:5432/d failed');
  assert.equal(redactUrl('host=h password=hunter2 user=u'), 'host=h password=*** user=u');
  assert.equal(redactSecrets('token p@ss:word and p%40ss%3Aword', ['p@ss:word']), 'token *** and ***');
});
