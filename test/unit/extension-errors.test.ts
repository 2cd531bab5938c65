import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LensError } from '../../src/core/errors';
import { notConnectedError, presentError } from '../../src/extension/logic/errorPresentation';
import { type LogSink, RedactingLog, SecretRegistry } from '../../src/extension/logic/redactingLog';

function memorySink(): LogSink & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    debug: (m) => lines.push(`debug ${m}`),
    info: (m) => lines.push(`info ${m}`),
    warn: (m) => lines.push(`warn ${m}`),
    error: (m) => lines.push(`error ${m}`),
  };
}

describe('errors shown to the user', () => {
  const secrets = new SecretRegistry();
  secrets.add('hunter2-api-key');
  secrets.addUrl('postgresql://lens:p%40ss%3Aword@db.example.com/litellm');

  test('a LensError becomes one line with its hint and the settings to open', () => {
    const p = presentError('Connect', new LensError('auth', 'Authentication failed for user "lens".', 'Check the password.'), secrets);
    assert.deepEqual(p, {
      message: 'Connect failed: Authentication failed for user "lens". Check the password.',
      actions: ['Open Settings', 'Show Logs'],
      settingsQuery: 'litellmLens.connections',
      cancelled: false,
      level: 'error',
    });
    const timeout = presentError('Run query', new LensError('timeout', 'The query exceeded statement_timeout (60 s).'), secrets);
    assert.equal(timeout.settingsQuery, 'litellmLens.statementTimeout');
    assert.deepEqual(presentError('Export', new LensError('schema', 'Table missing.'), secrets).actions, ['Show Logs']);
  });

  test('no stack trace and no secret reaches the message', () => {
    const err = new Error(
      'server said: password=p@ss:word for postgresql://lens:p%40ss%3Aword@db.example.com/litellm, key hunter2-api-key\n    at Socket.emit (node:events:1:1)',
    );
    const p = presentError('Run query', err, secrets);
    assert.ok(
      !p.message.includes('p@ss:word') && !p.message.includes('p%40ss%3Aword') && !p.message.includes('hunter2-api-key'),
      p.message,
    );
    assert.ok(!p.message.includes(' at '), 'stack lines are dropped');
    assert.match(
      p.message,
      /^Run query failed: server said: password=\*\*\* for postgresql:\/\/lens:\*\*\*@db\.example\.com\/litellm, key \*\*\*$/,
    );
    assert.equal(presentError('X', 'plain string', secrets).message, 'X failed: plain string');
  });

  test('not connected is a missing step, not a failure: Connect… or Open Demo Database', () => {
    const p = presentError('Show spend attribution', notConnectedError(), secrets);
    assert.deepEqual(p, {
      message: 'Show spend attribution: connect to a LiteLLM database first, or open the demo database.',
      actions: ['Connect…', 'Open Demo Database'],
      cancelled: false,
      level: 'warning',
    });
  });

  test('cancellation is not an error', () => {
    assert.equal(presentError('Export', new LensError('cancelled', 'Cancelled.'), secrets).cancelled, true);
    const abort = new Error('aborted');
    abort.name = 'AbortError';
    assert.equal(presentError('Export', abort, secrets).cancelled, true);
  });

  test('the log redacts every line, keeps the hint, and keeps stacks of unexpected errors only', () => {
    const sink = memorySink();
    const log = new RedactingLog(sink, secrets);
    log.info('connecting with hunter2-api-key to postgresql://lens:p%40ss%3Aword@db.example.com/litellm');
    log.error('Connect', new LensError('connection', 'Cannot reach db.', 'Check the host.'));
    log.error('Export', new TypeError('boom hunter2-api-key'));
    assert.equal(sink.lines[0], 'info connecting with *** to postgresql://lens:***@db.example.com/litellm');
    assert.equal(sink.lines[1], 'error Connect: [connection] Cannot reach db.\nCheck the host.');
    assert.match(sink.lines[2], /^error Export: boom \*\*\*\nTypeError: boom \*\*\*\n {4}at /);
    assert.ok(!sink.lines.join('\n').includes('hunter2'));
  });
});
