import * as vscode from 'vscode';
import { completeAt, type CompletionKind } from '../../core/sql/complete';
import { FINDING_CODES, type SqlFinding } from '../../core/sql/findings';
import { hoverAt } from '../../core/sql/hover';
import { lintSql } from '../../core/sql/lintSql';
import { loadSqlParser } from '../../core/sql/pgParser';
import { COMMANDS } from '../commandIds';
import type { Services } from '../services';
import { type EditorCatalog, isAnalysisFile } from './editorCatalog';

export const SQL_SELECTOR: vscode.DocumentSelector = [{ language: 'sql' }];
const SOURCE = 'LiteLLM Lens';

const KINDS: Record<CompletionKind, vscode.CompletionItemKind> = {
  table: vscode.CompletionItemKind.Class,
  view: vscode.CompletionItemKind.Interface,
  column: vscode.CompletionItemKind.Field,
  join: vscode.CompletionItemKind.Snippet,
  keyword: vscode.CompletionItemKind.Keyword,
  header: vscode.CompletionItemKind.Property,
  param: vscode.CompletionItemKind.Variable,
};

const rangeOf = (doc: vscode.TextDocument, start: number, end: number): vscode.Range =>
  new vscode.Range(doc.positionAt(start), doc.positionAt(end));

/** Diagnostics of SQL documents, kept with the findings so quick fixes can apply their edits. */
class SqlDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('litellm-sql');
  private readonly findings = new Map<string, SqlFinding[]>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private ready = false;

  constructor(private readonly catalog: EditorCatalog) {}

  async start(): Promise<void> {
    await loadSqlParser();
    this.ready = true;
    for (const doc of vscode.workspace.textDocuments) this.update(doc);
  }

  schedule(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => this.update(doc), 250),
    );
  }

  update(doc: vscode.TextDocument): void {
    if (!this.ready || doc.languageId !== 'sql' || doc.isClosed) return;
    const text = doc.getText();
    const found = lintSql(text, this.catalog.current(), { analysisFile: isAnalysisFile(doc.uri.fsPath, text) });
    this.findings.set(doc.uri.toString(), found);
    this.collection.set(
      doc.uri,
      found.map((f) => {
        const d = new vscode.Diagnostic(
          rangeOf(doc, f.start, f.end),
          f.message,
          f.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
        );
        d.source = SOURCE;
        d.code = f.code;
        return d;
      }),
    );
  }

  forget(doc: vscode.TextDocument): void {
    this.findings.delete(doc.uri.toString());
    this.collection.delete(doc.uri);
  }

  at(doc: vscode.TextDocument, range: vscode.Range): SqlFinding[] {
    return (this.findings.get(doc.uri.toString()) ?? []).filter((f) => rangeOf(doc, f.start, f.end).intersection(range));
  }

  refreshAll(): void {
    for (const doc of vscode.workspace.textDocuments) this.update(doc);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.collection.dispose();
  }
}

/** Completion, hover, diagnostics and quick fixes for `sql` documents. */
export function registerSqlLanguageFeatures(services: Services, catalog: EditorCatalog): void {
  const diagnostics = new SqlDiagnostics(catalog);
  const unsubscribe = services.session.onDidChange(() => diagnostics.refreshAll());
  services.context.subscriptions.push(
    diagnostics,
    { dispose: unsubscribe },
    vscode.workspace.onDidOpenTextDocument((doc) => diagnostics.update(doc)),
    vscode.workspace.onDidChangeTextDocument((e) => diagnostics.schedule(e.document)),
    vscode.workspace.onDidCloseTextDocument((doc) => diagnostics.forget(doc)),
    vscode.languages.registerCompletionItemProvider(
      SQL_SELECTOR,
      {
        provideCompletionItems(doc, position, _token, context) {
          const text = doc.getText();
          const all = completeAt(text, doc.offsetAt(position), catalog.current(), { analysisFile: isAnalysisFile(doc.uri.fsPath, text) });
          // A space opens the list only where a table or a join comes next, not after every word of an expression.
          const items = context.triggerCharacter === ' ' ? all.filter((i) => i.kind !== 'column') : all;
          return items.map((i) => {
            const item = new vscode.CompletionItem(
              { label: i.label, description: i.kind === 'join' ? 'LiteLLM join' : undefined },
              KINDS[i.kind],
            );
            item.insertText = i.insertText;
            item.range = rangeOf(doc, i.start, i.end);
            item.filterText = i.filterText;
            item.sortText = i.sortText;
            item.detail = i.detail;
            return item;
          });
        },
      },
      '.',
      '"',
      ' ',
      '$',
    ),
    vscode.languages.registerHoverProvider(SQL_SELECTOR, {
      provideHover(doc, position) {
        const h = hoverAt(doc.getText(), doc.offsetAt(position), catalog.current());
        if (!h) return undefined;
        const args = encodeURIComponent(JSON.stringify([{ table: { name: h.table } }]));
        const md = new vscode.MarkdownString(
          `${h.markdown}\n\n[Show in Relationship Graph](command:${COMMANDS.showInRelationshipGraph}?${args})`,
        );
        md.isTrusted = { enabledCommands: [COMMANDS.showInRelationshipGraph] };
        return new vscode.Hover(md, rangeOf(doc, h.start, h.end));
      },
    }),
    vscode.languages.registerCodeActionsProvider(
      SQL_SELECTOR,
      {
        provideCodeActions(doc, range) {
          const actions: vscode.CodeAction[] = [];
          for (const f of diagnostics.at(doc, range)) {
            const diag = new vscode.Diagnostic(rangeOf(doc, f.start, f.end), f.message);
            for (const fix of f.fixes) {
              const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
              action.edit = new vscode.WorkspaceEdit();
              for (const e of fix.edits) action.edit.replace(doc.uri, rangeOf(doc, e.start, e.end), e.newText);
              action.diagnostics = [diag];
              action.isPreferred = true;
              actions.push(action);
            }
            const explain = new vscode.CodeAction(`Explain ${f.code}`, vscode.CodeActionKind.QuickFix);
            explain.command = { title: `Explain ${f.code}`, command: COMMANDS.explainFinding, arguments: [f.code] };
            explain.diagnostics = [diag];
            actions.push(explain);
          }
          return actions;
        },
      },
      { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] },
    ),
  );
  void diagnostics.start().catch((err: unknown) => services.log.error('SQL parser', err));
}

/** The README's docs line of a diagnostic code. */
export function findingDoc(code: string): string | undefined {
  return (FINDING_CODES as Record<string, { doc: string }>)[code]?.doc;
}
