/** SQL documents for "Run Query in Active Editor", and the notifications the user gets. */
import * as vscode from 'vscode';
import { ui } from './ui';

/** Opens an untitled SQL editor with `sql` and focuses it, as if the user had typed it. */
export async function openSqlEditor(sql: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument({ language: 'sql', content: sql });
  return vscode.window.showTextDocument(doc, { preview: false, viewColumn: vscode.ViewColumn.One });
}

/**
 * Opens the notification centre (the bell), where errors and cancellable progress are listed. Toasts are not
 * used: the headless browser never has window focus, so the workbench keeps them in the centre only.
 */
export async function showNotifications(): Promise<void> {
  await ui.command('Notifications: Show Notifications');
}

/** Messages listed in the notification centre. */
export async function notificationTexts(timeout = 20_000): Promise<string[]> {
  return ui.texts('.notifications-center .notification-list-item-message', timeout);
}

/** Closes every editor and panel without save prompts (dialogs are refused in smoke-test mode). */
export async function closeEditors(): Promise<void> {
  for (let i = 0; i < 20 && vscode.window.tabGroups.all.some((g) => g.tabs.length > 0); i++) {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  await vscode.commands.executeCommand('notifications.clearAll');
  await vscode.commands.executeCommand('notifications.hideList');
}
