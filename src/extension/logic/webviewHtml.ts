import { randomBytes } from 'node:crypto';

/** A fresh nonce per page load, from the crypto RNG (a predictable nonce would defeat the CSP). */
export function createNonce(): string {
  return randomBytes(18).toString('base64');
}

export interface WebviewPage {
  title: string;
  /** `webview.cspSource` (or the test server's origin). */
  cspSource: string;
  /** The bundled script, already mapped through `asWebviewUri`. */
  scriptUri: string;
  nonce: string;
  /**
   * Adds `'unsafe-inline'` to style-src. Only the relationship graph sets it: mermaid writes a `<style>` element
   * and `style` attributes into its SVG. Scripts stay nonce-only.
   */
  inlineStyles?: boolean;
}

/**
 * The HTML shell of every LiteLLM Lens webview: a CSP that allows only the nonce'd bundle, styles and images
 * from the extension, and nothing remote. The bundle applies its CSS as a constructed stylesheet, so no inline
 * style is needed.
 */
export function webviewHtml(page: WebviewPage): string {
  const csp = [
    `default-src 'none'`,
    `script-src 'nonce-${page.nonce}'`,
    `style-src ${page.cspSource}${page.inlineStyles ? ` 'unsafe-inline'` : ''}`,
    `img-src ${page.cspSource} data:`,
    `font-src ${page.cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeAttr(page.title)}</title>
</head>
<body>
<main id="app"></main>
<script nonce="${escapeAttr(page.nonce)}" src="${escapeAttr(page.scriptUri)}"></script>
</body>
</html>
`;
}

function escapeAttr(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
