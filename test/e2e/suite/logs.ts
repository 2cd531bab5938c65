/**
 * The extension's log as VS Code stores it: a LogOutputChannel is written to `LiteLLM Lens.log` under the
 * session's logs folder in the user data directory, which is where a leaked secret would persist.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadContext } from './context';

function walk(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else out.push(path);
  }
  return out;
}

export function userDataDir(): string {
  return dirname(dirname(loadContext().settingsFile));
}

/** Every regular file of the user data directory (settings, logs, state), for leak checks. */
export function userDataFiles(): string[] {
  return walk(userDataDir()).filter((f) => statSync(f).isFile());
}

export function logText(): string {
  const files = walk(join(userDataDir(), 'logs')).filter((f) => f.endsWith('LiteLLM Lens.log'));
  if (files.length === 0) throw new Error('no "LiteLLM Lens.log" under the logs folder');
  return files.map((f) => readFileSync(f, 'utf8')).join('\n');
}
