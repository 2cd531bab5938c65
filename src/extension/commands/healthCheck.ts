import * as vscode from 'vscode';
import { runHealthCheck } from '../../core/health/runHealthCheck';
import type { Finding, HealthReport } from '../../core/health/types';
import { readDateClock } from '../../core/schema/dataRange';
import { COMMANDS } from '../commandIds';
import { registerCommand } from '../commandRunner';
import { drillDownDocument, findingItem, healthGrid } from '../logic/healthGrid';
import { ResultsPanel } from '../panels/resultsPanel';
import { withCancellableProgress } from '../progress';
import type { Services } from '../services';
import { readSettings } from '../settings';
import { pickRange } from './cbfSelection';
import { resultsExporter } from './exportResults';

/** Opens a finding's rows: in the results grid (the drill-down query runs read-only) or as SQL in an editor. */
async function drillDown(services: Services, report: HealthReport, f: Finding): Promise<void> {
  const choice = await vscode.window.showQuickPick(
    [
      { label: '$(table) Show Rows in Results Grid', action: 'grid' as const },
      { label: '$(go-to-file) Open SQL in Editor', action: 'sql' as const },
    ],
    { title: `${f.check}: ${f.subject}`, placeHolder: f.explanation },
  );
  if (!choice) return;
  if (choice.action === 'sql') {
    const doc = await vscode.workspace.openTextDocument({ language: 'sql', content: drillDownDocument(f, report.period) });
    await vscode.window.showTextDocument(doc, { preview: false });
    return;
  }
  await ResultsPanel.show(
    services,
    `health:${f.check}:${f.subject}`,
    { title: `Health: ${f.subject}`, connection: services.session.db.connection.display, sql: f.sql, params: [] },
    resultsExporter(services),
  );
}

/**
 * "Run Spend Health Check": period → findings in the results grid (with skipped checks and why), then a pick
 * list of findings whose rows open in the grid or whose SQL opens in an editor.
 */
export function registerHealthCheckCommand(services: Services): void {
  registerCommand(services, COMMANDS.runSpendHealthCheck, 'Run spend health check', async () => {
    const db = services.session.db;
    const caps = services.session.capabilities;
    const range = await pickRange('Spend Health Check: period', await readDateClock(db, caps));
    if (!range) return;
    const report = await withCancellableProgress(services, `Spend health ${range.from} – ${range.to}`, (signal) =>
      runHealthCheck(db, caps, { ...range, timezone: readSettings().reportTimezone }, signal),
    );
    services.log.info(
      `Spend health ${range.from}..${range.to}: ${report.findings.length} findings, ${report.skipped.length} checks skipped${report.skipped.length ? ` (${report.skipped.map((s) => s.check).join(', ')})` : ''}.`,
    );
    await ResultsPanel.showStatic(
      services,
      'health:report',
      `Spend Health ${range.from} … ${range.to}`,
      healthGrid(report),
      resultsExporter(services),
    );
    if (report.findings.length === 0) {
      void vscode.window.showInformationMessage(
        `Spend health ${range.from} … ${range.to}: no findings${report.skipped.length ? ` (${report.skipped.length} checks skipped, listed in the grid)` : ''}.`,
      );
      return;
    }
    const picked = await vscode.window.showQuickPick(
      report.findings.map((f) => ({ ...findingItem(f), finding: f })),
      {
        title: `Spend Health: ${report.findings.length} findings`,
        placeHolder: 'Pick a finding to see the rows behind it',
        matchOnDescription: true,
        matchOnDetail: true,
        // The report grid loading beside it takes the focus; the list stays until a finding is picked or Escape.
        ignoreFocusOut: true,
      },
    );
    if (picked) await drillDown(services, report, picked.finding);
  });
}
