import * as vscode from 'vscode';
import { analysisClock } from '../../core/analyses/analysisClock';
import { checkRunnable, requireRunnable } from '../../core/analyses/checkRunnable';
import { dateClockNote } from '../../core/analyses/relativeDate';
import type { Analysis } from '../../core/analyses/types';
import { LensError } from '../../core/errors';
import { currentAnalyses } from '../analysesSource';
import { confirmAnalysis } from '../confirmSql';
import { COMMANDS } from '../commandIds';
import { registerCommand } from '../commandRunner';
import { revealFile } from '../fileActions';
import { checkParamValue, paramPrompt } from '../logic/analysisParams';
import { analysisHeader, analysisQuery } from '../logic/analysisRun';
import { ResultsPanel } from '../panels/resultsPanel';
import type { Services } from '../services';
import type { AnalysesTreeProvider } from '../tree/analysesTree';
import type { AnalysisNode } from '../tree/analysisNode';
import { resultsExporter } from './exportResults';
import { pickExactFirst } from './pickExactFirst';

/** Run Saved Analysis…, Open SQL, Reveal File and Refresh for the Saved Analyses view. */
export function registerAnalysisCommands(services: Services, tree: AnalysesTreeProvider): void {
  registerCommand(services, COMMANDS.runSavedAnalysis, 'Run saved analysis', async (node?: AnalysisNode) => {
    const analysis = node?.analysis ?? (await pickAnalysis(services));
    if (analysis) await runSavedAnalysis(services, analysis);
  });
  registerCommand(services, COMMANDS.openAnalysisSql, 'Open analysis SQL', async (node: AnalysisNode) => {
    const a = node.analysis;
    if (!a.path) {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: 'sql', content: a.sql }));
      return;
    }
    await vscode.window.showTextDocument(vscode.Uri.file(a.path));
    // The shipped library lives inside the extension: edits there would be lost on update.
    if (a.origin === 'library') await vscode.commands.executeCommand('workbench.action.files.setActiveEditorReadonlyInSession');
  });
  registerCommand(services, COMMANDS.revealAnalysisFile, 'Reveal analysis file', async (node: AnalysisNode) => {
    if (node.analysis.path) await revealFile(vscode.Uri.file(node.analysis.path));
  });
  registerCommand(services, COMMANDS.refreshAnalyses, 'Refresh analyses', () => tree.refresh());
}

async function pickAnalysis(services: Services): Promise<Analysis | undefined> {
  const caps = services.session.info ? services.session.capabilities : undefined;
  const items = currentAnalyses().map((a) => {
    const r = caps ? checkRunnable(a, caps) : undefined;
    const blocked = a.problems.length > 0 || (r !== undefined && !r.runnable);
    return {
      label: `${blocked ? '$(warning)' : '$(graph)'} ${a.name}`,
      description: `${a.id} · ${a.origin}`,
      detail: blocked
        ? `Cannot run here: ${[...a.problems, ...(r?.missing.length ? [`missing ${r.missing.join(', ')}`] : [])].join(' ')}`
        : a.description,
      analysis: a,
    };
  });
  const chosen = await pickExactFirst(items, (i) => i.analysis.id, {
    title: 'Run a saved analysis',
    placeholder: 'Choose an analysis (or type its id)',
  });
  return chosen?.analysis;
}

/** Checks the analysis against the connected schema, asks for each parameter (defaults filled in), then runs it. */
export async function runSavedAnalysis(services: Services, analysis: Analysis): Promise<void> {
  requireRunnable(analysis, services.session.capabilities);
  await confirmAnalysis(services, analysis);
  // "30 days ago" … "today" follow the data's last day when the data ended before today; the prompts say so.
  const clock = await analysisClock(services.session.db, services.session.capabilities, analysis);
  const clockNote = dateClockNote(clock);
  const supplied: Record<string, string> = {};
  for (const [i, param] of analysis.params.entries()) {
    const prompt = paramPrompt(analysis, param, i + 1, clockNote);
    const value = await vscode.window.showInputBox({
      ...prompt,
      ignoreFocusOut: true,
      validateInput: (raw) => {
        const checked = checkParamValue(analysis, param, raw, clock.now);
        if ('error' in checked) return checked.error;
        return param.type === 'date' && checked.resolved !== raw.trim()
          ? { message: `= ${checked.resolved} (UTC${clockNote ? `; ${clockNote}` : ''})`, severity: vscode.InputBoxValidationSeverity.Info }
          : undefined;
      },
    });
    if (value === undefined) return;
    supplied[param.name] = value;
  }
  if (!services.session.info) {
    throw new LensError('connection', 'The connection closed while the parameters were entered.', 'Connect again.');
  }
  const query = analysisQuery(analysis, services.session.capabilities, supplied, clock.now);
  services.log.info(`Running analysis ${analysis.id} with ${JSON.stringify(query.byName)}${clockNote ? ` (${clockNote})` : ''}.`);
  // The panel's header shows the values used and any missing figures (`notes`).
  await ResultsPanel.show(services, query.key, analysisHeader(query, services.session.db.connection.display), resultsExporter(services));
}
