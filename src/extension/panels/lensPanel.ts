import * as vscode from 'vscode';
import { reportError } from '../commandRunner';
import type { Services } from '../services';
import { setWebviewPage } from './webviewPage';

/** What a panel's webview loads and how its messages are checked. */
export interface PanelPage<FromWebview> {
  /** `dist/webview/<bundle>.js`. */
  bundle: string;
  title: string;
  /** Only the graph: mermaid writes inline styles (see webviewHtml). */
  inlineStyles?: boolean;
  /** The protocol check: a message that fails it is dropped and logged. */
  accept(msg: unknown): msg is FromWebview;
  /** Names the work done on `ready` in an error notification, e.g. "Show results". */
  onReadyWhat: string;
}

/**
 * The skeleton every LiteLLM webview panel shares. A hidden webview is destroyed and says `ready` again when
 * shown, so `post` only delivers while it is ready and `onReady` re-sends what the panel shows.
 */
export abstract class LensPanel<ToWebview, FromWebview extends { type: string }> {
  protected ready = false;
  protected readonly disposables: vscode.Disposable[] = [];

  protected constructor(
    protected readonly services: Services,
    protected readonly panel: vscode.WebviewPanel,
    page: PanelPage<FromWebview>,
  ) {
    setWebviewPage(panel.webview, services.context.extensionUri, page.bundle, page.title, page.inlineStyles);
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.onDidChangeViewState((e) => {
        if (e.webviewPanel.active) this.onActive();
        if (!e.webviewPanel.visible) this.ready = false;
      }),
      panel.webview.onDidReceiveMessage((msg: unknown) => {
        if (!page.accept(msg)) this.services.log.warn('Dropped a webview message that does not match its protocol.');
        else if (msg.type !== 'ready') this.onMessage(msg);
        else {
          this.ready = true;
          void this.guard(page.onReadyWhat, this.onReady());
        }
      }),
    );
  }

  /** Brings the panel to the front (focus moves to it unless `preserveFocus`). */
  revealPanel(preserveFocus = false): void {
    this.panel.reveal(undefined, preserveFocus);
  }

  /** Closes the panel (its dispose runs as for a user close). */
  close(): void {
    this.panel.dispose();
  }

  /** The webview (re)loaded: send it everything it shows. */
  protected abstract onReady(): Promise<unknown>;
  /** A checked message other than `ready`. */
  protected abstract onMessage(msg: FromWebview): void;
  protected onActive(): void {}
  /** Cancels the panel's running work; listeners are disposed after it. */
  protected onDispose(): void {}

  protected post(message: ToWebview): Thenable<boolean> {
    return this.ready ? this.panel.webview.postMessage(message) : Promise.resolve(false);
  }

  /** Runs `work` for a message; a failure becomes one error notification (`what` names it). */
  protected guard(what: string, work: Promise<unknown>): Promise<unknown> {
    return work.catch((err: unknown) => reportError(this.services, what, err));
  }

  private dispose(): void {
    this.onDispose();
    for (const d of this.disposables) d.dispose();
  }
}

/** The one panel of a kind per window (graph, spend). */
export class PanelSlot<P extends LensPanel<unknown, { type: string }>> {
  current: P | undefined;

  /** Registers `panel` as the current one; its disposal clears the slot again. */
  hold(panel: P): P {
    this.current = panel;
    return panel;
  }

  release(panel: P): void {
    if (this.current === panel) this.current = undefined;
  }

  /** After a restart the restored webview replaces any panel opened meanwhile. */
  restore(create: () => P): P {
    this.current?.close();
    return this.hold(create());
  }
}
