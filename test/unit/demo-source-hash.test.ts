import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoSourceHash, hashSourceTree } from '../../src/core/demo/sourceHash';

describe('demo source hash (freshness of the prebuilt demo database)', () => {
  test('changes with any code or data file of the generator, not with its README', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lens-demo-hash-'));
    try {
      mkdirSync(join(dir, 'gen'));
      writeFileSync(join(dir, 'generator.ts'), 'export const a = 1;\n');
      writeFileSync(join(dir, 'gen', 'cast.ts'), "export const TEAM = 'Platform';\n");
      const before = hashSourceTree(dir);
      writeFileSync(join(dir, 'README.md'), '# notes\n');
      assert.equal(hashSourceTree(dir), before, 'docs do not make the data stale');
      writeFileSync(join(dir, 'gen', 'cast.ts'), "export const TEAM = 'Growth';\n");
      const edited = hashSourceTree(dir);
      assert.notEqual(edited, before);
      writeFileSync(join(dir, 'gen', 'schema.json'), '{}');
      assert.notEqual(hashSourceTree(dir), edited, 'a new data file counts');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('from source it is the hash of src/core/demo', () => {
    assert.equal(demoSourceHash(), hashSourceTree(join(__dirname, '..', '..', 'src', 'core', 'demo')));
  });
});
