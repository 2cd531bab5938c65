import * as vscode from 'vscode';
import { availableTargets, secretsFor } from '../readTargets';
import { describeTarget } from '../logic/connectTarget';
import type { Services } from '../services';
import { readSettings, SETTINGS_SECTION } from '../settings';
import { ConnectionNode } from './connectionNode';
import { InfoNode } from './infoNode';
import type { TreeNode } from './treeNode';

/**
 * The Connections view: saved profiles, the connection-string environment variable when it is set, the last
 * pasted string when one is stored, and the demo database while it is open. Empty → the welcome view.
 */
export class ConnectionsTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly services: Services) {
    const unsubscribe = services.session.onDidChange(() => this.changed.fire(undefined));
    this.disposables.push(
      { dispose: unsubscribe },
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration(SETTINGS_SECTION) && this.changed.fire(undefined)),
      services.context.secrets.onDidChange(() => this.changed.fire(undefined)),
    );
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return node.treeItem();
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (node) return node.children();
    try {
      return await this.connectionNodes();
    } catch (err) {
      return [
        new InfoNode(
          this.services.redactions.redact(`Could not list connections: ${err instanceof Error ? err.message : String(err)}`),
          'error',
        ),
      ];
    }
  }

  private async connectionNodes(): Promise<TreeNode[]> {
    const secrets = await secretsFor(this.services);
    const activeId = this.services.session.info?.target.id;
    const nodes: TreeNode[] = availableTargets()
      .filter(
        (t) =>
          t.kind === 'profile' ||
          t.id === activeId ||
          (t.kind === 'env' && Boolean(secrets.env[t.varName])) ||
          (t.kind === 'pasted' && Boolean(secrets.pastedUrl)),
      )
      .map((t) => new ConnectionNode(t, describeTarget(t, secrets), t.id === activeId));
    for (const problem of readSettings().profileProblems) nodes.push(new InfoNode(problem, 'warning'));
    return nodes;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.changed.dispose();
  }
}
