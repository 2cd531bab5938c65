/** The workbench theme as VS Code reports it to webviews: body classes, changed live when the user switches. */
export type ThemeKind = 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';

export function themeKind(): ThemeKind {
  const c = document.body.classList;
  if (c.contains('vscode-high-contrast-light')) return 'high-contrast-light';
  if (c.contains('vscode-high-contrast')) return 'high-contrast';
  return c.contains('vscode-dark') ? 'dark' : 'light';
}

export function isDark(kind: ThemeKind): boolean {
  return kind === 'dark' || kind === 'high-contrast';
}

/** Calls `listener` when the body's theme class changes (not on other class edits). */
export function onThemeChange(listener: (kind: ThemeKind) => void): void {
  let last = themeKind();
  new MutationObserver(() => {
    const now = themeKind();
    if (now === last) return;
    last = now;
    listener(now);
  }).observe(document.body, { attributes: true, attributeFilter: ['class'] });
}
