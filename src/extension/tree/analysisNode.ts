import * as vscode from 'vscode';
import { describeParam } from '../../core/analyses/bindParams';
import type { Runnability } from '../../core/analyses/checkRunnable';
import type { Analysis } from '../../core/analyses/types';
import { COMMANDS } from '../commandIds';
import { overrideLabel } from '../logic/analysisTrust';
import type { TreeNode } from './treeNode';

/** A saved analysis; clicking asks for its parameters and runs it. Unrunnable ones carry a warning icon. */
export class AnalysisNode implements TreeNode {
  constructor(
    readonly analysis: Analysis,
    /** Undefined while disconnected (runnability depends on the connected schema). */
    private readonly runnability: Runnability | undefined,
    readonly parent: TreeNode,
  ) {}

  treeItem(): vscode.TreeItem {
    const a = this.analysis;
    const item = new vscode.TreeItem(a.name, vscode.TreeItemCollapsibleState.None);
    item.id = `analysis:${a.origin}:${a.id}`;
    const blocked = a.problems.length > 0 || (this.runnability !== undefined && !this.runnability.runnable);
    const override = overrideLabel(a);
    item.description = [a.id, override, blocked ? 'cannot run here' : undefined].filter(Boolean).join(' · ');
    item.iconPath = new vscode.ThemeIcon(blocked || override ? 'warning' : 'graph');
    item.contextValue = a.path ? 'litellm.analysis.file' : 'litellm.analysis';
    item.command = { title: 'Run Saved Analysis', command: COMMANDS.runSavedAnalysis, arguments: [this] };
    const tip = new vscode.MarkdownString();
    tip.appendMarkdown('**');
    tip.appendText(a.name);
    tip.appendMarkdown('**\n\n');
    tip.appendText(a.description);
    const lines = [
      a.params.length > 0 ? `Parameters: ${a.params.map(describeParam).join(', ')}` : 'No parameters',
      `From: ${a.path ?? 'settings'}${a.overrides ? ` (overrides the ${a.overrides.origin} analysis of the same id)` : ''}`,
      ...a.problems.map((p) => `Problem: ${p}`),
      ...(this.runnability && this.runnability.missing.length > 0 ? [`This database lacks: ${this.runnability.missing.join(', ')}`] : []),
    ];
    for (const line of lines) {
      tip.appendMarkdown('\n\n');
      tip.appendText(line);
    }
    item.tooltip = tip;
    return item;
  }

  children(): TreeNode[] {
    return [];
  }
}
