import * as vscode from 'vscode';
import { checkRunnable } from '../../core/analyses/checkRunnable';
import type { AnalysisOrigin } from '../../core/analyses/types';
import { currentAnalyses, workspaceAnalysisFolders } from '../analysesSource';
import type { LensSession } from '../logic/lensSession';
import { SETTINGS_SECTION } from '../settings';
import { AnalysisGroupNode } from './analysisGroupNode';
import { InfoNode } from './infoNode';
import type { TreeNode } from './treeNode';

const ORIGINS: AnalysisOrigin[] = ['library', 'workspace', 'settings'];

/**
 * The Saved Analyses view: library, workspace folder and settings analyses, reloaded when files or settings
 * change; runnability is checked against the connected schema. A load failure renders as an info node.
 */
export class AnalysesTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];
  private watchers: vscode.Disposable[] = [];

  constructor(
    private readonly session: LensSession,
    private readonly redact: (text: string) => string,
  ) {
    const unsubscribe = session.onDidChange(() => this.refresh());
    this.disposables.push(
      { dispose: unsubscribe },
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration(`${SETTINGS_SECTION}.analyses`)) return;
        this.watchFolders();
        this.refresh();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => {
        this.watchFolders();
        this.refresh();
      }),
      // Repository analyses appear once the workspace is trusted (untrusted: not loaded at all).
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        this.watchFolders();
        this.refresh();
      }),
    );
    this.watchFolders();
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return node.treeItem();
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return node.parent;
  }

  getChildren(node?: TreeNode): TreeNode[] | Promise<TreeNode[]> {
    if (node) return node.children();
    try {
      const analyses = currentAnalyses();
      const caps = this.session.info ? this.session.capabilities : undefined;
      return ORIGINS.map((origin) => [origin, analyses.filter((a) => a.origin === origin)] as const)
        .filter(([, list]) => list.length > 0)
        .map(([origin, list]) => new AnalysisGroupNode(origin, list, (a) => (caps ? checkRunnable(a, caps) : undefined)));
    } catch (err) {
      return [new InfoNode(this.redact(`Could not load the saved analyses: ${err instanceof Error ? err.message : String(err)}`), 'error')];
    }
  }

  /** Reloads when a `.sql` file appears, changes or goes away in an analyses folder. */
  private watchFolders(): void {
    for (const w of this.watchers) w.dispose();
    this.watchers = workspaceAnalysisFolders().map((folder) => {
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(folder), '*.sql'));
      const refresh = () => this.refresh();
      return vscode.Disposable.from(watcher, watcher.onDidCreate(refresh), watcher.onDidChange(refresh), watcher.onDidDelete(refresh));
    });
  }

  dispose(): void {
    for (const d of [...this.disposables, ...this.watchers]) d.dispose();
    this.changed.dispose();
  }
}
