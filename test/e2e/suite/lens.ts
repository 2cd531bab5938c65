/** What the user sees of LiteLLM Lens: its id, command titles (category "LiteLLM") and view titles. */
import * as vscode from 'vscode';
import { eventually as poll, type Pending } from '../../support/eventually';
import { ui } from './ui';

export const EXTENSION_ID = 'litellm-lens.litellm-lens';

export const TITLES = {
  connect: 'LiteLLM: Connect to Database…',
  disconnect: 'LiteLLM: Disconnect',
  openDemo: 'LiteLLM: Open Demo Database',
  runQuery: 'LiteLLM: Run Query in Active Editor',
  showLogs: 'LiteLLM: Show Logs',
  setPassword: 'LiteLLM: Set Connection Password…',
  runAnalysis: 'LiteLLM: Run Saved Analysis…',
  exportCbf: 'LiteLLM: Export CloudZero CBF…',
  showGraph: 'LiteLLM: Show Relationship Graph',
  showSpend: 'LiteLLM: Show Spend Attribution',
} as const;

export const VIEWS = { connections: 'Connections', schema: 'Schema' } as const;

/** The connection status bar item (its element id is `<extension id>.<item id>`). */
export const STATUS_ITEM = `[id="${EXTENSION_ID}.litellm.connection"]`;

export function extension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not loaded`);
  return ext;
}

/** Workbench state, polled every 250 ms (each check drives the UI) for up to 20 s by default. */
export function eventually<T>(what: string, check: () => Promise<T | Pending> | T | Pending, ms = 20_000): Promise<T> {
  return poll(what, check, ms, 250);
}

/** The status bar's connection text as the user reads it. */
export async function statusText(): Promise<string> {
  return (await ui.texts(STATUS_ITEM)).join(' ').trim();
}

/** Opens the LiteLLM activity-bar container by clicking its icon (unless it is open). */
export function showLensViews(): Promise<void> {
  return ui.showContainer('LiteLLM');
}

/** A screenshot of the workbench as a user would show it: LiteLLM views open, no panel or notifications over it. */
export async function productShot(name: string): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closePanel');
  await vscode.commands.executeCommand('notifications.hideList');
  await showLensViews();
  await ui.screenshot(name);
}
