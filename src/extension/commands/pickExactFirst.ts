import * as vscode from 'vscode';
import { narrowToExact } from '../../shared/findName';

/**
 * A quick pick where typing an item's exact id leaves that item alone in the list (so Enter takes it): VS Code's
 * fuzzy ranking, which cannot be turned off through the API, would otherwise put `top-users-by-team` first for
 * `top-users`. Matches on description and detail as well.
 */
export function pickExactFirst<T extends vscode.QuickPickItem>(
  items: readonly T[],
  idOf: (item: T) => string,
  opts: { title: string; placeholder: string },
): Promise<T | undefined> {
  const pick = vscode.window.createQuickPick<T>();
  Object.assign(pick, { title: opts.title, placeholder: opts.placeholder, matchOnDescription: true, matchOnDetail: true, items });
  const order = (value: string) => {
    pick.items = narrowToExact(items, idOf, value);
  };
  return new Promise<T | undefined>((resolve) => {
    pick.onDidChangeValue(order);
    pick.onDidAccept(() => {
      resolve(pick.selectedItems[0] ?? pick.activeItems[0]);
      pick.hide();
    });
    pick.onDidHide(() => {
      resolve(undefined);
      pick.dispose();
    });
    pick.show();
  });
}
