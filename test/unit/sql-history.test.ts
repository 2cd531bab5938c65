import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { HISTORY_LIMIT, looksSecret, QueryHistory, REDACTED } from '../../src/core/sql/history';

describe('query history store', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lens-history-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const entry = (sql: string, params: string[] = [], rows = 1) => ({ sql, params, at: '2026-11-01T10:00:00.000Z', durationMs: 12, rows });

  test('per profile, newest first, capped at the last 200', async () => {
    const history = new QueryHistory(dir);
    for (let i = 0; i < HISTORY_LIMIT + 5; i++) await history.add('profile:prod', entry(`SELECT ${i}`));
    await history.add('demo', entry("SELECT 'demo'"));
    const prod = await history.list('profile:prod');
    assert.equal(prod.length, 200);
    assert.equal(prod[0].sql, `SELECT ${HISTORY_LIMIT + 4}`);
    assert.equal(prod[199].sql, 'SELECT 5');
    assert.deepEqual(
      (await history.list('demo')).map((e) => e.sql),
      ["SELECT 'demo'"],
    );
    assert.deepEqual(await history.list('profile:never-used'), []);
    // A second store on the same folder (a new VS Code window) reads what the first wrote.
    assert.equal((await new QueryHistory(dir).list('profile:prod')).length, 200);
  });

  test('time, duration, rows and errors are kept; search matches every word', async () => {
    const history = new QueryHistory(dir);
    await history.add('p', {
      sql: 'SELECT spend FROM "LiteLLM_SpendLogs"',
      params: [],
      at: '2026-11-02T09:00:00.000Z',
      durationMs: 340,
      rows: 25,
    });
    await history.add('p', {
      sql: 'SELECT * FROM "LiteLLM_TeamTable"',
      params: [],
      at: '2026-11-02T09:01:00.000Z',
      durationMs: 5,
      error: 'permission denied',
    });
    const [latest, first] = await history.list('p');
    assert.deepEqual(first, {
      sql: 'SELECT spend FROM "LiteLLM_SpendLogs"',
      params: [],
      at: '2026-11-02T09:00:00.000Z',
      durationMs: 340,
      rows: 25,
    });
    assert.equal(latest.error, 'permission denied');
    assert.deepEqual(
      (await history.search('p', 'spendlogs SELECT')).map((e) => e.rows),
      [25],
    );
    assert.equal((await history.search('p', 'from')).length, 2);
    assert.equal((await history.search('p', 'nothing')).length, 0);
  });

  test('parameter values and literals that look like secrets never reach the file', async () => {
    const history = new QueryHistory(dir);
    const key = 'sk-1234567890abcdefXYZ';
    const hashed = 'a'.repeat(64);
    const saved = await history.add(
      's',
      entry(`SELECT * FROM "LiteLLM_VerificationToken" WHERE key_name = '${key}' AND team_id = 'team-a'`, [
        key,
        'postgresql://u:hunter2@db/x',
        hashed,
        '2026-10-01',
        'marketing',
        '0b7c9a0e-3f1d-4c3e-9a77-5d2f1e0c9b11',
      ]),
    );
    assert.deepEqual(saved.params, [REDACTED, REDACTED, REDACTED, '2026-10-01', 'marketing', '0b7c9a0e-3f1d-4c3e-9a77-5d2f1e0c9b11']);
    assert.match(saved.sql, /key_name = '<redacted>' AND team_id = 'team-a'/);
    const file = readFileSync(join(dir, 's.json'), 'utf8');
    for (const secret of [key, 'hunter2', hashed]) assert.ok(!file.includes(secret), secret);
    assert.ok(
      looksSecret('Bearer abcdefghijklmnop') &&
        looksSecret('password=x1') &&
        !looksSecret('LiteLLM_SpendLogs') &&
        !looksSecret('gpt-4o-mini'),
    );
  });

  test('a corrupt history file reads as empty and is replaced on the next run', async () => {
    writeFileSync(join(dir, 'broken.json'), '{not json');
    const history = new QueryHistory(dir);
    assert.deepEqual(await history.list('broken'), []);
    await history.add('broken', entry('SELECT 1'));
    assert.equal((await history.list('broken')).length, 1);
  });
});
