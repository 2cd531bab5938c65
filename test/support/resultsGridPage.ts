/**
 * The results grid page as the webview tests and the grid benchmark drive it: a stand-in for VS Code's webview API,
 * page-side measuring helpers, and the host's message sequence for a result.
 */
import type { Page } from 'playwright-core';
import type { GridResult } from '../../src/extension/logic/gridQuery';
import type { HostToResults, ResultsHeader, ResultsState } from '../../src/shared/resultsProtocol';

export const CHUNK_ROWS = 5000; // as the host panel sends them

/** Stands in for VS Code: the webview API, a CSP violation log, and page-side measuring helpers. */
export const HARNESS = `
window.g = () => window;
window.__posted = [];
window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
window.acquireVsCodeApi = () => ({
  postMessage: (m) => window.__posted.push(m),
  getState: () => window.__state,
  setState: (s) => { window.__state = s; },
});
const frame = () => new Promise((r) => requestAnimationFrame(r));
const task = () => new Promise((r) => { const c = new MessageChannel(); c.port1.onmessage = () => r(); c.port2.postMessage(0); });
const stats = (xs) => { const s = [...xs].sort((a, b) => a - b); const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { mean: xs.reduce((a, b) => a + b, 0) / xs.length, p50: q(0.5), p95: q(0.95), max: s[s.length - 1] }; };
window.resultsHarness = {
  // Messages arrive one per task, as from the host. They are parsed before the clock starts and dispatched
  // without a structured clone; the clone a real webview pays per chunk is measured separately (cloneChunk).
  async deliver(json, expectText) {
    const messages = JSON.parse(json);
    const t0 = performance.now();
    for (const m of messages) { window.dispatchEvent(new MessageEvent('message', { data: m })); await task(); }
    while (!performance.getEntriesByName('results:first-paint').length) await frame();
    const firstPaint = performance.getEntriesByName('results:first-paint')[0].startTime - t0;
    while (!document.querySelector('.info').textContent.startsWith(expectText)) await frame();
    const chunk = messages.find((m) => m.type === 'rows');
    const c0 = performance.now();
    structuredClone(chunk);
    return { firstPaint, allRows: performance.now() - t0, cloneChunk: performance.now() - c0 };
  },
  async jumpScroll(steps) {
    const s = document.querySelector('.grid-scroll');
    const range = s.scrollHeight - s.clientHeight;
    const work = [], frames = [];
    let last = await frame();
    for (let i = 1; i <= steps; i++) {
      const t = performance.now();
      s.scrollTop = Math.floor((((i * 7919) % 1000) / 1000) * range);
      s.dispatchEvent(new Event('scroll'));
      work.push(performance.now() - t);
      const now = await frame();
      frames.push(now - last);
      last = now;
    }
    return { work: stats(work), frames: stats(frames) };
  },
  // Types into the filter box and waits for the new "n of N rows" (the typing pause included).
  async filter(text) {
    const box = document.querySelector('.filter'), count = document.querySelector('.filter-count');
    const before = count.textContent, t0 = performance.now();
    box.value = text;
    box.dispatchEvent(new Event('input'));
    while (count.textContent === before) await frame();
    return { ms: performance.now() - t0, shown: count.textContent };
  },
  // Ctrl+A then Ctrl+C in the grid: the time to select every shown row and build their TSV.
  copyAll() {
    const grid = document.querySelector('.grid'), n = window.__posted.length, t0 = performance.now();
    grid.focus();
    for (const key of ['a', 'c']) grid.dispatchEvent(new KeyboardEvent('keydown', { key, ctrlKey: true, bubbles: true }));
    return { ms: performance.now() - t0, lines: window.__posted[n].text.split('\\n').length };
  },
  recordFrames() {
    const frames = [];
    let last = performance.now(), on = true;
    const tick = (now) => { frames.push(now - last); last = now; if (on) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
    return () => { on = false; return stats(frames.slice(1)); };
  },
};
`;

