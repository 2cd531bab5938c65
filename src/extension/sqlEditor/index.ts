import * as vscode from 'vscode';
import type { Services } from '../services';
import { registerSqlEditorCommands } from '../commands/sqlEditor';
import { EditorCatalog } from './editorCatalog';
import { registerSqlLanguageFeatures, SQL_SELECTOR } from './languageFeatures';
import { StatementCodeLens } from './statements';

/** The LiteLLM-aware SQL editor: language features, CodeLens, run/explain, history and Save as Analysis. */
export function registerSqlEditor(services: Services): void {
  const catalog = new EditorCatalog(services.session);
  registerSqlLanguageFeatures(services, catalog);
  registerSqlEditorCommands(services, catalog);
  services.context.subscriptions.push(vscode.languages.registerCodeLensProvider(SQL_SELECTOR, new StatementCodeLens()));
}
