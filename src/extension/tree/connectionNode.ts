import * as vscode from 'vscode';
import { COMMANDS } from '../commandIds';
import type { ConnectTarget } from '../logic/connectTarget';
import type { TreeNode } from './treeNode';

/** A place to connect to; clicking connects, the connected one offers Disconnect. */
export class ConnectionNode implements TreeNode {
  readonly parent = undefined;

  constructor(
    readonly target: ConnectTarget,
    private readonly description: string,
    private readonly connected: boolean,
  ) {}

  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.target.label, vscode.TreeItemCollapsibleState.None);
    item.id = `connection:${this.target.id}`;
    item.description = this.connected ? `connected · ${this.description}` : this.description;
    item.tooltip = `${this.target.label}\n${this.description}`;
    item.iconPath = new vscode.ThemeIcon(this.connected ? 'pass-filled' : this.target.kind === 'demo' ? 'beaker' : 'database');
    // Context values drive the inline/context menus: connected vs not, profile (has a password) vs other.
    item.contextValue = `litellm.connection.${this.target.kind}${this.connected ? '.connected' : ''}`;
    if (!this.connected) item.command = { title: 'Connect', command: COMMANDS.connectTarget, arguments: [this.target.id] };
    return item;
  }

  children(): TreeNode[] {
    return [];
  }
}
