import * as vscode from 'vscode';
import { COMMANDS } from '../commandIds';
import { registerCommand } from '../commandRunner';
import { GRAPH_VIEW_TYPE, GraphPanel } from '../panels/graphPanel';
import type { Services } from '../services';

/** "Show Relationship Graph", "Show in Relationship Graph" (schema tree) and the panel serializer. */
export function registerGraphCommands(services: Services): void {
  registerCommand(services, COMMANDS.showRelationshipGraph, 'Show relationship graph', () => GraphPanel.show(services));
  registerCommand(services, COMMANDS.showInRelationshipGraph, 'Show in relationship graph', (node?: { table?: { name: string } }) =>
    GraphPanel.show(services, node?.table?.name),
  );
  services.context.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(GRAPH_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel: vscode.WebviewPanel) => GraphPanel.revive(services, panel),
    }),
  );
}
