import * as vscode from 'vscode';
import { createNonce, webviewHtml } from '../logic/webviewHtml';

/** Script and resource access for a LiteLLM webview: only the bundled webviews and `media/`. */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

/** Loads `dist/webview/<bundle>.js` into the webview behind a nonce CSP (`inlineStyles`: see WebviewPage). */
export function setWebviewPage(
  webview: vscode.Webview,
  extensionUri: vscode.Uri,
  bundle: string,
  title: string,
  inlineStyles = false,
): void {
  webview.options = webviewOptions(extensionUri);
  webview.html = webviewHtml({
    title,
    cspSource: webview.cspSource,
    nonce: createNonce(),
    inlineStyles,
    scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', `${bundle}.js`)).toString(),
  });
}
