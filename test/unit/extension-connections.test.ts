import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LensError } from '../../src/core/errors';
import { connectPicks } from '../../src/extension/logic/connectPicks';
import {
  connectInputFor,
  DEMO_TARGET,
  describeTarget,
  envTarget,
  PASTED_TARGET,
  profileTarget,
} from '../../src/extension/logic/connectTarget';
import { parseProfiles, profileUrl } from '../../src/extension/logic/profiles';

const defaults = { statementTimeout: 30, applicationName: 'lens-test' };

describe('connection profiles from settings', () => {
  test('valid profiles pass; bad entries are reported by position, never used', () => {
    const { profiles, problems } = parseProfiles([
      { name: 'prod', url: 'postgresql://lens@db.example.com:5432/litellm?sslmode=verify-full' },
      { name: 'local', host: 'localhost', port: 5433, database: 'llm', user: 'me', sslmode: 'disable', statementTimeout: 5 },
      { name: 'leaky', url: 'postgresql://lens:hunter2@db.example.com/litellm' },
      { name: 'prod', host: 'other' },
      { url: 'postgresql://x@y/z' },
      { name: 'tls', host: 'h', sslmode: 'maybe' },
      { name: 'port', host: 'h', port: 70000 },
      'not an object',
    ]);
    assert.deepEqual(
      profiles.map((p) => p.name),
      ['prod', 'local'],
    );
    assert.equal(problems.length, 6);
    assert.match(problems[0], /#3: "leaky": remove the password/);
    assert.ok(!problems.join(' ').includes('hunter2'), 'the rejected password is not echoed');
    assert.match(problems[1], /#4: the name "prod" is used twice/);
    assert.match(problems[2], /#5: needs a "name"/);
    assert.match(problems[3], /sslmode must be one of disable, allow/);
    assert.match(problems[4], /port must be an integer/);
    assert.match(problems[5], /#8: must be an object/);
    assert.deepEqual(parseProfiles({ name: 'x' }).problems, ['litellmLens.connections must be an array of profiles.']);
    assert.deepEqual(parseProfiles(undefined), { profiles: [], problems: [] });
  });

  test('host fields become a password-free URL with encoded parts', () => {
    assert.equal(
      profileUrl({ name: 'a', host: 'db', user: 'lens user', database: 'lite/llm' }),
      'postgresql://lens%20user@db:5432/lite%2Fllm',
    );
    assert.equal(profileUrl({ name: 'b', host: '::1', port: 6543 }), 'postgresql://[::1]:6543/litellm');
  });

  test('a profile connects with its stored password, TLS settings and timeout in ms', () => {
    const target = profileTarget({
      name: 'p',
      host: 'db.example.com',
      user: 'lens',
      sslmode: 'verify-ca',
      sslrootcert: '/ca.pem',
      statementTimeout: 5,
    });
    const input = connectInputFor(target, defaults, { env: {}, password: 's3cret' });
    assert.deepEqual(input, {
      applicationName: 'lens-test',
      statementTimeoutMs: 5000,
      env: {},
      url: 'postgresql://lens@db.example.com:5432/litellm',
      password: 's3cret',
      sslmode: 'verify-ca',
      sslrootcert: '/ca.pem',
    });
    assert.equal(connectInputFor(profileTarget({ name: 'q', host: 'h' }), defaults, { env: {} }).statementTimeoutMs, 30_000);
  });

  test('the env target reads the configured variable and says clearly when it is unset', () => {
    const env = { LITELLM_DB: 'postgresql://u:pw@h/db', PGPASSWORD: 'x' };
    const input = connectInputFor(envTarget('LITELLM_DB'), defaults, { env });
    assert.equal(input.url, 'postgresql://u:pw@h/db');
    assert.equal(input.env, env);
    assert.throws(
      () => connectInputFor(envTarget('DATABASE_URL'), defaults, { env }),
      (err: unknown) => err instanceof LensError && err.kind === 'usage' && /DATABASE_URL is not set/.test(err.message),
    );
    assert.throws(() => connectInputFor(PASTED_TARGET, defaults, { env: {} }), /No pasted connection string/);
    assert.equal(connectInputFor(PASTED_TARGET, defaults, { env: {}, pastedUrl: 'postgresql://a@b/c' }).url, 'postgresql://a@b/c');
  });

  test('descriptions never show a password', () => {
    const secrets = {
      env: { DATABASE_URL: 'postgresql://lens:hunter2@db.example.com:5432/litellm' },
      pastedUrl: 'postgresql://x:p%40ss@10.0.0.1/l',
    };
    assert.equal(
      describeTarget(envTarget('DATABASE_URL'), secrets),
      'postgresql://lens:***@db.example.com:5432/litellm?sslmode=verify-full',
    );
    assert.equal(describeTarget(PASTED_TARGET, secrets), 'postgresql://x:***@10.0.0.1:5432/l?sslmode=verify-full');
    assert.equal(describeTarget(envTarget('NOPE'), secrets), 'not set');
    assert.equal(describeTarget(PASTED_TARGET, { env: {}, pastedUrl: 'nonsense' }), 'malformed connection string');
  });

  test('Connect… lists profiles, env var, last pasted, paste, demo and settings; marks the active one', () => {
    const targets = [profileTarget({ name: 'prod', host: 'db' }), envTarget('DATABASE_URL'), PASTED_TARGET, DEMO_TARGET];
    const picks = connectPicks(targets, { env: {}, pastedUrl: 'postgresql://a:secret@b/c' }, 'profile:prod');
    assert.deepEqual(
      picks.map((p) => (p.action.kind === 'target' ? p.action.target.id : p.action.kind)),
      ['profile:prod', 'env', 'pasted', 'paste', 'demo', 'editProfiles'],
    );
    assert.match(picks[0].description, /^connected · postgresql:\/\/postgres@db:5432\/litellm/);
    assert.equal(picks[0].section, 'Profiles');
    assert.equal(picks[1].description, 'not set');
    assert.ok(!JSON.stringify(picks).includes('secret'));
    const noPasted = connectPicks(targets, { env: {} }, undefined);
    assert.ok(!noPasted.some((p) => p.action.kind === 'target' && p.action.target.kind === 'pasted'));
  });
});
