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
export function setWebviewPage(webview: vscode.Webview, extensionUri: vscode.Uri, bundle: string, title: string, inlineStyles = false): void {
  webview.options = webviewOptions(extensionUri);
  webview.html = webviewHtml({
    title,
    cspSource: webview.cspSource,
    nonce: createNonce(),
    inlineStyles,
    scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', `${bundle}.js`)).toString(),
  });
}

/** What a panel does when its webview is closed, hidden, made active or sends a message. */
export interface PanelHooks<M> {
  dispose(): void;
  /** A hidden webview is destroyed; it says `ready` again when shown. */
  hidden(): void;
  active?(): void;
  message(msg: M): unknown;
  /** The protocol check: a message that fails it is dropped (and reported to `rejected`). */
  accept(msg: unknown): msg is M;
  rejected?(msg: unknown): void;
}

/** The listeners every LiteLLM panel registers; dispose them with the panel. */
export function panelListeners<M>(panel: vscode.WebviewPanel, hooks: PanelHooks<M>): vscode.Disposable[] {
  return [
    panel.onDidDispose(() => hooks.dispose()),
    panel.onDidChangeViewState((e) => {
      if (e.webviewPanel.active) hooks.active?.();
      if (!e.webviewPanel.visible) hooks.hidden();
    }),
    panel.webview.onDidReceiveMessage((msg: unknown) => (hooks.accept(msg) ? hooks.message(msg) : hooks.rejected?.(msg))),
  ];
}
