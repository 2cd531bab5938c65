import { formatCount, formatUsd } from '../../shared/format';
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { CbfValidationError, exportCbf } from '../../core/cbf/export';
import type { CbfExportSummary, CbfFormat, CbfSelection } from '../../core/cbf/types';
import { COMMANDS } from '../commandIds';
import { registerCommand } from '../commandRunner';
import { defaultSaveUri, revealFile } from '../fileActions';
import { cbfFileName } from '../logic/cbfChoices';
import { invalidRowsResult } from '../logic/invalidRows';
import { ResultsPanel } from '../panels/resultsPanel';
import { withCancellableProgress } from '../progress';
import type { Services } from '../services';
import { pickCbfSelection } from './cbfSelection';
import { resultsExporter } from './exportResults';

/**
 * "Export CloudZero CBF…": source, profile, period, format → save dialog → validated, streamed, atomic file.
 * A script, a keybinding or a test may pass the target file as a `vscode.Uri` argument instead of the dialog.
 */
export function registerExportCbfCommand(services: Services): void {
  registerCommand(services, COMMANDS.exportCbf, 'Export CloudZero CBF', async (target?: unknown) => {
    const selection = await pickCbfSelection(services, 'Export CloudZero CBF', 4);
    if (!selection) return;
    const format = await vscode.window.showQuickPick(
      [
        { label: 'CSV', description: 'what CloudZero uploads accept', format: 'csv' as const },
        { label: 'JSON Lines', description: 'one CBF row object per line', format: 'jsonl' as const },
      ],
      { title: 'Export CloudZero CBF (4/4): format' },
    );
    if (!format) return;
    const file =
      target instanceof vscode.Uri
        ? target
        : await vscode.window.showSaveDialog({
            title: 'Export CloudZero CBF',
            defaultUri: defaultSaveUri(cbfFileName(selection.source, selection.profile, selection.from, selection.to, format.format)),
            filters: format.format === 'csv' ? { CSV: ['csv'] } : { 'JSON Lines': ['jsonl', 'ndjson'] },
            saveLabel: 'Export',
          });
    if (file) await runExport(services, selection, format.format, file, false);
  });
}

/**
 * Runs the export under cancellable progress. When rows fail validation nothing is written: the invalid rows
 * open in a results view and the user may write the valid rows anyway.
 */
async function runExport(
  services: Services,
  selection: CbfSelection,
  format: CbfFormat,
  file: vscode.Uri,
  skipInvalid: boolean,
): Promise<void> {
  const notes: string[] = [];
  let summary: CbfExportSummary;
  try {
    summary = await withCancellableProgress(
      services,
      `Exporting ${selection.source} spend as CBF (${selection.from} … ${selection.to})`,
      (signal, report) =>
        exportCbf(services.session.db, {
          selection,
          format,
          out: file.fsPath,
          skipInvalid,
          signal,
          capabilities: services.session.capabilities,
          onNote: (note) => {
            notes.push(note);
            services.log.info(`CBF export note: ${note}`);
          },
          onProgress: (p) =>
            report(`${p.rows.toLocaleString('en-US')} rows${p.invalid ? `, ${p.invalid.toLocaleString('en-US')} invalid` : ''}`),
        }),
    );
  } catch (err) {
    if (!(err instanceof CbfValidationError)) throw err;
    services.log.warn(err.message);
    await showInvalid(services, err.summary);
    const choice = await vscode.window.showWarningMessage(
      `${err.summary.invalidCount} CBF rows failed validation; ${basename(file.fsPath)} was not written. The invalid rows are listed in the results view.`,
      'Export Valid Rows Anyway',
    );
    if (choice) await runExport(services, selection, format, file, true);
    return;
  }
  services.log.info(
    `Exported ${summary.rows} CBF rows (total cost ${summary.totalCost}) to ${summary.out} [${selection.source}, ${selection.profile}, ${selection.from}..${selection.to}]${summary.invalidCount ? `; ${summary.invalidCount} invalid rows left out` : ''}.`,
  );
  if (summary.invalidCount > 0) await showInvalid(services, summary);
  const actions = ['Open File', 'Reveal', ...(notes.length > 0 ? ['Show Notes'] : [])];
  const message =
    `Exported ${formatCount(summary.rows)} CBF rows, total cost ${formatUsd(Number(summary.totalCost))} (${selection.source}, ${selection.profile}, ${selection.from} … ${selection.to})` +
    `${summary.invalidCount > 0 ? `; ${summary.invalidCount} invalid rows left out, listed in the results view` : ''}.`;
  void vscode.window.showInformationMessage(message, ...actions).then(async (choice) => {
    if (choice === 'Open File') await vscode.commands.executeCommand('vscode.open', file);
    if (choice === 'Reveal') await revealFile(file);
    if (choice === 'Show Notes') services.channel.show(true);
  });
}

function showInvalid(services: Services, summary: CbfExportSummary): Promise<void> {
  return ResultsPanel.showStatic(
    services,
    'cbf:invalid',
    `Invalid CBF rows (${summary.source}, ${summary.from} … ${summary.to})`,
    invalidRowsResult(summary.invalid, summary.invalidCount),
    resultsExporter(services),
  );
}
