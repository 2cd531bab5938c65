/** The VS Code webview API, acquired once (a second `acquireVsCodeApi()` call throws) and typed per view. */
export interface VsCodeApi<State, Outgoing> {
  postMessage(message: Outgoing): void;
  getState(): State | undefined;
  setState(state: State): void;
}

declare function acquireVsCodeApi(): VsCodeApi<unknown, unknown>;

let api: VsCodeApi<unknown, unknown> | undefined;

export function vscodeApi<State, Outgoing>(): VsCodeApi<State, Outgoing> {
  api ??= acquireVsCodeApi();
  return api as VsCodeApi<State, Outgoing>;
}
