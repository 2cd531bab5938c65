import { readableOn } from '../../src/shared/colour';
import { adoptStyles } from './dom';

/** Chart and group colours: the theme's chart colours (ANSI cyan, description grey), by the name CSS uses. */
const SERIES: [name: string, variable: string, fallback: string][] = [
  ['blue', '--vscode-charts-blue', '#3794ff'],
  ['orange', '--vscode-charts-orange', '#d18616'],
  ['green', '--vscode-charts-green', '#388a34'],
  ['purple', '--vscode-charts-purple', '#652d90'],
  ['red', '--vscode-charts-red', '#e51400'],
  ['yellow', '--vscode-charts-yellow', '#bf8803'],
  ['cyan', '--vscode-terminal-ansiCyan', '#0598bc'],
  ['grey', '--vscode-descriptionForeground', '#717171'],
];

/** Non-text marks need 3:1 against their background (WCAG 1.4.11); a little headroom for rounding. */
const MIN_CONTRAST = 3.1;

let sheet: CSSStyleSheet | undefined;

/**
 * Sets `--lens-chart-<name>` for every series: the theme's colour made opaque on the editor background and,
 * where a theme's colour is too faint there (Light Modern's orange, translucent chart colours), darkened or
 * lightened towards the foreground until it reaches 3:1. Re-run on every theme change.
 */
export function applyChartPalette(): void {
  const probe = document.createElement('span');
  document.body.append(probe);
  const resolve = (css: string) => {
    probe.style.color = css;
    return getComputedStyle(probe).color;
  };
  const bg = resolve('var(--vscode-editor-background, #ffffff)');
  const ink = resolve('var(--vscode-editor-foreground, var(--vscode-foreground, #333333))');
  const rules = SERIES.map(
    ([name, variable, fallback]) => `--lens-chart-${name}: ${readableOn(resolve(`var(${variable}, ${fallback})`), bg, ink, MIN_CONTRAST)};`,
  );
  probe.remove();
  sheet ??= adoptStyles('');
  sheet.replaceSync(`:root { ${rules.join(' ')} }`);
}

/** Keeps the palette in step with the theme: VS Code rewrites the variables on <html> and the body class. */
export function watchChartPalette(onChange: () => void = () => undefined): void {
  applyChartPalette();
  const observer = new MutationObserver(() => {
    applyChartPalette();
    onChange();
  });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style'] });
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
}
