import * as vscode from 'vscode';
import { COMMANDS } from '../commandIds';
import { registerCommand } from '../commandRunner';
import { previewSql, qualifiedName } from '../logic/sqlText';
import { ResultsPanel } from '../panels/resultsPanel';
import type { Services } from '../services';
import { readSettings } from '../settings';
import type { ColumnNode } from '../tree/columnNode';
import type { SchemaTreeProvider } from '../tree/schemaTree';
import type { TableNode } from '../tree/tableNode';
import { resultsExporter } from './exportResults';

/** Schema view commands: Refresh, Copy Qualified Name, Preview Rows. */
export function registerSchemaCommands(services: Services, tree: SchemaTreeProvider): void {
  registerCommand(services, COMMANDS.refreshSchema, 'Refresh schema', () => tree.reload());
  registerCommand(services, COMMANDS.copyQualifiedName, 'Copy qualified name', async (node: TableNode | ColumnNode) => {
    const name =
      'column' in node
        ? qualifiedName(node.table.schema, node.table.name, node.column.name)
        : qualifiedName(node.table.schema, node.table.name);
    await vscode.env.clipboard.writeText(name);
    vscode.window.setStatusBarMessage(`Copied ${name}`, 3000);
  });
  registerCommand(services, COMMANDS.previewRows, 'Preview rows', async (node: TableNode) => {
    const { schema, name } = node.table;
    const limit = readSettings().previewRowLimit;
    await ResultsPanel.show(
      services,
      `preview:${schema}.${name}`,
      { title: `Preview: ${name}`, connection: services.session.db.connection.display, sql: previewSql(schema, name), params: [limit] },
      resultsExporter(services),
    );
  });
}
