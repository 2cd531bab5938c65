import * as vscode from 'vscode';
import type { Runnability } from '../../core/analyses/checkRunnable';
import type { Analysis, AnalysisOrigin } from '../../core/analyses/types';
import { AnalysisNode } from './analysisNode';
import type { TreeNode } from './treeNode';

const LABELS: Record<AnalysisOrigin, string> = { library: 'Library', workspace: 'Workspace', settings: 'Settings' };

/** Analyses of one origin: the shipped library, the workspace folders, or settings. */
export class AnalysisGroupNode implements TreeNode {
  readonly parent = undefined;

  constructor(
    private readonly origin: AnalysisOrigin,
    private readonly analyses: Analysis[],
    private readonly runnability: (a: Analysis) => Runnability | undefined,
  ) {}

  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(LABELS[this.origin], vscode.TreeItemCollapsibleState.Expanded);
    item.id = `analyses:${this.origin}`;
    item.description = String(this.analyses.length);
    item.iconPath = new vscode.ThemeIcon(this.origin === 'library' ? 'library' : this.origin === 'workspace' ? 'folder' : 'settings-gear');
    item.contextValue = 'litellm.analysisGroup';
    return item;
  }

  children(): TreeNode[] {
    return this.analyses.map((a) => new AnalysisNode(a, this.runnability(a), this));
  }
}
