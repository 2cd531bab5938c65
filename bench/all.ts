/**
 * `npm run bench`: every benchmark in turn, each in its own process (`tsx bench/<file>.ts`). A script that misses
 * its target exits non-zero; the rest still run, so one missed target never hides the others' figures. Exits 1
 * when any script did.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const SCRIPTS = ['completion.ts', 'resultsGrid.ts', 'run.ts', 'demo.ts', 'attribution.ts'];
const tsx = join(__dirname, '..', 'node_modules', '.bin', 'tsx');

const outcomes = SCRIPTS.map((script) => {
  const { status, signal } = spawnSync(tsx, [join(__dirname, script)], { stdio: 'inherit' });
  return { script, ok: status === 0, how: signal ?? `exit ${status}` };
});
console.log('\nbenchmarks:');
for (const o of outcomes) console.log(`  ${o.script.padEnd(16)} ${o.ok ? 'targets met' : `TARGET MISSED or failed (${o.how})`}`);
process.exitCode = outcomes.every((o) => o.ok) ? 0 : 1;
