import * as vscode from 'vscode';
import { COMMANDS, type CommandId } from './commandIds';
import { presentError } from './logic/errorPresentation';
import type { Services } from './services';

/**
 * Registers a command whose failures are caught, logged (redacted) and shown as one actionable message.
 * `what` names the action in that message, e.g. "Run query".
 */
export function registerCommand(services: Services, id: CommandId, what: string, handler: (...args: never[]) => unknown): void {
  services.context.subscriptions.push(
    vscode.commands.registerCommand(id, async (...args: never[]) => {
      try {
        return await handler(...args);
      } catch (err) {
        reportError(services, what, err);
        return undefined;
      }
    }),
  );
}

/** Shows one error notification without waiting for it (a pending notification must not hold a command open). */
export function reportError(services: Services, what: string, err: unknown): void {
  const presented = presentError(what, err, services.redactions);
  if (presented.cancelled) {
    services.log.info(presented.message);
    vscode.window.setStatusBarMessage(presented.message, 5000);
    return;
  }
  if (presented.level === 'error') services.log.error(what, err);
  else services.log.info(presented.message);
  const show = presented.level === 'error' ? vscode.window.showErrorMessage : vscode.window.showWarningMessage;
  void show(presented.message, ...presented.actions).then(async (choice) => {
    if (choice === 'Show Logs') services.channel.show(true);
    if (choice === 'Open Settings') await vscode.commands.executeCommand('workbench.action.openSettings', presented.settingsQuery);
    if (choice === 'Connect…') await vscode.commands.executeCommand(COMMANDS.connect);
    if (choice === 'Open Demo Database') await vscode.commands.executeCommand(COMMANDS.openDemoDatabase);
  });
}
