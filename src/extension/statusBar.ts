import * as vscode from 'vscode';
import { COMMANDS } from './commandIds';
import type { LensSession } from './logic/lensSession';
import { statusText } from './logic/statusText';

/** The connection item: profile, server version and LiteLLM schema generation; click to switch. */
export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('litellm.connection', vscode.StatusBarAlignment.Left, 10);
  private busy = 0;
  private readonly unsubscribe: () => void;

  constructor(private readonly session: LensSession) {
    this.item.name = 'LiteLLM Connection';
    this.item.command = COMMANDS.connect;
    this.unsubscribe = session.onDidChange(() => this.render());
    this.render();
    this.item.show();
  }

  setBusy(delta: number): void {
    this.busy = Math.max(0, this.busy + delta);
    this.render();
  }

  private render(): void {
    const { text, tooltip } = statusText(this.session.info, this.busy);
    this.item.text = text;
    this.item.tooltip = tooltip;
  }

  dispose(): void {
    this.unsubscribe();
    this.item.dispose();
  }
}
