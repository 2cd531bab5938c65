#!/usr/bin/env node
// @ts-check
// Prebuilds the demo database (run by esbuild.mjs after the bundles, or alone): seeds the default demo (schema
// 029f645f, data ending yesterday) into PGlite and saves its data directory in dist/demo, so opening the demo
// only loads it. Skipped when dist/demo already holds one from the same demo sources and day.
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';

const { buildDefaultPrebuilt } = await tsImport('../src/core/demo/prebuild.ts', import.meta.url);
const outcome = await buildDefaultPrebuilt(fileURLToPath(new URL('../dist/demo', import.meta.url)));
process.stderr.write(`demo database: ${outcome}\n`);
