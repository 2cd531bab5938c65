/**
 * The VS Code workbench in Debian Chromium, driven the way a user drives it: command palette, quick inputs,
 * tree rows, webview content (two iframes deep), screenshots.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { format } from 'node:util';
import { type Browser, type FrameLocator, type Locator, type Page } from 'playwright-core';

export interface WorkbenchOptions {
  serverUrl: string;
  workspace: string;
  /** Absolute folder of the extension under development (omit to use installed extensions only). */
  extensionDevelopmentPath?: string;
  /** Absolute path of the bundled mocha entry that exports run(). */
  extensionTestsPath?: string;
  /** Receives the workbench's and the extension host's console output (mocha's reporter among it). */
  onLog(type: string, text: string): void;
  /** Called once when the extension tests finish (0 = all passed). */
  onExit(code: number): void;
}

/** The workbench URL with the same payload `@vscode/test-electron` passes as CLI flags on the desktop. */
export function workbenchUrl(
  opts: Pick<WorkbenchOptions, 'serverUrl' | 'workspace' | 'extensionDevelopmentPath' | 'extensionTestsPath'>,
): string {
  const payload: [string, string][] = [];
  if (opts.extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', `vscode-remote://remote${opts.extensionDevelopmentPath}`]);
  if (opts.extensionTestsPath) payload.push(['extensionTestsPath', `vscode-remote://remote${opts.extensionTestsPath}`]);
  const query = `?folder=${encodeURIComponent(opts.workspace)}`;
  return payload.length === 0
    ? `${opts.serverUrl}${query}`
    : `${opts.serverUrl}${query}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

export async function openWorkbench(browser: Browser, opts: WorkbenchOptions): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  let exited = false;
  await page.exposeFunction('codeAutomationExit', (code: number) => {
    if (exited) return;
    exited = true;
    opts.onExit(Number(code));
  });
  await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
    opts.onLog(type, format(...(Array.isArray(args) ? args : [args])));
  });
  await page.goto(workbenchUrl(opts));
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  return page;
}

/** The quick-pick entry whose label contains `label` (rows keep stale detail text of earlier lists). */
function quickPickRow(page: Page, label: string): Locator {
  return page
    .locator('.quick-input-list .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: label }) })
    .first();
}

/** What identifies the prompt on screen: its title, placeholder and current value. */
async function promptState(widget: Locator): Promise<string | undefined> {
  if (!(await widget.isVisible())) return undefined;
  const title = await widget
    .locator('.quick-input-title')
    .textContent()
    .catch(() => '');
  const input = widget.locator('input').first();
  return [title, await input.getAttribute('placeholder').catch(() => ''), await input.inputValue().catch(() => '')].join('\u0000');
}

/**
 * Accepts the prompt with `accept` and returns once it has closed or been replaced by the next one, so the
 * next step never types into a closing widget.
 */
async function acceptPrompt(page: Page, accept: () => Promise<void>, what: string): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  const before = await promptState(widget);
  await accept();
  const deadline = Date.now() + 10_000;
  while ((await promptState(widget)) === before) {
    if (Date.now() > deadline) throw new Error(`the prompt did not accept ${what}`);
    await page.waitForTimeout(50);
  }
}

/** Runs a command the way a user does: F1, type the title, pick the exact entry. */
export async function runCommand(page: Page, title: string): Promise<void> {
  const input = page.locator('.quick-input-widget input').first();
  await page.keyboard.press('F1');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`>${title}`);
  const row = quickPickRow(page, title);
  await row.waitFor({ state: 'visible', timeout: 10_000 });
  await acceptPrompt(page, () => row.click(), JSON.stringify(title));
}

/**
 * Answers an open input box or quick pick: types `text` and accepts, or types `pick` to filter the list (long
 * lists render only their first rows) and clicks the entry whose label contains it.
 */
export async function answerQuickInput(page: Page, text: string | undefined, pick?: string): Promise<void> {
  const input = page.locator('.quick-input-widget input').first();
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  const typed = pick ?? text;
  if (typed !== undefined) await input.fill(typed, { timeout: 10_000 });
  await acceptPrompt(
    page,
    () => (pick ? quickPickRow(page, pick).click({ timeout: 10_000 }) : input.press('Enter', { timeout: 10_000 })),
    JSON.stringify(typed),
  );
}

/**
 * Answers VS Code's own file dialog (the browser workbench has no native one) with a full path. The dialog moves
 * to the typed path's folder asynchronously, and an Enter that arrives before it has started that move is spent
 * on the move instead of saving. So when the target folder is not the one the dialog opened in (its first value
 * is the default path), a marker file with the target's extension (the dialog lists only files its filter
 * accepts) is put in the target folder, and Enter is pressed only once the dialog lists the marker and still
 * shows the typed path.
 */
export async function answerFileDialog(page: Page, path: string): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  const input = widget.locator('input').first();
  await widget.locator('.quick-input-list .monaco-list-row').first().waitFor({ state: 'visible', timeout: 10_000 });
  const moves = dirname(await input.inputValue()) !== dirname(path);
  const marker = `lens-e2e-folder-marker${extname(path)}`;
  if (moves) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(join(dirname(path), marker), '');
  }
  await input.fill(path, { timeout: 10_000 });
  if (moves) await quickPickRow(page, marker).waitFor({ state: 'visible', timeout: 10_000 });
  if ((await input.inputValue()) !== path) {
    throw new Error(`the file dialog rewrote ${JSON.stringify(path)} as ${JSON.stringify(await input.inputValue())}`);
  }
  await acceptPrompt(page, () => input.press('Enter', { timeout: 10_000 }), JSON.stringify(path));
}

/** The content frame of the visible webview panel (outer iframe.webview → #active-frame). */
export function webviewFrame(page: Page): FrameLocator {
  return page.locator('iframe.webview').locator('visible=true').first().contentFrame().frameLocator('#active-frame');
}

/** One row of a tree view as the user sees it. */
export interface TreeRow {
  index: number;
  level: number;
  label: string;
  description: string;
  /** What a screen reader announces for the row. */
  ariaLabel: string;
  expanded: boolean | null;
}

function pane(page: Page, viewTitle: string): Locator {
  return page.locator('.pane', { has: page.locator('.pane-header', { hasText: viewTitle }) }).first();
}

/**
 * The rendered rows of a list in one round trip. The callback runs in the page: it reads attributes only (no DOM
 * typings needed here) and declares no named functions (tsx would wrap them in a helper the page lacks).
 */
function renderedRows(list: Locator): Promise<(TreeRow & { last: boolean })[]> {
  return list.locator('.monaco-list-row').evaluateAll((els) =>
    els.map((el) => ({
      index: Number(el.getAttribute('data-index')),
      level: Number(el.getAttribute('aria-level')),
      label: (el.querySelector('.label-name')?.textContent ?? '').trim(),
      description: (el.querySelector('.label-description')?.textContent ?? '').trim(),
      ariaLabel: el.getAttribute('aria-label') ?? '',
      expanded: el.getAttribute('aria-expanded') === null ? null : el.getAttribute('aria-expanded') === 'true',
      last: el.getAttribute('data-last-element') === 'true',
    })),
  );
}

/** Rows of a tree this long fit in the enlarged viewport, so the virtualised list renders all of them. */
const TALL_VIEWPORT = 4000;

/**
 * Every row of the tree view titled `viewTitle`; rows at a level up to `expandLevel` are expanded by clicking
 * their twistie, as a user would. While reading, the page is made tall and the container's other views are
 * collapsed, so that the virtualised list renders every row; the result must run from index 0 to the row
 * marked last, with every expanded row followed by its children. The layout is restored afterwards.
 */
export async function treeRows(page: Page, viewTitle: string, expandLevel = 0): Promise<TreeRow[]> {
  const view = pane(page, viewTitle);
  const header = view.locator('.pane-header');
  if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
  const openTitles = await page.locator('.part.sidebar .pane-header[aria-expanded="true"] h3.title').allTextContents();
  const collapsed = openTitles
    .filter((t) => t.trim().toLowerCase() !== viewTitle.toLowerCase())
    .map((t) => pane(page, t.trim()).locator('.pane-header'));
  for (const other of collapsed) await other.click();
  const list = view.locator('.monaco-list');
  await list.locator('.monaco-list-row').first().waitFor({ state: 'visible', timeout: 20_000 });
  const size = page.viewportSize() ?? { width: 1400, height: 900 };
  await page.setViewportSize({ width: size.width, height: TALL_VIEWPORT });
  try {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const rows = (await renderedRows(list)).sort((a, b) => a.index - b.index);
      const closed = rows.find((r) => r.level <= expandLevel && r.expanded === false);
      // An expanded row's children arrive from the extension host after its twistie flips: until the row after
      // it is deeper, the list is still loading (under load that takes longer than one poll).
      const childrenShown = rows.every((r, i) => r.expanded !== true || (rows[i + 1]?.level ?? 0) > r.level);
      const settled = rows.every((r, i) => r.index === i && r.level > 0) && rows.at(-1)?.last === true && childrenShown;
      if (closed && settled) {
        await list.locator(`.monaco-list-row[data-index="${closed.index}"] .monaco-tl-twistie`).click();
      } else if (settled) {
        return rows.map(({ last: _last, ...row }) => row);
      } else if (Date.now() > deadline) {
        throw new Error(`tree "${viewTitle}" did not render all its rows (${rows.length} rendered)`);
      }
      await page.waitForTimeout(150);
    }
  } finally {
    await page.setViewportSize(size);
    for (const other of collapsed) await other.click();
  }
}

/**
 * Right-clicks the row labelled `rowLabel` of the tree view titled `viewTitle` and returns the titles of its
 * context menu; clicks `choose` among them when given, else closes the menu with Escape.
 */
export async function treeContextMenu(page: Page, viewTitle: string, rowLabel: string, choose?: string): Promise<string[]> {
  const view = pane(page, viewTitle);
  const row = view.locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: rowLabel }) }).first();
  await row.click({ button: 'right', timeout: 10_000 });
  const items = page.locator('.monaco-menu .action-menu-item .action-label');
  await items.first().waitFor({ state: 'visible', timeout: 10_000 });
  const titles = (await items.allTextContents()).map((t) => t.trim()).filter(Boolean);
  if (choose === undefined) await page.keyboard.press('Escape');
  else {
    // By keyboard: the menu ignores a mouse-up that comes too soon after it opened (a click right after the
    // right-click can be dropped, leaving the menu open), whereas hover focuses the item and Enter runs it.
    const item = page.locator('.monaco-menu .action-item', { has: page.locator('.action-label', { hasText: choose }) }).first();
    await item.hover();
    await page
      .locator('.monaco-menu .action-item.focused', { has: page.locator('.action-label', { hasText: choose }) })
      .waitFor({ timeout: 10_000 });
    await page.keyboard.press('Enter');
    await items.first().waitFor({ state: 'hidden', timeout: 10_000 });
  }
  return titles;
}

export async function screenshot(page: Page, dir: string, name: string): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}
