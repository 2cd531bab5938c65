import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { build } from 'esbuild';
import { runCliCapture } from '../support/runCliCapture';

const ROOT = join(__dirname, '..', '..');
const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };

test('--version prints the version of package.json, from source and from a bundle', async () => {
  const fromSource = await runCliCapture(['--version']);
  assert.equal(fromSource.code, 0);
  assert.equal(fromSource.stdout, `${version}\n`);

  const dir = mkdtempSync(join(tmpdir(), 'lens-version-'));
  try {
    const outfile = join(dir, 'cli.js');
    // Packages stay external (they resolve from the repository's node_modules below); package.json is bundled.
    await build({
      entryPoints: [join(ROOT, 'src', 'cli', 'main.ts')],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      packages: 'external',
      logLevel: 'silent',
    });
    const env = { ...process.env, NODE_PATH: join(ROOT, 'node_modules') };
    assert.equal(execFileSync(process.execPath, [outfile, '--version'], { encoding: 'utf8', env }), `${version}\n`);
    assert.ok(!readFileSync(outfile, 'utf8').includes('"contributes"'), 'only the version field of package.json is bundled');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
