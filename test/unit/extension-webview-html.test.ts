import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createNonce, webviewHtml } from '../../src/extension/logic/webviewHtml';

describe('webview HTML shell', () => {
  test('a strict CSP with a fresh crypto nonce, and only the bundle as script', () => {
    const nonce = createNonce();
    assert.match(nonce, /^[A-Za-z0-9+/]{24}$/);
    assert.notEqual(createNonce(), nonce);
    const html = webviewHtml({
      title: 'Results',
      cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
      scriptUri: 'https://x/dist/webview/results.js',
      nonce,
    });
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)![1];
    assert.equal(
      csp,
      `default-src 'none'; script-src 'nonce-${nonce}'; style-src https://file+.vscode-resource.vscode-cdn.net; img-src https://file+.vscode-resource.vscode-cdn.net data:; font-src https://file+.vscode-resource.vscode-cdn.net`,
    );
    assert.ok(html.indexOf('Content-Security-Policy') < html.indexOf('<title>'), 'the CSP comes first in <head>');
    assert.equal(html.match(/<script/g)!.length, 1);
    assert.match(html, new RegExp(`<script nonce="${nonce.replace(/[+/]/g, '\\$&')}" src="https://x/dist/webview/results.js"></script>`));
    assert.ok(!/unsafe-inline|unsafe-eval/.test(html));
  });

  test('only the mermaid graph may allow inline styles; scripts stay nonce-only', () => {
    const html = webviewHtml({ title: 'Graph', cspSource: 'vscode-src', scriptUri: 'g.js', nonce: 'abc', inlineStyles: true });
    assert.match(html, /style-src vscode-src 'unsafe-inline'; /);
    assert.match(html, /script-src 'nonce-abc'; /);
    assert.ok(!html.includes('unsafe-eval'));
  });

  test('the title is escaped', () => {
    const html = webviewHtml({ title: '</title><script>alert(1)</script>', cspSource: 'x', scriptUri: 'y', nonce: 'n' });
    assert.match(html, /<title>&lt;\/title&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;<\/title>/);
  });
});
