import * as vscode from 'vscode';
import { loadAnalyses } from '../core/analyses/loadAnalyses';
import type { Analysis } from '../core/analyses/types';
import { analysisFolders } from './logic/analysisFolders';
import { readSettings } from './settings';

/**
 * The analysis folders (absolute), from `litellmLens.analyses.folders`. In an untrusted workspace only absolute
 * entries (the user's own folders) count: relative ones point into the repository, whose SQL is not loaded.
 */
export function workspaceAnalysisFolders(): string[] {
  const workspace = vscode.workspace.isTrusted
    ? (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath)
    : [];
  return analysisFolders(readSettings().analysesFolders, workspace);
}

/**
 * The shipped library, then the analysis folders, then `litellmLens.analyses.extra` (later ids win). In an
 * untrusted workspace VS Code also ignores the workspace's values of these settings (`restrictedConfigurations`).
 */
export function currentAnalyses(): Analysis[] {
  return loadAnalyses({ workspaceDirs: workspaceAnalysisFolders(), extra: readSettings().analysesExtra });
}
