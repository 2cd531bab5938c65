import * as vscode from 'vscode';
import type { ResultsState } from '../../shared/resultsProtocol';
import { RESULTS_VIEW_TYPE, ResultsPanel } from '../panels/resultsPanel';
import type { Services } from '../services';
import { resultsExporter } from './exportResults';

/** Restores results panels after a restart (they are opened by the query, table and analysis commands). */
export function registerResultsSerializer(services: Services): void {
  services.context.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(RESULTS_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel: vscode.WebviewPanel, state: ResultsState | undefined) =>
        ResultsPanel.revive(services, panel, state ?? undefined, resultsExporter(services)),
    }),
  );
}
