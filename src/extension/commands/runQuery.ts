import { basename } from 'node:path';
import * as vscode from 'vscode';
import { LensError } from '../../core/errors';
import { COMMANDS } from '../commandIds';
import { registerCommand } from '../commandRunner';
import { confirmUserSql } from '../confirmSql';
import { sqlToRun } from '../logic/sqlText';
import { queryTitle } from '../panels/queryTitle';
import { ResultsPanel } from '../panels/resultsPanel';
import type { Services } from '../services';
import { resultsExporter } from './exportResults';

/** "Run Query in Active Editor": the selection, or the whole document, in a read-only session. */
export function registerRunQueryCommand(services: Services): void {
  registerCommand(services, COMMANDS.runQueryInEditor, 'Run query', async () => {
    const editor = vscode.window.activeTextEditor;
    if (!editor) throw new LensError('usage', 'No active editor.', 'Open a SQL file (or select a statement) first.');
    const selected = editor.selections.length === 1 ? editor.document.getText(editor.selection) : '';
    const sql = sqlToRun(editor.document.getText(), selected);
    const db = services.session.db;
    await confirmUserSql(services, 'Run query');
    const title = queryTitle(sql, editor.document.isUntitled ? undefined : basename(editor.document.uri.path));
    await ResultsPanel.show(
      services,
      `editor:${editor.document.uri.toString()}`,
      { title, connection: db.connection.display, sql, params: [] },
      resultsExporter(services),
    );
  });
}
