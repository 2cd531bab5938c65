#!/usr/bin/env node
// @ts-check
// `npm run demo` (after `npm run build`): a CloudZero CBF export and the spend attribution of the demo database's
// last full calendar month, through the built CLI. The month comes from the prebuilt demo's manifest (dist/demo),
// since the demo's data ends on the day before the build.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const demoDir = join(repo, 'dist', 'demo');
const manifest = readdirSync(demoDir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(join(demoDir, f), 'utf8')))
  .find((m) => m.version === '029f645f');
if (!manifest) throw new Error('No prebuilt demo database in dist/demo: run `npm run build` first.');
// The last month whose last day the data reaches (the data spans 90 days, so it holds that whole month).
const last = new Date(`${manifest.summary.to}T00:00:00Z`);
const monthEnd =
  new Date(Date.UTC(last.getUTCFullYear(), last.getUTCMonth() + 1, 0)).getUTCDate() === last.getUTCDate()
    ? last
    : new Date(Date.UTC(last.getUTCFullYear(), last.getUTCMonth(), 0));
const from = `${monthEnd.toISOString().slice(0, 8)}01`;
const to = monthEnd.toISOString().slice(0, 10);
const cli = (/** @type {string[]} */ ...args) =>
  execFileSync(process.execPath, [join(repo, 'dist', 'cli.js'), ...args], { stdio: 'inherit', cwd: repo });
cli('export', '--demo', '--from', from, '--to', to, '--format', 'csv', '--out', 'demo-cbf.csv');
cli('attribution', '--demo', '--from', from, '--to', to, '--format', 'text', '--top', '3');
