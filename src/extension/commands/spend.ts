import * as vscode from 'vscode';
import type { SpendState } from '../../shared/spendProtocol';
import { COMMANDS } from '../commandIds';
import { registerCommand } from '../commandRunner';
import { SPEND_VIEW_TYPE, SpendPanel } from '../panels/spendPanel';
import type { Services } from '../services';

/** "Show Spend Attribution" and the panel serializer. */
export function registerSpendCommands(services: Services): void {
  registerCommand(services, COMMANDS.showSpendAttribution, 'Show spend attribution', () => SpendPanel.show(services));
  services.context.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(SPEND_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel: vscode.WebviewPanel, state: SpendState | undefined) =>
        SpendPanel.revive(services, panel, state ?? undefined),
    }),
  );
}
