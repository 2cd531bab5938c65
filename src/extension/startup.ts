import * as vscode from 'vscode';
import { COMMANDS } from './commandIds';
import type { Services } from './services';
import { readSettings } from './settings';

/**
 * litellmLens.connectOnStartup: connects to that profile once VS Code has started, then opens what
 * litellmLens.showOnStartup asks for (`npm start`: the LiteLLM side bar and the spend attribution view).
 */
export async function connectOnStartup(services: Services): Promise<void> {
  const { connectOnStartup: profile, showOnStartup } = readSettings();
  if (!profile) return;
  await vscode.commands.executeCommand(COMMANDS.connectTarget, `profile:${profile}`);
  // A failed connection has shown its error already, and there is no data to show.
  if (!services.session.info || showOnStartup === 'none') return;
  // The activity-bar container contributed in package.json (viewsContainers.activitybar "litellm").
  await vscode.commands.executeCommand('workbench.view.extension.litellm');
  if (showOnStartup === 'spendAttribution') await vscode.commands.executeCommand(COMMANDS.showSpendAttribution);
}
