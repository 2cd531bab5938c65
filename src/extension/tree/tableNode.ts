import * as vscode from 'vscode';
import type { TableOutline } from '../logic/schemaOutline';
import { ColumnNode } from './columnNode';
import type { TreeNode } from './treeNode';

/** A table or view: row estimate as description; children are its columns. */
export class TableNode implements TreeNode {
  constructor(
    readonly table: TableOutline,
    readonly parent: TreeNode,
  ) {}

  treeItem(): vscode.TreeItem {
    const t = this.table;
    // Every LiteLLM table starts with LiteLLM_: under its group the rest is the name (tooltip and copy keep it whole).
    const item = new vscode.TreeItem(t.name.replace(/^LiteLLM_(?=.)/, ''), vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `table:${t.schema}.${t.name}`;
    item.description = t.rowEstimate;
    item.iconPath = new vscode.ThemeIcon(t.kind === 'view' ? 'eye' : 'table');
    item.contextValue = t.kind === 'view' ? 'litellm.view' : 'litellm.table';
    item.tooltip = `${t.schema}.${t.name} · ${t.kind} · ${t.columns.length} columns · ${t.rowEstimate}`;
    item.accessibilityInformation = { label: `${t.kind} ${t.name}, ${t.columns.length} columns, ${t.rowEstimate}` };
    return item;
  }

  children(): TreeNode[] {
    return this.table.columns.map((c) => new ColumnNode(this.table, c, this));
  }
}