export interface Stats {
  mean: number;
  p50: number;
  p95: number;
  max: number;
}
interface Harness {
  deliver(messagesJson: string, expectText: string): Promise<{ firstPaint: number; allRows: number; cloneChunk: number }>;
  jumpScroll(steps: number): Promise<{ work: Stats; frames: Stats }>;
  filter(text: string): Promise<{ ms: number; shown: string }>;
  copyAll(): { ms: number; lines: number };
  recordFrames(): () => Stats;
}
export interface PageGlobals {
  resultsHarness: Harness;
  __posted: unknown[];
  __state?: ResultsState;
  __violations: string[];
  __xss?: number;
  __stopFrames?: () => Stats;
}
interface PageElement {
  textContent: string | null;
  className: string;
  getAttribute(name: string): string | null;
}
export type PageWindow = PageGlobals & {
  document: {
    querySelectorAll(s: string): ArrayLike<PageElement>;
    querySelector(s: string): PageElement | null;
    getElementById(id: string): PageElement | null;
    activeElement: PageElement | null;
  };
  postMessage(message: unknown, origin: string): void;
  addEventListener(type: 'message', listener: () => void, options: { once: true }): void;
  getSelection(): { isCollapsed: boolean } | null;
};
/**
 * The page's window, typed. Functions passed to page.evaluate run in the page, where HARNESS defines `g` too,
 * so the same `g()` call type-checks here and resolves there (the root tsconfig has no DOM types). An importer
 * must declare its own `g` the same way: an imported binding is renamed by the bundler and missing in the page.
 */
const g = () => globalThis as unknown as PageWindow;

export const fmt = (s: Stats) =>
  `mean ${s.mean.toFixed(2)} / p50 ${s.p50.toFixed(2)} / p95 ${s.p95.toFixed(2)} / max ${s.max.toFixed(2)} ms`;

/** The host's message sequence for a result, as one JSON string (a string crosses CDP far faster than objects). */
export function messagesFor(header: ResultsHeader, r: GridResult): string {
  const out: HostToResults[] = [{ type: 'begin', header, columns: r.columns }];
  for (let i = 0; i < r.rows.length; i += CHUNK_ROWS) out.push({ type: 'rows', rows: r.rows.slice(i, i + CHUNK_ROWS) });
  out.push({ type: 'end', summary: { rowCount: r.rowCount, shown: r.rows.length, truncated: r.truncated, elapsedMs: r.elapsedMs } });
  return JSON.stringify(out);
}

/** Resolves once the page has said `ready` to the host. */
export async function waitForReady(page: Page): Promise<void> {
  await page.waitForFunction(() => g().__posted.length > 0);
}

/** What a 100k-row delivery and scrolling measure: timings (for the benchmark) and the DOM rows left alive. */
export interface GridScrolling {
  load: { firstPaint: number; allRows: number; cloneChunk: number };
  jumps: { work: Stats; frames: Stats };
  wheel: Stats;
  domRows: number;
  /** Filtering every loaded row, then Ctrl+A, Ctrl+C of what the filter shows and of all rows. */
  filter: { ms: number; shown: string };
  /** A second filter, once every row's text has been built. */
  refilter: { ms: number; shown: string };
  copyFiltered: { ms: number; lines: number };
  copyAll: { ms: number; lines: number };
}

/** What the filter measurements type: matches about 1 % of the generated rows' labels (`user-42`). */
export const FILTER_TEXT = 'User-42';
export const REFILTER_TEXT = 'user-7';

/**
 * Delivers `messagesJson`, waits until the grid counts `expectText`, then jump-scrolls 120 times and wheels 60,
 * filters by FILTER_TEXT and copies the filtered rows, then clears the filter and copies every row.
 */
export async function deliverAndScroll(page: Page, messagesJson: string, expectText: string): Promise<GridScrolling> {
  const load = await page.evaluate(([m, t]) => g().resultsHarness.deliver(m, t), [messagesJson, expectText] as const);
  const jumps = await page.evaluate(() => g().resultsHarness.jumpScroll(120));
  await page.mouse.move(600, 400);
  await page.evaluate(() => (g().__stopFrames = g().resultsHarness.recordFrames()));
  for (let i = 0; i < 60; i++) await page.mouse.wheel(0, 1200);
  const wheel = await page.evaluate(() => g().__stopFrames!());
  const domRows = await page.evaluate(() => g().document.querySelectorAll('.grid-row').length);
  const filter = await page.evaluate((t) => g().resultsHarness.filter(t), FILTER_TEXT);
  const refilter = await page.evaluate((t) => g().resultsHarness.filter(t), REFILTER_TEXT);
  const copyFiltered = await page.evaluate(() => g().resultsHarness.copyAll());
  await page.evaluate(() => g().resultsHarness.filter(''));
  const copyAll = await page.evaluate(() => g().resultsHarness.copyAll());
  return { load, jumps, wheel, domRows, filter, refilter, copyFiltered, copyAll };
}
