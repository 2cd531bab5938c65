import { basename } from 'node:path';
import * as vscode from 'vscode';
import { LensError } from '../../core/errors';
import type { ExportFormat } from '../../shared/resultsProtocol';
import { COMMANDS } from '../commandIds';
import { registerCommand } from '../commandRunner';
import { defaultSaveUri, offerFileActions } from '../fileActions';
import { exportFileName } from '../logic/exportFileName';
import { exportGrid, exportQuery } from '../logic/exportQuery';
import { type PanelExporter, ResultsPanel } from '../panels/resultsPanel';
import { withCancellableProgress } from '../progress';
import type { Services } from '../services';
import { readSettings } from '../settings';

/** "Export Results" from the palette exports the results panel the user looked at last. */
export function registerExportResultsCommand(services: Services): void {
  registerCommand(services, COMMANDS.exportResults, 'Export results', async (format?: ExportFormat) => {
    const panel = ResultsPanel.active;
    if (!panel?.header) {
      throw new LensError('usage', 'There are no results to export.', 'Run a query, a table preview or a saved analysis first.');
    }
    await resultsExporter(services)(panel, format);
  });
}

/**
 * Format → save dialog → the panel's query re-run through a cursor and streamed to the file (every row, not
 * the grid's capped preview; rows with no query behind them are written as shown) → "Open File" / "Reveal".
 */
export function resultsExporter(services: Services): PanelExporter {
  return async (panel, format) => {
    const header = panel.header;
    if (!header || (header.sql === '' && !panel.staticResult)) {
      throw new LensError('usage', 'This panel has no query to export.', 'Run the query again from its editor, table or analysis first.');
    }
    const chosen = format ?? (await pickFormat());
    if (!chosen) return;
    const file = await vscode.window.showSaveDialog({
      title: `Export ${header.title}`,
      defaultUri: defaultSaveUri(exportFileName(header.title, chosen)),
      filters: chosen === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] },
      saveLabel: 'Export',
    });
    if (!file) return;
    const { csvDelimiter } = readSettings();
    const fixed = panel.staticResult;
    const summary = await withCancellableProgress(services, `Exporting ${header.title}`, (signal, report) => {
      const opts = {
        format: chosen,
        out: file.fsPath,
        delimiter: csvDelimiter,
        columns: panel.columnNames,
        signal,
        onProgress: (rows: number) => report(`${rows.toLocaleString('en-US')} rows`),
      };
      return fixed ? exportGrid(fixed, opts) : exportQuery(services.session.db, header.sql, header.params, opts);
    });
    services.log.info(`Exported ${summary.rows} rows of ${header.title} to ${summary.out}.`);
    offerFileActions(`Exported ${summary.rows.toLocaleString('en-US')} rows to ${basename(summary.out)}.`, file);
  };
}

async function pickFormat(): Promise<ExportFormat | undefined> {
  const picked = await vscode.window.showQuickPick(
    [
      { label: 'CSV', description: 'comma-separated (delimiter: litellmLens.export.csv.delimiter)', format: 'csv' as const },
      { label: 'JSON', description: 'an array of row objects', format: 'json' as const },
    ],
    { title: 'Export results as' },
  );
  return picked?.format;
}
