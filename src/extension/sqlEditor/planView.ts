import * as vscode from 'vscode';
import type { PlanTree } from '../../core/sql/explainPlan';
import { planText } from '../../core/sql/explainPlan';

export const PLAN_SCHEME = 'litellm-plan';

/**
 * EXPLAIN plans as read-only documents (`litellm-plan:` URIs): an indented tree, the nodes that carry most of
 * the cost marked `▲ NN%` and highlighted with the editor's warning colours.
 */
export class PlanView implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly plans = new Map<string, { text: string; costly: number[] }>();
  private readonly highlight = vscode.window.createTextEditorDecorationType({
    backgroundColor: new vscode.ThemeColor('inputValidation.warningBackground'),
    overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.warningForeground'),
    isWholeLine: true,
    fontWeight: 'bold',
  });
  private count = 0;
  private readonly visible = vscode.window.onDidChangeVisibleTextEditors((editors) => editors.forEach((e) => this.decorate(e)));

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.plans.get(uri.toString())?.text ?? '';
  }

  async show(tree: PlanTree, title: string): Promise<void> {
    const uri = vscode.Uri.from({ scheme: PLAN_SCHEME, path: `/Plan ${++this.count}.txt`, query: encodeURIComponent(title) });
    const text = planText(tree, title);
    const head = text.split('\n').findIndex((l) => l === '') + 1;
    this.plans.set(uri.toString(), { text, costly: tree.lines.flatMap((l, i) => (l.costly ? [head + i] : [])) });
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), {
      viewColumn: vscode.ViewColumn.Beside,
      preview: true,
      preserveFocus: true,
    });
    this.decorate(editor);
  }

  private decorate(editor: vscode.TextEditor): void {
    const plan = this.plans.get(editor.document.uri.toString());
    if (plan) {
      editor.setDecorations(
        this.highlight,
        plan.costly.map((line) => editor.document.lineAt(line).range),
      );
    }
  }

  dispose(): void {
    this.highlight.dispose();
    this.visible.dispose();
  }
}
