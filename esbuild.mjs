// Two bundles: the extension host + CLI (node, cjs, `vscode` external) and one browser bundle per webview.
import * as esbuild from 'esbuild';
import { existsSync, readdirSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const nodeEntries = Object.fromEntries(
  [
    ['extension', 'src/extension/extension.ts'],
    ['cli', 'src/cli/main.ts'],
  ].filter(([, file]) => existsSync(file)),
);

const webviewEntries = existsSync('webview')
  ? Object.fromEntries(
      readdirSync('webview', { withFileTypes: true })
        .filter((d) => d.isDirectory() && existsSync(`webview/${d.name}/main.ts`))
        .map((d) => [d.name, `webview/${d.name}/main.ts`]),
    )
  : {};

/** @type {import('esbuild').BuildOptions[]} */
const builds = [
  {
    entryPoints: nodeEntries,
    outdir: 'dist',
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // PGlite and libpg-query locate their .wasm files next to their own modules, so they stay runtime dependencies.
    external: ['vscode', '@electric-sql/pglite', '@electric-sql/pglite-socket', 'libpg-query', 'pg-native'],
    sourcemap: !production,
    minify: production,
    logLevel: 'info',
  },
  {
    entryPoints: webviewEntries,
    outdir: 'dist/webview',
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    sourcemap: !production,
    minify: true,
    loader: { '.css': 'text' },
    logLevel: 'info',
  },
];

for (const options of builds) {
  if (Object.keys(options.entryPoints).length === 0) continue;
  if (watch) {
    const ctx = await esbuild.context(options);
    await ctx.watch();
  } else {
    await esbuild.build(options);
  }
}
