import * as vscode from 'vscode';
import type { TreeNode } from './treeNode';

/** A leaf that shows a message instead of data: a load error, a settings problem, an empty result. */
export class InfoNode implements TreeNode {
  constructor(
    private readonly message: string,
    private readonly icon: 'error' | 'warning' | 'info' = 'info',
    readonly parent?: TreeNode,
  ) {}

  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.message, vscode.TreeItemCollapsibleState.None);
    item.iconPath = new vscode.ThemeIcon(this.icon);
    item.tooltip = this.message;
    item.contextValue = 'litellm.info';
    return item;
  }

  children(): TreeNode[] {
    return [];
  }
}
