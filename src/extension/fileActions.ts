import { homedir } from 'node:os';
import * as vscode from 'vscode';

/** Where save dialogs start: the first workspace folder, else the home directory of the extension host. */
export function defaultSaveUri(fileName: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(homedir());
  return vscode.Uri.joinPath(folder, fileName);
}

/** A completion message with "Open File" and "Reveal". */
export function offerFileActions(message: string, file: vscode.Uri): void {
  void vscode.window.showInformationMessage(message, 'Open File', 'Reveal').then(async (choice) => {
    if (choice === 'Open File') await vscode.commands.executeCommand('vscode.open', file);
    if (choice === 'Reveal') await revealFile(file);
  });
}

/** The OS file manager on a desktop window; the Explorer in code-server and remote windows, which have none. */
export async function revealFile(file: vscode.Uri): Promise<void> {
  const desktop = vscode.env.uiKind === vscode.UIKind.Desktop && !vscode.env.remoteName;
  await vscode.commands.executeCommand(desktop ? 'revealFileInOS' : 'revealInExplorer', file);
}
