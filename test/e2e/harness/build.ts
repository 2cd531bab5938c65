/** Builds what a run loads: the extension (the project's esbuild), the mocha suite bundle, and the .vsix. */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import * as esbuild from 'esbuild';

/** `npm run build`: dist/extension.js, dist/cli.js and the webview bundles. */
export function buildExtension(repoRoot: string): void {
  execFileSync(process.execPath, ['esbuild.mjs'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
}

/**
 * Bundles test/e2e/suite for the extension host: index.js (the runner's `extensionTestsPath`), scenarios.js and
 * desktopSetup.js (for .vscode-test.mjs). npm packages stay external and resolve from the repository's
 * node_modules at run time (mocha loads its reporters with require). Returns the path of index.js.
 */
export async function bundleSuite(repoRoot: string): Promise<string> {
  const suite = join(repoRoot, 'test', 'e2e', 'suite');
  const outdir = join(repoRoot, 'out', 'e2e', 'suite');
  await esbuild.build({
    entryPoints: ['index', 'scenarios', 'desktopSetup'].map((name) => join(suite, `${name}.ts`)),
    outdir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  return join(outdir, 'index.js');
}

/** `scripts/package.sh`: a production build packed by vsce; returns the .vsix path. */
export function packageVsix(repoRoot: string, outFile: string): string {
  execFileSync('bash', [join(repoRoot, 'scripts', 'package.sh'), outFile], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
  return outFile;
}
