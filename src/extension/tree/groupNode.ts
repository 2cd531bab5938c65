import * as vscode from 'vscode';
import type { GroupOutline } from '../logic/schemaOutline';
import { TableNode } from './tableNode';
import type { TreeNode } from './treeNode';

/** A LiteLLM table group (users, teams & orgs, spend, config, audit, other). */
export class GroupNode implements TreeNode {
  readonly parent = undefined;

  constructor(private readonly group: GroupOutline) {}

  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.group.group, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `group:${this.group.group}`;
    item.description = `${this.group.tables.length}`;
    item.iconPath = new vscode.ThemeIcon('symbol-namespace');
    item.contextValue = 'litellm.group';
    return item;
  }

  children(): TreeNode[] {
    return this.group.tables.map((t) => new TableNode(t, this));
  }
}
