import { isAbsolute, join } from 'node:path';

/**
 * Absolute folders of user analyses: absolute setting entries as they are, relative ones under every workspace
 * folder (in workspace order, so a later folder's analysis of the same id wins, as loadAnalyses documents).
 */
export function analysisFolders(settingFolders: readonly string[], workspaceFolders: readonly string[]): string[] {
  const out: string[] = [];
  for (const entry of settingFolders) {
    const folder = entry.trim();
    if (!folder) continue;
    if (isAbsolute(folder)) out.push(folder);
    else for (const ws of workspaceFolders) out.push(join(ws, folder));
  }
  return [...new Set(out)];
}
