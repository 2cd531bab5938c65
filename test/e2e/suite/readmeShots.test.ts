import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeEditors } from './editor';
import { eventually, productShot, TITLES } from './lens';
import { logText } from './logs';
import { readGrid } from './resultsGrid';
import { openSpendTotal } from './spendCard';
import { ui } from './ui';

/** The three themes the README shows: setting value, the kind VS Code reports, the class webviews get. */
export const README_THEMES = [
  { slug: 'dark', name: 'Default Dark Modern', kind: vscode.ColorThemeKind.Dark, bodyClass: 'vscode-dark' },
  { slug: 'light', name: 'Default Light Modern', kind: vscode.ColorThemeKind.Light, bodyClass: 'vscode-light' },
  { slug: 'high-contrast', name: 'Default High Contrast', kind: vscode.ColorThemeKind.HighContrast, bodyClass: 'vscode-high-contrast' },
] as const;

const FROM = '2026-10-01';
const TO = '2026-10-31';

async function useTheme(theme: (typeof README_THEMES)[number]): Promise<void> {
  await vscode.workspace.getConfiguration('workbench').update('colorTheme', theme.name, vscode.ConfigurationTarget.Global);
  await eventually(`the ${theme.name} theme`, () => vscode.window.activeColorTheme.kind === theme.kind);
}

/** The visible webview was rendered in the theme (VS Code puts the theme kind on its body). */
async function assertWebviewTheme(theme: (typeof README_THEMES)[number]): Promise<void> {
  const [cls] = await ui.webviewAttrs('body', 'class');
  assert.ok(cls?.split(/\s+/).includes(theme.bodyClass), `webview body class "${cls}" in ${theme.name}`);
}

/**
 * The README's pictures: the relationship graph, the spend attribution view and an analysis's results, each in
 * the workbench in Dark Modern, Light Modern and Dark High Contrast, taken after the figures on screen were
 * checked. test/e2e/run.ts copies `readme-*` shots to media/screenshots when LENS_UPDATE_SCREENSHOTS=1.
 */
suite('README screenshots', () => {
  suiteSetup(async () => {
    await vscode.commands.executeCommand('litellm.connectTarget', 'env');
  });
  teardown(closeEditors);
  suiteTeardown(() => vscode.workspace.getConfiguration('workbench').update('colorTheme', undefined, vscode.ConfigurationTarget.Global));

  for (const theme of README_THEMES) {
    test(`graph, spend attribution and analysis results in ${theme.name}`, async () => {
      await useTheme(theme);

      const before = logText().length;
      await ui.command(TITLES.showGraph);
      const drawn = await eventually(
        'the relationship graph drawing',
        () => /Relationship graph \(schema\) drawn: (\d+) tables/.exec(logText().slice(before)),
        60_000,
      );
      assert.ok(Number(drawn[1]) > 0);
      assert.ok((await ui.webviewAttrs('svg g.node', 'id')).length > 0, 'entity boxes drawn');
      await assertWebviewTheme(theme);
      await productShot(`readme-relationship-graph-${theme.slug}`);
      await closeEditors();

      const { card, truth } = await openSpendTotal();
      assert.ok(Math.abs(card - truth) < 1e-6, `card ${card} vs SQL ${truth}`);
      // The summary paints first; the picture shows the whole view (users, keys, reconciliation, budgets).
      await eventually(
        'the full spend view',
        async () => {
          const full = await ui.webviewAttrs('.content:not(.partial) section[data-table]', 'data-table', { timeout: 60_000 });
          return full.length > 0 ? full : undefined;
        },
        90_000,
      );
      await assertWebviewTheme(theme);
      await productShot(`readme-spend-attribution-${theme.slug}`);
      await closeEditors();

      await ui.command(TITLES.runAnalysis);
      await ui.answer(undefined, 'Daily spend trend');
      await ui.answer(FROM);
      await ui.answer(TO);
      const grid = await readGrid();
      assert.match(grid.summary, /^31 rows · /);
      await assertWebviewTheme(theme);
      await productShot(`readme-analysis-results-${theme.slug}`);
    });
  }
});
