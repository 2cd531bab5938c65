import * as vscode from 'vscode';
import type { LensSession } from '../logic/lensSession';
import { outlineSchema } from '../logic/schemaOutline';
import { GroupNode } from './groupNode';
import { InfoNode } from './infoNode';
import type { TreeNode } from './treeNode';

/**
 * The Schema view: groups → tables/views → columns of the connected database. Empty when disconnected (the
 * welcome view shows then); a failed reload renders as an info node carrying the message.
 */
export class SchemaTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private reloadRequested = false;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly session: LensSession,
    private readonly redact: (text: string) => string,
  ) {
    this.unsubscribe = session.onDidChange(() => this.changed.fire(undefined));
  }

  /** Re-reads the catalog on the next render. */
  reload(): void {
    this.reloadRequested = true;
    this.changed.fire(undefined);
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return node.treeItem();
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return node.parent;
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (node) return node.children();
    if (!this.session.info) return [];
    try {
      if (this.reloadRequested) {
        this.reloadRequested = false;
        await this.session.refreshSchema();
      }
      const groups = outlineSchema(this.session.model);
      return groups.length > 0 ? groups.map((g) => new GroupNode(g)) : [new InfoNode('No tables or views in schema "public".')];
    } catch (err) {
      return [new InfoNode(this.redact(`Could not load the schema: ${err instanceof Error ? err.message : String(err)}`), 'error')];
    }
  }

  dispose(): void {
    this.unsubscribe();
    this.changed.dispose();
  }
}
