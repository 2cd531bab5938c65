/**
 * User steps performed by playwright: through the runner's bridge (code-server in Chromium), or, on a desktop
 * VS Code, in this process over the DevTools protocol of the VS Code window itself.
 */
import type { Page } from 'playwright-core';
import { makeOps } from '../harness/bridge';
import type { TreeRow } from '../harness/workbench';
import { loadContext } from './context';

let desktopPage: Promise<Page> | undefined;

/** The workbench page of the desktop window this extension host belongs to. */
async function connectDesktop(cdpUrl: string): Promise<Page> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.connectOverCDP(cdpUrl);
  for (const page of browser.contexts().flatMap((c) => c.pages())) {
    if ((await page.locator('.monaco-workbench').count()) > 0) return page;
  }
  throw new Error(`no VS Code workbench window behind ${cdpUrl}`);
}

async function call<T>(op: string, args: Record<string, unknown> = {}): Promise<T> {
  const ctx = loadContext();
  if (!ctx.bridgeUrl) {
    if (!ctx.cdpUrl) throw new Error('neither a runner bridge nor a DevTools URL in the e2e context');
    if (op === 'tally') return undefined as T;
    desktopPage ??= connectDesktop(ctx.cdpUrl);
    const fn = makeOps(ctx.screenshotDir)[op];
    if (!fn) throw new Error(`unknown UI step ${op}`);
    return (await fn(await desktopPage, args)) as T;
  }
  const res = await fetch(ctx.bridgeUrl, { method: 'POST', body: JSON.stringify({ op, args }) });
  const body = (await res.json()) as { ok: boolean; value?: T; error?: string };
  if (!body.ok) throw new Error(`UI step ${op} failed: ${body.error}`);
  return body.value as T;
}

export const ui = {
  /** F1, the command's title, Enter. Returns once the command has been picked (not finished). */
  command: (title: string) => call<void>('command', { title }),
  /** Types into the open input box / quick pick and accepts, or clicks the row containing `pick`. */
  answer: (text?: string, pick?: string) => call<void>('answer', { text, pick }),
  /** Answers the workbench's file dialog (save/open) with a full path once it has listed its folder. */
  answerPath: (path: string) => call<void>('answerPath', { path }),
  press: (key: string) => call<void>('press', { key }),
  screenshot: (name: string) => call<string>('screenshot', { name }),
  /** Every row of a tree view (by its title); rows up to `expandLevel` are expanded first. */
  treeRows: (view: string, expandLevel = 0) => call<TreeRow[]>('treeRows', { view, expandLevel }),
  /** Right-clicks a tree row (by view title and row label): the context menu's titles; clicks `choose` if given. */
  treeContextMenu: (view: string, row: string, choose?: string) => call<string[]>('treeContextMenu', { view, row, choose }),
  /** Text of every element matching `selector` in the visible webview (waits for the first). */
  webviewTexts: (selector: string, opts: { timeout?: number } = {}) => call<string[]>('webviewTexts', { selector, ...opts }),
  /** The `name` attribute of every element matching `selector` in the visible webview. */
  webviewAttrs: (selector: string, name: string, opts: { timeout?: number } = {}) =>
    call<(string | null)[]>('webviewAttrs', { selector, name, ...opts }),
  /** For each element matching `rows` in the visible webview, the texts of its `cells`. */
  webviewCells: (rows: string, cells: string) => call<string[][]>('webviewCells', { rows, cells }),
  /** Chooses `value` in the select matching `selector` in the visible webview. */
  webviewSelect: (selector: string, value: string) => call<void>('webviewSelect', { selector, value }),
  webviewClick: (selector: string) => call<void>('webviewClick', { selector }),
  webviewFill: (selector: string, value: string) => call<void>('webviewFill', { selector, value }),
  /** Clicks a workbench element (activity bar icon, notification button). */
  click: (selector: string, timeout?: number) => call<void>('click', { selector, timeout }),
  /** Opens the activity-bar container whose icon is labelled `label` (no-op when it is shown already). */
  showContainer: (label: string) => call<void>('showContainer', { label }),
  /** Text of workbench elements (notifications, status bar, editor lines). */
  texts: (selector: string, timeout?: number) => call<string[]>('texts', { selector, timeout }),
  tally: (tally: { passed: number; failed: number; failures: string[] }) => call<void>('tally', tally),
};
