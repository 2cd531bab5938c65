import * as vscode from 'vscode';
import type { Services } from './services';

/** Reports progress text, e.g. "12,000 rows". */
export type ProgressReport = (message: string) => void;

/**
 * Runs `task` under a cancellable progress notification. Cancel (or `linked` aborting, e.g. its panel closing)
 * aborts the signal, which the engine turns into `pg_cancel_backend` on the server; the status bar spins while
 * the task runs.
 */
export async function withCancellableProgress<T>(
  services: Services,
  title: string,
  task: (signal: AbortSignal, report: ProgressReport) => Promise<T>,
  linked?: AbortSignal,
): Promise<T> {
  return await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title, cancellable: true },
    async (progress, token) => {
      const controller = new AbortController();
      const cancel = token.onCancellationRequested(() => controller.abort());
      if (linked?.aborted) controller.abort();
      linked?.addEventListener('abort', () => controller.abort(), { once: true });
      services.statusBar.setBusy(+1);
      try {
        return await task(controller.signal, (message) => progress.report({ message }));
      } finally {
        services.statusBar.setBusy(-1);
        cancel.dispose();
      }
    },
  );
}
