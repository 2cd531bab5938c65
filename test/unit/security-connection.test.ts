// Issue 16, findings 7 (secrets in malformed URLs) and 8 (loopback by name prefix; DEP0123 with an IP host).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isLoopback, resolveConnection, tlsOptionsFor } from '../../src/core/db/connectionOptions';
import { redactUrl } from '../../src/core/db/redact';
import { LensError } from '../../src/core/errors';
import { parseProfiles } from '../../src/extension/logic/profiles';

const SECRET_PARTS = ['p@ss', 'ss@', 'S3cr', 'et9', 'hunter'];

function failure(url: string): LensError {
  try {
    resolveConnection({ url, env: {} });
  } catch (err) {
    assert.ok(err instanceof LensError, String(err));
    return err;
  }
  assert.fail(`${url} was accepted`);
}

describe('security: connection strings never echo their input', () => {
  const cases: [string, RegExp][] = [
    ['postgresql://user:p@ss@host:99999/db', /more than one "@"/],
    ['postgresql://admin:S3cr/et9@db.example/litellm', /./],
    ['postgresql://admin:1234/hunter@db.example/litellm', /unencoded \/ \? or #/],
    ['postgresql://admin:1234#hunter@db.example/litellm', /unencoded \/ \? or #/],
    ['postgresql://admin:hunter@db.example:99999/litellm', /port/],
  ];
  for (const [url, reason] of cases) {
    test(`${url.replace(/:[^/].*@/, ':…@')} is a usage error that quotes no part of the password`, () => {
      const err = failure(url);
      assert.equal(err.kind, 'usage');
      assert.equal(err.exitCode, 2);
      const text = `${err.message}\n${err.hint ?? ''}`;
      for (const part of SECRET_PARTS) assert.ok(!text.includes(part), `"${part}" leaked: ${text}`);
      assert.ok(!text.includes('db.example') || !/hunter|S3cr/.test(text));
      assert.match(err.message, reason);
      assert.match(err.hint ?? '', /%40/);
    });
  }

  test('redaction of URLs inside text runs to the last "@" of the URL', () => {
    for (const text of [
      'connect postgresql://user:p@ss@host:99999/db failed',
      'postgresql://admin:1234/hunter@db.example/litellm',
      "x='postgresql://u:S3cr@et9@h/d'",
    ]) {
      const out = redactUrl(text);
      for (const part of SECRET_PARTS) assert.ok(!out.includes(part), `"${part}" leaked: ${out}`);
    }
    assert.equal(redactUrl('a postgresql://u:pw@h/d and postgresql://v:qq@k/e'), 'a postgresql://u:***@h/d and postgresql://v:***@k/e');
  });

  test('a URL with an unencoded "@" in the password parses as WHATWG reads it, and is displayed without it', () => {
    const c = resolveConnection({ url: 'postgresql://user:p@ss@host/db', env: {} });
    assert.deepEqual([c.password, c.host], ['p@ss', 'host']);
    assert.match(c.display, /^postgresql:\/\/user:\*\*\*@host:5432\/db/);
  });

  test('a well-formed URL with an encoded password still works', () => {
    const c = resolveConnection({ url: 'postgresql://user:p%40ss%2Fx@db.example:6432/lite', env: {} });
    assert.deepEqual([c.user, c.password, c.host, c.port, c.database], ['user', 'p@ss/x', 'db.example', 6432, 'lite']);
    assert.ok(!c.display.includes('p@ss'));
  });

  test('?password= is understood (as libpq does) but never displayed', () => {
    const c = resolveConnection({ url: 'postgresql://user@db.example/lite?password=hunter2&sslmode=require', env: {} });
    assert.equal(c.password, 'hunter2');
    assert.ok(!c.display.includes('hunter2'));
  });

  test('profiles refuse a password in the URL, as userinfo or as ?password=, without echoing it', () => {
    const { profiles, problems } = parseProfiles([
      { name: 'a', url: 'postgresql://u@db.example/lite?password=hunter2' },
      { name: 'b', url: 'postgresql://u:hunter2@db.example/lite' },
      { name: 'c', url: 'postgresql://u:p@ss@db.example/lite' },
      { name: 'ok', url: 'postgresql://u@db.example/lite' },
    ]);
    assert.deepEqual(
      profiles.map((p) => p.name),
      ['ok'],
    );
    assert.equal(problems.length, 3);
    for (const p of problems) assert.ok(!p.includes('hunter2') && !p.includes('p@ss'), p);
    assert.match(problems[0], /remove the password/);
  });
});

describe('security: loopback is decided by address, not by name prefix', () => {
  test('isLoopback', () => {
    for (const h of ['localhost', '127.0.0.1', '127.1.2.3', '::1', '[::1]', '0:0:0:0:0:0:0:1', '/var/run/postgresql']) {
      assert.equal(isLoopback(h), true, h);
    }
    for (const h of ['127.corp.example', '127.0.0.1.nip.io', 'localhost.evil.example', '128.0.0.1', '10.0.0.1', '::2', 'db.example']) {
      assert.equal(isLoopback(h), false, h);
    }
  });

  test('a host named 127.… defaults to verify-full, not prefer', () => {
    assert.equal(resolveConnection({ url: 'postgresql://u@127.corp.example/db', env: {} }).sslmode, 'verify-full');
    assert.equal(resolveConnection({ url: 'postgresql://u@127.0.0.1/db', env: {} }).sslmode, 'prefer');
  });

  test('verify-full with an IP host sets no IP servername (DEP0123) and checks the IP against the certificate', () => {
    const ip = tlsOptionsFor(resolveConnection({ url: 'postgresql://u@10.1.2.3/db?sslmode=verify-full', env: {} }));
    assert.ok(ip);
    assert.equal(ip.servername, undefined);
    assert.equal(typeof ip.checkServerIdentity, 'function');
    const cert = { subject: { CN: 'db' }, subjectaltname: 'IP Address:10.1.2.3' } as never;
    assert.equal(ip.checkServerIdentity!('localhost', cert), undefined, 'the certificate for 10.1.2.3 matches');
    assert.ok(
      ip.checkServerIdentity!('localhost', { subject: { CN: 'db' }, subjectaltname: 'IP Address:10.9.9.9' } as never) instanceof Error,
    );
    const named = tlsOptionsFor(resolveConnection({ url: 'postgresql://u@db.example/db?sslmode=verify-full', env: {} }));
    assert.ok(named);
    assert.equal(named.servername, 'db.example');
  });
});
