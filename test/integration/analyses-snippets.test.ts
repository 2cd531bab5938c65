import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openDatabase, type LensDatabase } from '../../src/core/db/database';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

interface Snippet {
  prefix: string;
  description: string;
  body: string[];
}

const SNIPPETS = JSON.parse(readFileSync(join(__dirname, '..', '..', 'snippets', 'litellm-sql.json'), 'utf8')) as Record<string, Snippet>;

/** Expands a VS Code snippet the way the editor does when the user accepts every default. */
function expand(body: string, now: Date): string {
  const vars: Record<string, string> = {
    CURRENT_YEAR: String(now.getFullYear()),
    CURRENT_MONTH: String(now.getMonth() + 1).padStart(2, '0'),
    CURRENT_DATE: String(now.getDate()).padStart(2, '0'),
  };
  let text = body;
  for (let guard = 0; /\$\{\d+:[^{}]*\}/.test(text) && guard < 20; guard++) {
    text = text.replace(/\$\{\d+:([^{}]*)\}/g, '$1');
  }
  return text
    .replace(/\$\{\d+\|([^,|]*)[^}]*\|\}/g, '$1')
    .replace(/\$\{?(\d+)\}?/g, '')
    .replace(/\$\{?([A-Z_]+)\}?/g, (m, name: string) => vars[name] ?? assert.fail(`unknown snippet variable ${m}`));
}

describe('SQL editor snippets', () => {
  let t: TestDatabase;
  let db: LensDatabase;
  before(async () => {
    t = await createTestDatabase({ version: '1.83' });
    db = await openDatabase({ url: t.url });
  });
  after(async () => {
    await db?.close();
    await t?.drop();
  });

  test('are LiteLLM-prefixed, unique and described', () => {
    const prefixes = Object.values(SNIPPETS).map((s) => s.prefix);
    assert.ok(prefixes.length >= 10);
    assert.equal(new Set(prefixes).size, prefixes.length);
    assert.ok(prefixes.includes('ll-spend-by-team'));
    for (const s of Object.values(SNIPPETS)) {
      assert.match(s.prefix, /^ll-[a-z-]+$/);
      assert.ok(s.description.length > 20);
    }
  });

  for (const [name, s] of Object.entries(SNIPPETS)) {
    test(`${s.prefix} (${name}) plans on the recent schema and runs with its defaults`, async () => {
      const sql = expand(s.body.join('\n'), new Date());
      assert.doesNotMatch(sql, /\$/, 'every placeholder expanded');
      await db.query(`EXPLAIN ${sql.replace(/;\s*$/, '')}`);
      await db.query(sql.replace(/;\s*$/, ''));
    });
  }
});
