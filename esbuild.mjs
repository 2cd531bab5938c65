// @ts-check
// Two bundles: the extension host + CLI (node, cjs, `vscode` external) and one browser bundle per webview.
import * as esbuild from 'esbuild';
import { existsSync, readdirSync } from 'node:fs';
import { tsImport } from 'tsx/esm/api';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const nodeEntries = Object.fromEntries(
  [
    ['extension', 'src/extension/extension.ts'],
    ['cli', 'src/cli/main.ts'],
    ['demoWorker', 'src/core/demo/worker.ts'],
  ].filter(([, file]) => existsSync(file)),
);

// The demo sources' hash, fixed in the bundles so a prebuilt demo database from other sources is never loaded.
// Not in watch mode: the sources may change under a running watch (the demo then seeds at open).
const { hashSourceTree } = await tsImport('./src/core/demo/sourceHash.ts', import.meta.url);
/** @type {Record<string, string>} */
const demoDefine = watch ? {} : { __LENS_DEMO_SOURCE_HASH__: JSON.stringify(hashSourceTree('src/core/demo')) };

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
    define: demoDefine,
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
  if (Object.keys(options.entryPoints ?? {}).length === 0) continue;
  if (watch) {
    const ctx = await esbuild.context(options);
    await ctx.watch();
  } else {
    await esbuild.build(options);
  }
}

// The demo database, prebuilt into dist/demo (skipped when up to date): opening the demo then only loads it.
if (!watch) await import('./scripts/build-demo.mjs');
