/**
 * Lets the mocha suite inside the extension host drive the browser: the suite POSTs `{op, args}` to this
 * loopback server and the runner performs the step with playwright, so one test can act through the real UI
 * and then assert on extension and database state. The suite also reports its tally here.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { answerFileDialog, answerQuickInput, runCommand, screenshot, treeContextMenu, treeRows, webviewFrame } from './workbench';

/** Mocha's tally as the suite reports it. */
export interface SuiteTally {
  passed: number;
  failed: number;
  failures: string[];
}

export interface Bridge {
  url: string;
  /** The last tally the suite posted, if any. */
  tally(): SuiteTally | undefined;
  close(): Promise<void>;
}

type Args = Record<string, unknown>;
type Op = (page: Page, args: Args) => Promise<unknown>;

/** Terminal colour codes in playwright's call logs. */
const ANSI_COLOUR = new RegExp(`${String.fromCharCode(27)}\\[\\d+m`, 'g');

function str(args: Args, key: string): string {
  const v = args[key];
  if (typeof v !== 'string') throw new Error(`bridge: "${key}" must be a string`);
  return v;
}

function optStr(args: Args, key: string): string | undefined {
  return args[key] === undefined ? undefined : str(args, key);
}

/** The UI steps, by name; also run in-process by the suite on a desktop VS Code (suite/ui.ts). */
export function makeOps(screenshotDir: string): Record<string, Op> {
  return {
    command: (page, a) => runCommand(page, str(a, 'title')),
    answer: (page, a) => answerQuickInput(page, optStr(a, 'text'), optStr(a, 'pick')),
    answerPath: (page, a) => answerFileDialog(page, str(a, 'path')),
    press: (page, a) => page.keyboard.press(str(a, 'key')),
    screenshot: (page, a) => screenshot(page, screenshotDir, str(a, 'name')),
    treeRows: (page, a) => treeRows(page, str(a, 'view'), Number(a.expandLevel ?? 0)),
    treeContextMenu: (page, a) => treeContextMenu(page, str(a, 'view'), str(a, 'row'), optStr(a, 'choose')),
    /** Waits for `selector` inside the visible webview and returns the text of every match. */
    webviewTexts: async (page, a) => {
      const loc = webviewFrame(page).locator(str(a, 'selector'));
      await loc.first().waitFor({ state: 'attached', timeout: Number(a.timeout ?? 20_000) });
      return loc.allTextContents();
    },
    /** The `name` attribute of every element matching `selector` in the visible webview (waits for the first). */
    webviewAttrs: async (page, a) => {
      const loc = webviewFrame(page).locator(str(a, 'selector'));
      await loc.first().waitFor({ state: 'attached', timeout: Number(a.timeout ?? 20_000) });
      const name = str(a, 'name');
      return Promise.all((await loc.all()).map((e) => e.getAttribute(name)));
    },
    /** For each element matching `rows` in the visible webview, the texts of its `cells` (waits for the first row). */
    webviewCells: async (page, a) => {
      const rows = webviewFrame(page).locator(str(a, 'rows'));
      await rows.first().waitFor({ state: 'attached', timeout: Number(a.timeout ?? 20_000) });
      const cells = str(a, 'cells');
      return Promise.all((await rows.all()).map((r) => r.locator(cells).allTextContents()));
    },
    /** Chooses `value` in the select matching `selector` in the visible webview. */
    webviewSelect: async (page, a) => {
      await webviewFrame(page).locator(str(a, 'selector')).first().selectOption(str(a, 'value'), { timeout: 10_000 });
    },
    /** Clicks the element matching `selector` in the visible webview. */
    webviewClick: async (page, a) => {
      await webviewFrame(page).locator(str(a, 'selector')).first().click({ timeout: 10_000 });
    },
    /** Types `value` into the input matching `selector` in the visible webview and presses Enter. */
    webviewFill: async (page, a) => {
      const input = webviewFrame(page).locator(str(a, 'selector')).first();
      await input.fill(str(a, 'value'), { timeout: 10_000 });
      await input.press('Enter');
    },
    /** Clicks a workbench element (activity bar icon, notification button). */
    click: (page, a) =>
      page
        .locator(str(a, 'selector'))
        .first()
        .click({ timeout: Number(a.timeout ?? 10_000) }),
    /** Text of workbench elements (notifications, status bar, editor lines); waits for the first. */
    texts: async (page, a) => {
      const loc = page.locator(str(a, 'selector'));
      await loc.first().waitFor({ state: 'attached', timeout: Number(a.timeout ?? 10_000) });
      // The editor renders spaces as no-break spaces.
      return (await loc.allTextContents()).map((t) => t.replace(/\u00a0/g, ' '));
    },
    /** Opens an activity-bar container by clicking its icon, unless it is already the one shown. */
    showContainer: async (page, a) => {
      const item = page
        .locator('.activitybar .action-item', { has: page.locator(`a[aria-label^=${JSON.stringify(str(a, 'label'))}]`) })
        .first();
      if (!((await item.getAttribute('class')) ?? '').split(' ').includes('checked')) await item.click();
    },
  };
}

export async function startBridge(page: () => Promise<Page>, screenshotDir: string, log: (line: string) => void): Promise<Bridge> {
  const ops = makeOps(screenshotDir);
  let tally: SuiteTally | undefined;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      void (async () => {
        try {
          const { op, args = {} } = JSON.parse(body) as { op: string; args?: Args };
          if (op === 'tally') {
            tally = args as unknown as SuiteTally;
            res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
            return;
          }
          const fn = ops[op];
          if (!fn) throw new Error(`bridge: unknown op ${op}`);
          const value = await fn(await page(), args);
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, value: value ?? null }));
        } catch (err) {
          // Playwright's call log (with terminal colours) goes to the session log; the suite gets the first line.
          const message = (err instanceof Error ? err.message : String(err)).replace(ANSI_COLOUR, '');
          log(`[bridge] ${message}`);
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: false, error: message.split('\n')[0] }));
        }
      })();
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    tally: () => tally,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
