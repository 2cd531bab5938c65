/**
 * A webview page in Chromium as VS Code would host it: the panel's own HTML and CSP, an `acquireVsCodeApi`
 * that hands every message to a host function in the test process, `postMessage` delivery of the host's
 * replies, and traps that record CSP violations and any script that manages to run (alert/confirm/prompt).
 */
import type { Browser, Page } from 'playwright-core';
import { collectErrors } from './browser';
import { applyTheme, type TestTheme } from './vscodeTheme';

const STUB = `
window.__violations = [];
window.__xss = [];
document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + (e.blockedURI || e.sample)));
for (const name of ['alert', 'confirm', 'prompt']) window[name] = (...args) => { window.__xss.push(name + ':' + args.join(',')); };
window.acquireVsCodeApi = () => ({
  postMessage: (m) => window.__toHost(m),
  getState: () => window.__state,
  setState: (s) => { window.__state = s; },
});
`;

export interface WebviewHandle<ToHost, ToView> {
  page: Page;
  /** Every message the webview posted, in order. */
  posted: ToHost[];
  /** Uncaught page errors and console errors. */
  errors: string[];
  dialogs: string[];
  send(message: ToView): Promise<void>;
  /** The first message at index ≥ `from` that matches (waits for it). */
  waitFor<M extends ToHost>(match: (m: ToHost) => m is M, from?: number, timeoutMs?: number): Promise<M>;
  /** CSP violations and trapped script calls seen by the page. */
  security(): Promise<{ violations: string[]; xss: string[] }>;
  theme(theme: TestTheme): Promise<void>;
  state<S>(): Promise<S | undefined>;
}

export interface OpenOptions<S> {
  theme?: TestTheme;
  state?: S;
  viewport?: { width: number; height: number };
}

/** Opens `url` with the VS Code stub; `host` answers each posted message (its replies go through `send`). */
export async function openWebview<ToHost, ToView, S = unknown>(
  browser: Browser,
  url: string,
  host: (message: ToHost, view: WebviewHandle<ToHost, ToView>) => void | Promise<void>,
  opts: OpenOptions<S> = {},
): Promise<WebviewHandle<ToHost, ToView>> {
  const page = await browser.newPage({ viewport: opts.viewport ?? { width: 1400, height: 900 } });
  const posted: ToHost[] = [];
  const waiters = new Set<() => boolean>();
  let themed!: () => void;
  // VS Code themes the page before the webview runs; here the host answers nothing until the theme is on.
  const themeApplied = new Promise<void>((resolve) => (themed = resolve));
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const handle: WebviewHandle<ToHost, ToView> = {
    page,
    posted,
    errors: collectErrors(page),
    dialogs,
    send: (message) =>
      page.evaluate((m) => (globalThis as unknown as { postMessage(m: unknown, o: string): void }).postMessage(m, '*'), message as unknown),
    waitFor: <M extends ToHost>(match: (m: ToHost) => m is M, from = 0, timeoutMs = 60_000) =>
      new Promise<M>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`Timed out waiting for a webview message; got ${JSON.stringify(posted.slice(from)).slice(0, 500)}`)),
          timeoutMs,
        );
        const check = () => {
          const found = posted.slice(from).find(match);
          if (!found) return false;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(found as M);
          return true;
        };
        if (!check()) waiters.add(check);
      }),
    security: () =>
      page.evaluate(() => {
        const w = globalThis as unknown as { __violations: string[]; __xss: string[] };
        return { violations: [...w.__violations], xss: [...w.__xss] };
      }),
    theme: (theme) => applyTheme(page, theme),
    state: <T>() => page.evaluate(() => (globalThis as unknown as { __state?: unknown }).__state) as Promise<T | undefined>,
  };
  await page.exposeFunction('__toHost', async (message: ToHost) => {
    posted.push(message);
    for (const w of [...waiters]) w();
    await themeApplied;
    await host(message, handle);
  });
  if (opts.state !== undefined) {
    await page.addInitScript((s) => ((globalThis as unknown as { __state: unknown }).__state = s), opts.state as unknown);
  }
  await page.addInitScript(STUB);
  await page.goto(url);
  await applyTheme(page, opts.theme ?? 'light');
  themed();
  return handle;
}
