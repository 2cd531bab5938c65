import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeEditors } from './editor';
import { eventually, productShot, showLensViews, statusText, TITLES } from './lens';
import { readGrid } from './resultsGrid';
import { ui } from './ui';

const RUN_HEALTH = 'LiteLLM: Run Spend Health Check';
const CHECKS = new Set([
  'priced-as-zero',
  'counter-drift',
  'daily-vs-spend-logs',
  'key-after-expiry',
  'key-after-blocked',
  'key-after-deletion',
  'over-budget-spending',
  'budget-will-exceed',
  'budget-reset-missed',
  'member-budget-no-reset',
  'spike',
  'failure-rate',
]);
/** The README's health-check screenshots are taken in these themes (copied by run.ts with LENS_UPDATE_SCREENSHOTS=1). */
const THEMES = { light: 'Default Light Modern', dark: 'Default Dark Modern' } as const;

interface FindingRow {
  severity: string;
  check: string;
  subject: string;
  count: number;
}

/** Runs the check over last month (the demo's data ends yesterday) and reads the report grid once it is shown. */
async function runHealthCheck(): Promise<FindingRow[]> {
  await ui.command(RUN_HEALTH);
  // The demo's data ends before today, so the presets follow it (cbfRanges.ts): 'Month before' is the last full month.
  await ui.answer(undefined, 'Month before');
  // The check runs every query against the embedded demo server before the grid opens.
  const columns = await eventually(
    'the health report grid',
    async () => {
      const names = await ui.webviewTexts('.grid-header .gh-name', { timeout: 5_000 });
      return names.includes('drill_down_sql') ? names : undefined;
    },
    180_000,
  );
  const grid = await readGrid();
  const at = (name: string) => columns.indexOf(name);
  return grid.rows.map((r) => ({
    severity: r[at('severity')],
    check: r[at('check')],
    subject: r[at('subject')],
    count: Number(r[at('count')].replace(/,/g, '')),
  }));
}

suite('Spend Health on the demo database', function () {
  // Generating the embedded demo, then one health check over a month of it.
  this.timeout(420_000);
  let original: string | undefined;
  suiteSetup(async () => {
    original = vscode.workspace.getConfiguration('workbench').get<string>('colorTheme');
    await showLensViews();
    if (!(await statusText()).includes('Demo database')) {
      await ui.command(TITLES.openDemo);
      await eventually('the status bar to show the demo', async () => (await statusText()).includes('Demo database'), 200_000);
    }
  });
  suiteTeardown(async () => {
    await vscode.workspace.getConfiguration('workbench').update('colorTheme', original, vscode.ConfigurationTarget.Global);
    await closeEditors();
  });

  test("lists its findings in the report grid, and a finding's drill-down opens exactly its rows in the results grid", async () => {
    const rows = await runHealthCheck();
    const findings = rows.filter((r) => r.severity !== 'skipped');
    assert.ok(findings.length > 0, `findings on the demo: ${rows.map((r) => `${r.severity} ${r.check}`).join(' | ')}`);
    for (const f of findings) {
      assert.ok(CHECKS.has(f.check), `known check: ${f.check}`);
      assert.ok(['error', 'warning', 'info'].includes(f.severity), f.severity);
      assert.ok(Number.isInteger(f.count) && f.count > 0, `${f.check} ${f.subject}: count ${f.count}`);
    }
    // Most severe first, as the engine sorts them.
    const rank = { error: 2, warning: 1, info: 0 } as Record<string, number>;
    assert.deepEqual(
      findings.map((f) => rank[f.severity]),
      findings.map((f) => rank[f.severity]).sort((a, b) => b - a),
    );

    // The findings pick list follows the grid; a finding with at most a few hundred rows opens in the results grid.
    const picked = findings.find((f) => f.count <= 500) ?? findings[0];
    await ui.answer(undefined, picked.subject);
    await ui.answer(undefined, 'Show Rows in Results Grid');
    // The rows open in a second grid beside the report; with the report closed it is the visible webview.
    const tabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs);
    await eventually('the drill-down tab', () => tabs().some((t) => t.label === `Health: ${picked.subject}`), 60_000);
    await vscode.window.tabGroups.close(tabs().filter((t) => t.label.startsWith('Spend Health ')));
    const drill = await eventually(
      'the drill-down grid',
      async () => {
        const g = await readGrid();
        return g.columns.includes('drill_down_sql') ? undefined : g;
      },
      60_000,
    );
    assert.match(drill.summary, new RegExp(`^${picked.count.toLocaleString('en-US')} rows · `), `${picked.check} ${picked.subject}`);
    // The grid renders the rows in view; the summary counts them all.
    assert.ok(drill.rows.length > 0 && drill.rows.length <= picked.count, `${drill.rows.length} rendered rows`);
  });

  test('the report grid in the light and dark themes (README screenshots)', async () => {
    await closeEditors();
    await runHealthCheck();
    await ui.press('Escape');
    for (const [name, theme] of Object.entries(THEMES)) {
      await vscode.workspace.getConfiguration('workbench').update('colorTheme', theme, vscode.ConfigurationTarget.Global);
      await eventually(
        `the ${theme} theme`,
        () => vscode.window.activeColorTheme.kind === (name === 'light' ? vscode.ColorThemeKind.Light : vscode.ColorThemeKind.Dark),
      );
      // The webview restyles on the theme change event; give it a frame.
      await new Promise((r) => setTimeout(r, 1000));
      await productShot(`health-check-${name}`);
    }
  });
});
