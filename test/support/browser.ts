/**
 * Real-browser harness for webview and diagram tests: Debian Chromium through playwright-core, scripts bundled
 * with esbuild exactly as the webview build does (browser, iife), pages served from memory on 127.0.0.1.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import * as esbuild from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';

const REPO_ROOT = resolve(__dirname, '..', '..');

/** Flags that keep Chromium quiet and off the network in a container. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Headless Debian Chromium (override the binary with CHROMIUM_PATH). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/**
 * One self-contained browser script: `file` (a path relative to the repository) or inline `source` whose
 * imports resolve from the repository root.
 */
export async function bundleScript(entry: { file: string } | { source: string }): Promise<string> {
  const result = await esbuild.build({
    ...('file' in entry
      ? { entryPoints: [resolve(REPO_ROOT, entry.file)] }
      : { stdin: { contents: entry.source, resolveDir: REPO_ROOT, loader: 'ts' } }),
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    minify: true,
    loader: { '.css': 'text' },
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}

export interface ServedPage {
  /** Base URL, e.g. `http://127.0.0.1:41234/`; `index.html` is served at `/`. */
  url: string;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  json: 'application/json',
  svg: 'image/svg+xml',
};

/** Serves in-memory files (keys like `index.html`, `main.js`); anything else is a 404. */
export async function servePage(files: Record<string, string>, headers: Record<string, string> = {}): Promise<ServedPage> {
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname).replace(/^\/+/, '') || 'index.html';
    const body = files[path];
    if (body === undefined) {
      res.writeHead(404).end();
      return;
    }
    const type = CONTENT_TYPES[path.split('.').pop() ?? ''] ?? 'application/octet-stream';
    res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store', ...headers }).end(body);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

/** Uncaught page errors and console errors, collected from the moment of the call. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
  });
  return errors;
}
