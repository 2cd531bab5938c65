/** What the user sees of LiteLLM Lens: its id, command titles (category "LiteLLM") and view titles. */
import * as vscode from 'vscode';
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

type Pending = undefined | null | false;

/** Waits until `check` returns a value (not undefined/null/false), polling; fails with `what` after `ms`. */
export async function eventually<T>(what: string, check: () => Promise<T | Pending> | T | Pending, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== null && value !== false) return value as T;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 250));
  }
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
