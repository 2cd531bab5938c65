import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { libraryDir } from './libraryDir';
import { parseAnalysis } from './parseAnalysis';
import type { Analysis, AnalysisOrigin } from './types';

/** An analysis kept in settings (e.g. `litellmLens.analyses`): the SQL may carry the usual header. */
export interface SettingsAnalysis {
  /** Defaults to a slug of `name`. */
  id?: string;
  /** Overrides the header's `-- name:`. */
  name?: string;
  /** Overrides the header's `-- description:`. */
  description?: string;
  sql: string;
}

export interface LoadOptions {
  /** Folders of user `.sql` files, lowest precedence first; missing folders are skipped. */
  workspaceDirs?: readonly string[];
  extra?: readonly SettingsAnalysis[];
  /** The shipped library; defaults to the folder next to the bundle. */
  libraryDir?: string;
}

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'analysis'
  );
}

function readFolder(dir: string, origin: AnalysisOrigin): Analysis[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  return readdirSync(dir)
    .filter((f) => f.toLowerCase().endsWith('.sql'))
    .sort()
    .map((f) => {
      const path = join(dir, f);
      const analysis = parseAnalysis(readFileSync(path, 'utf8'), { id: basename(f, f.slice(-4)), origin, path });
      if (!ID.test(analysis.id)) analysis.problems.push(`File name "${f}" does not make a usable id (letters, digits, ., _ and -).`);
      return analysis;
    });
}

function fromSetting(entry: SettingsAnalysis, position: number): Analysis {
  const parsed = parseAnalysis(entry.sql ?? '', {
    id: entry.id?.trim() || slug(entry.name ?? `analysis-${position + 1}`),
    origin: 'settings',
  });
  return {
    ...parsed,
    name: entry.name?.trim() || parsed.name,
    description: entry.description?.trim() || parsed.description,
    problems: ID.test(parsed.id)
      ? parsed.problems
      : [...parsed.problems, `Setting id "${parsed.id}" is not usable (letters, digits, ., _ and -).`],
  };
}

/**
 * Loads the shipped library, then each workspace folder in order, then the settings entries. Ids are unique
 * in the result: a later source replaces an earlier analysis of the same id (settings > workspace > library,
 * and a later folder or setting > an earlier one), and the replacement records what it overrides. Sorted by id.
 */
export function loadAnalyses(opts: LoadOptions = {}): Analysis[] {
  const sources: Analysis[] = [
    ...readFolder(opts.libraryDir ?? libraryDir(), 'library'),
    ...(opts.workspaceDirs ?? []).flatMap((dir) => readFolder(dir, 'workspace')),
    ...(opts.extra ?? []).map(fromSetting),
  ];
  const byId = new Map<string, Analysis>();
  for (const a of sources) {
    const previous = byId.get(a.id);
    byId.set(a.id, previous ? { ...a, overrides: { origin: previous.origin, path: previous.path } } : a);
  }
  return [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
}
