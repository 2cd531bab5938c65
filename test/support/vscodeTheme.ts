/**
 * The `--vscode-*` variables and body classes VS Code gives a webview, for the themes the webview tests and
 * screenshots use (values of the built-in Light Modern, Dark Modern and Dark High Contrast themes).
 */
import type { Page } from 'playwright-core';

export type TestTheme = 'light' | 'dark' | 'high-contrast';

const COMMON: Record<string, string> = {
  'font-family': '"Segoe WPC", "Segoe UI", "Ubuntu", "Droid Sans", sans-serif',
  'font-size': '13px',
  'editor-font-family': '"Droid Sans Mono", "monospace", monospace',
};

const THEMES: Record<TestTheme, Record<string, string>> = {
  light: {
    foreground: '#3b3b3b',
    'editor-background': '#ffffff',
    'editor-foreground': '#3b3b3b',
    descriptionForeground: '#3b3b3b',
    'panel-border': '#e5e5e5',
    'sideBar-background': '#f8f8f8',
    focusBorder: '#005fb8',
    'textLink-foreground': '#005fb8',
    'button-secondaryBackground': '#e5e5e5',
    'button-secondaryForeground': '#3b3b3b',
    'button-secondaryHoverBackground': '#cccccc',
    'button-border': '#0000001a',
    'dropdown-background': '#ffffff',
    'dropdown-border': '#cecece',
    'dropdown-foreground': '#3b3b3b',
    'input-background': '#ffffff',
    'input-border': '#cecece',
    'badge-background': '#cccccc',
    'badge-foreground': '#3b3b3b',
    'editorWidget-border': '#c8c8c8',
    'list-hoverBackground': '#f2f2f2',
    'textCodeBlock-background': '#f8f8f8',
    'menu-background': '#ffffff',
    'menu-border': '#cecece',
    'widget-shadow': '#00000029',
    'panelTitle-activeBorder': '#005fb8',
    'panelTitle-activeForeground': '#3b3b3b',
    'panelTitle-inactiveForeground': '#3b3b3b',
    'charts-blue': '#1a85ff',
    'charts-green': '#388a34',
    'charts-orange': '#d18616',
    'charts-purple': '#652d90',
    'charts-red': '#e51400',
    'charts-yellow': '#bf8803',
    'inputValidation-errorBackground': '#f2dede',
    'inputValidation-errorBorder': '#be1100',
    'inputValidation-warningBackground': '#f6f5d2',
    'inputValidation-warningBorder': '#bf8803',
    'testing-iconPassed': '#388a34',
    errorForeground: '#f85149',
    'editor-findMatchHighlightBackground': '#ea5c0055',
    'list-activeSelectionBackground': '#0060c0',
    'list-activeSelectionForeground': '#ffffff',
    'editorLineNumber-foreground': '#6e7681',
    'editorGroupHeader-tabsBackground': '#f8f8f8',
  },
  dark: {
    foreground: '#cccccc',
    'editor-background': '#1f1f1f',
    'editor-foreground': '#cccccc',
    descriptionForeground: '#9d9d9d',
    'panel-border': '#2b2b2b',
    'sideBar-background': '#181818',
    focusBorder: '#0078d4',
    'textLink-foreground': '#4daafc',
    'button-secondaryBackground': '#313131',
    'button-secondaryForeground': '#cccccc',
    'button-secondaryHoverBackground': '#3c3c3c',
    'button-border': '#ffffff12',
    'dropdown-background': '#313131',
    'dropdown-border': '#3c3c3c',
    'dropdown-foreground': '#cccccc',
    'input-background': '#313131',
    'input-border': '#3c3c3c',
    'badge-background': '#616161',
    'badge-foreground': '#f8f8f8',
    'editorWidget-border': '#454545',
    'list-hoverBackground': '#2a2d2e',
    'textCodeBlock-background': '#2b2b2b',
    'menu-background': '#1f1f1f',
    'menu-border': '#454545',
    'widget-shadow': '#0000005c',
    'panelTitle-activeBorder': '#0078d4',
    'panelTitle-activeForeground': '#cccccc',
    'panelTitle-inactiveForeground': '#9d9d9d',
    'charts-blue': '#3794ff',
    'charts-green': '#89d185',
    'charts-orange': '#d18616',
    'charts-purple': '#b180d7',
    'charts-red': '#f14c4c',
    'charts-yellow': '#cca700',
    'inputValidation-errorBackground': '#5a1d1d',
    'inputValidation-errorBorder': '#be1100',
    'inputValidation-warningBackground': '#352a05',
    'inputValidation-warningBorder': '#b89500',
    'testing-iconPassed': '#73c991',
    errorForeground: '#f85149',
    'editor-findMatchHighlightBackground': '#623315',
    'list-activeSelectionBackground': '#04395e',
    'list-activeSelectionForeground': '#ffffff',
    'editorLineNumber-foreground': '#6e7681',
    'editorGroupHeader-tabsBackground': '#181818',
  },
  'high-contrast': {
    foreground: '#ffffff',
    'editor-background': '#000000',
    'editor-foreground': '#ffffff',
    descriptionForeground: '#ffffff',
    contrastBorder: '#6fc3df',
    'panel-border': '#6fc3df',
    'sideBar-background': '#000000',
    focusBorder: '#f38518',
    'textLink-foreground': '#21a6ff',
    'button-secondaryBackground': '#000000',
    'button-secondaryForeground': '#ffffff',
    'button-border': '#6fc3df',
    'dropdown-background': '#000000',
    'dropdown-border': '#6fc3df',
    'dropdown-foreground': '#ffffff',
    'input-background': '#000000',
    'input-border': '#6fc3df',
    'badge-background': '#000000',
    'badge-foreground': '#ffffff',
    'editorWidget-border': '#6fc3df',
    'charts-blue': '#3794ff',
    'charts-green': '#89d185',
    'charts-orange': '#d18616',
    'charts-purple': '#b180d7',
    'charts-red': '#f14c4c',
    'charts-yellow': '#cca700',
    errorForeground: '#f48771',
    contrastActiveBorder: '#f38518',
    'editorLineNumber-foreground': '#ffffff',
  },
};

const BODY_CLASS: Record<TestTheme, string> = { light: 'vscode-light', dark: 'vscode-dark', 'high-contrast': 'vscode-high-contrast' };

/** Sets the variables on <html> and the theme class on <body>, as the workbench does (and does again on a switch). */
export async function applyTheme(page: Page, theme: TestTheme): Promise<void> {
  const vars = Object.entries({ ...COMMON, ...THEMES[theme] }).map(([k, v]) => [`--vscode-${k}`, v]);
  await page.evaluate(
    ({ vars, bodyClass, kind }) => {
      const doc = (
        globalThis as unknown as {
          document: {
            documentElement: { style: { cssText: string; setProperty(k: string, v: string): void } };
            body: { className: string; dataset: Record<string, string> };
          };
        }
      ).document;
      doc.documentElement.style.cssText = '';
      for (const [k, v] of vars) doc.documentElement.style.setProperty(k, v);
      doc.body.dataset.vscodeThemeKind = kind;
      doc.body.className = bodyClass;
    },
    { vars, bodyClass: BODY_CLASS[theme], kind: BODY_CLASS[theme] },
  );
}
