import * as vscode from 'vscode';
import { loadAnalyses } from '../core/analyses/loadAnalyses';
import type { Analysis } from '../core/analyses/types';
import { analysisFolders } from './logic/analysisFolders';
import { readSettings } from './settings';

/** The workspace's analysis folders (absolute), from `litellmLens.analyses.folders`. */
export function workspaceAnalysisFolders(): string[] {
  const workspace = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
  return analysisFolders(readSettings().analysesFolders, workspace);
}

/** The shipped library, then workspace folders, then `litellmLens.analyses.extra` (later ids win). */
export function currentAnalyses(): Analysis[] {
  return loadAnalyses({ workspaceDirs: workspaceAnalysisFolders(), extra: readSettings().analysesExtra });
}
