import type * as vscode from 'vscode';

/** One node kind per class; the providers only walk this interface. */
export interface TreeNode {
  readonly parent?: TreeNode;
  treeItem(): vscode.TreeItem;
  children(): TreeNode[] | Promise<TreeNode[]>;
}
