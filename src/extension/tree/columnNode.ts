import * as vscode from 'vscode';
import type { ColumnOutline, ColumnRole, TableOutline } from '../logic/schemaOutline';
import type { TreeNode } from './treeNode';

const ICONS: Record<ColumnRole, string> = { primary: 'key', foreign: 'references', logical: 'link', plain: 'symbol-field' };
const ROLE_TEXT: Record<ColumnRole, string> = { primary: 'primary key', foreign: 'foreign key', logical: 'logical relation', plain: '' };

/** A column: type as description; icon for primary key, declared FK or LiteLLM logical relation. */
export class ColumnNode implements TreeNode {
  constructor(
    readonly table: TableOutline,
    readonly column: ColumnOutline,
    readonly parent: TreeNode,
  ) {}

  treeItem(): vscode.TreeItem {
    const c = this.column;
    const item = new vscode.TreeItem(c.name, vscode.TreeItemCollapsibleState.None);
    item.id = `column:${this.table.schema}.${this.table.name}.${c.name}`;
    item.description = `${c.type}${c.notNull ? ' not null' : ''}`;
    item.iconPath = new vscode.ThemeIcon(ICONS[c.role]);
    item.contextValue = 'litellm.column';
    const tooltip = new vscode.MarkdownString();
    tooltip.appendMarkdown('**');
    tooltip.appendText(`${this.table.name}.${c.name}`);
    tooltip.appendMarkdown('** ');
    tooltip.appendText(`${c.type}${c.notNull ? ' not null' : ''}${ROLE_TEXT[c.role] ? ` · ${ROLE_TEXT[c.role]}` : ''}`);
    for (const r of c.relations) {
      tooltip.appendMarkdown('\n\n');
      tooltip.appendText(r);
    }
    item.tooltip = tooltip;
    // Screen readers do not announce the key/link icons: say what the column is.
    const role = ROLE_TEXT[c.role];
    item.accessibilityInformation = {
      label: [c.name, `${c.type}${c.notNull ? ' not null' : ''}`, role, ...c.relations].filter(Boolean).join(', '),
    };
    return item;
  }

  children(): TreeNode[] {
    return [];
  }
}
