import * as vscode from 'vscode';
import { loadSqlParser, parseStatements } from '../../core/sql/pgParser';
import { COMMANDS } from '../commandIds';

/** A statement of a SQL document, by offsets. */
export interface StatementRef {
  uri: string;
  start: number;
  end: number;
}

/** The statements of a document as the real parser splits them (tolerant split where it does not parse). */
export async function documentStatements(doc: vscode.TextDocument): Promise<StatementRef[]> {
  await loadSqlParser();
  return parseStatements(doc.getText()).map((s) => ({ uri: doc.uri.toString(), start: s.start, end: s.end }));
}

/** The statement a CodeLens passed, or the one under the active editor's cursor (or its selection). */
export async function targetStatement(ref?: StatementRef): Promise<{ doc: vscode.TextDocument; sql: string; line: number } | undefined> {
  if (ref) {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(ref.uri));
    return { doc, sql: doc.getText().slice(ref.start, ref.end), line: doc.positionAt(ref.start).line + 1 };
  }
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const doc = editor.document;
  if (!editor.selection.isEmpty) return { doc, sql: doc.getText(editor.selection), line: editor.selection.start.line + 1 };
  const offset = doc.offsetAt(editor.selection.active);
  const all = await documentStatements(doc);
  const hit = all.find((s) => s.start <= offset && offset <= s.end + 1) ?? all.filter((s) => s.end <= offset).at(-1) ?? all[0];
  return hit ? { doc, sql: doc.getText().slice(hit.start, hit.end), line: doc.positionAt(hit.start).line + 1 } : undefined;
}

/** Run, Run to File and Explain above every statement of a SQL document. */
export class StatementCodeLens implements vscode.CodeLensProvider {
  async provideCodeLenses(doc: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const lenses: vscode.CodeLens[] = [];
    for (const s of await documentStatements(doc)) {
      const range = new vscode.Range(doc.positionAt(s.start), doc.positionAt(s.start));
      lenses.push(
        new vscode.CodeLens(range, { title: '▷ Run', command: COMMANDS.runStatement, arguments: [s] }),
        new vscode.CodeLens(range, { title: 'Run to File', command: COMMANDS.runStatementToFile, arguments: [s] }),
        new vscode.CodeLens(range, { title: 'Explain', command: COMMANDS.explainStatement, arguments: [s] }),
      );
    }
    return lenses;
  }
}
