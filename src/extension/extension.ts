import * as vscode from 'vscode';
import { registerAnalysisCommands } from './commands/analyses';
import { registerConnectCommands } from './commands/connect';
import { registerExportCbfCommand } from './commands/exportCbf';
import { registerExportResultsCommand } from './commands/exportResults';
import { registerGraphCommands } from './commands/graph';
import { registerHealthCheckCommand } from './commands/healthCheck';
import { masterKeyHashOf, registerMasterKeyCommand } from './commands/masterKey';
import { registerOpenDemoCommand } from './commands/openDemo';
import { registerResultsSerializer } from './commands/results';
import { registerRunQueryCommand } from './commands/runQuery';
import { registerSchemaCommands } from './commands/schemaCommands';
import { registerSendCbfCommands } from './commands/sendCbf';
import { registerShowLogsCommand } from './commands/showLogs';
import { registerSpendCommands } from './commands/spend';
import { LensSession } from './logic/lensSession';
import { RedactingLog, SecretRegistry } from './logic/redactingLog';
import { SpendContext } from './panels/spendContext';
import { registerSqlEditor } from './sqlEditor';
import { SecretStore } from './secretStore';
import { readSettings } from './settings';
import { connectOnStartup } from './startup';
import type { Services } from './services';
import { StatusBar } from './statusBar';
import { AnalysesTreeProvider } from './tree/analysesTree';
import { ConnectionsTreeProvider } from './tree/connectionsTree';
import { SchemaTreeProvider } from './tree/schemaTree';

/** View ids contributed in package.json. */
export const VIEWS = { connections: 'litellm.connections', schema: 'litellm.schema', analyses: 'litellm.analyses' } as const;

let session: LensSession | undefined;

/**
 * Wires logs, status bar, views, commands and panel serializers. Nothing here touches a database: the first
 * connection is opened by a command (at startup only when litellmLens.connectOnStartup names a profile).
 */
export function activate(context: vscode.ExtensionContext): void {
  const started = performance.now();
  const channel = vscode.window.createOutputChannel('LiteLLM Lens', { log: true });
  const redactions = new SecretRegistry();
  session = new LensSession();
  const statusBar = new StatusBar(session);
  const services: Services = {
    context,
    channel,
    redactions,
    session,
    statusBar,
    log: new RedactingLog(channel, redactions),
    secretStore: new SecretStore(context.secrets, redactions),
    // Options are read on every request (and are part of the cache key).
    spend: new SpendContext(session, () => ({
      budgetTimezone: readSettings().budgetTimezone,
      masterKeyHash: masterKeyHashOf(services),
      timezone: readSettings().reportTimezone,
    })),
  };
  const current = session;
  const unsubscribe = session.onDidChange(
    () => void vscode.commands.executeCommand('setContext', 'litellm.connected', Boolean(current.info)),
  );
  context.subscriptions.push(channel, statusBar, { dispose: unsubscribe }, { dispose: () => services.spend.dispose() });

  const schemaTree = new SchemaTreeProvider(session, (text) => redactions.redact(text));
  const connectionsTree = new ConnectionsTreeProvider(services);
  const analysesTree = new AnalysesTreeProvider(session, (text) => redactions.redact(text));
  context.subscriptions.push(
    schemaTree,
    connectionsTree,
    analysesTree,
    vscode.window.createTreeView(VIEWS.analyses, { treeDataProvider: analysesTree }),
    vscode.window.createTreeView(VIEWS.schema, { treeDataProvider: schemaTree, showCollapseAll: true }),
    vscode.window.createTreeView(VIEWS.connections, { treeDataProvider: connectionsTree }),
  );

  registerShowLogsCommand(services);
  registerConnectCommands(services);
  registerOpenDemoCommand(services);
  registerSchemaCommands(services, schemaTree);
  registerRunQueryCommand(services);
  registerExportResultsCommand(services);
  registerResultsSerializer(services);
  registerAnalysisCommands(services, analysesTree);
  registerExportCbfCommand(services);
  registerSendCbfCommands(services);
  registerHealthCheckCommand(services);
  registerGraphCommands(services);
  registerSpendCommands(services);
  registerMasterKeyCommand(services);
  registerSqlEditor(services);

  services.log.info(`LiteLLM Lens activated in ${Math.round(performance.now() - started)} ms.`);
  // Activation on startup exists for this setting; without it nothing connects until asked.
  void connectOnStartup(services);
}

/** Closes the connection pool and stops the demo server, if one runs. */
export async function deactivate(): Promise<void> {
  await session?.disconnect();
  session = undefined;
}
