import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { AttributionResult } from '../../core/attribution/types';
import type { HostToSpend, SpendFilters, SpendState, SpendTableId, SpendToHost, SpendView } from '../../shared/spendProtocol';
import { reportError } from '../commandRunner';
import { defaultSaveUri, offerFileActions } from '../fileActions';
import { notConnectedError, presentError } from '../logic/errorPresentation';
import { exportFileName } from '../logic/exportFileName';
import { exportGrid } from '../logic/exportQuery';
import { sendSpendStages } from '../logic/spendStages';
import { withCancellableProgress } from '../progress';
import type { Services } from '../services';
import { readSettings } from '../settings';
import { spendGrid, spendTable } from './spendContent';
import type { SpendContext } from './spendContext';
import { isSpendToHost } from '../logic/webviewMessages';
import { LensPanel, PanelSlot } from './lensPanel';
import { webviewOptions } from './webviewPage';

export const SPEND_VIEW_TYPE = 'litellm.spend';

/** The attribution for `filters`; a computation (not a cache hit) runs under cancellable progress. */
export function attributionWithProgress(services: Services, filters: SpendFilters): Promise<AttributionResult> {
  return stagesWithProgress(services, filters, (signal) => services.spend.attribution(filters, signal));
}

/** `work` directly when `filters` are cached (or being computed), else under cancellable progress. */
function stagesWithProgress<T>(services: Services, filters: SpendFilters, work: (signal?: AbortSignal) => Promise<T>): Promise<T> {
  if (services.spend.has(filters)) return work();
  return withCancellableProgress(services, `Spend attribution ${filters.from} – ${filters.to}`, work);
}

/**
 * The spend attribution panel (one per window): period and basis (shared with the entity graph), the
 * attribution tree, trend, top lists, budgets and reconciliation, each table exportable.
 */
export class SpendPanel extends LensPanel<HostToSpend, SpendToHost> {
  private static readonly slot = new PanelSlot<SpendPanel>();
  private generation = 0;
  private view: SpendView | undefined;
  private shown: SpendFilters | undefined;
  private reveal: string | undefined;
  private readonly spend: SpendContext;

  private constructor(
    services: Services,
    panel: vscode.WebviewPanel,
    private restored: SpendFilters | undefined,
  ) {
    super(services, panel, { bundle: 'spend', title: 'Spend Attribution', accept: isSpendToHost, onReadyWhat: 'Show spend attribution' });
    this.spend = services.spend;
    const offFilters = this.spend.onDidChangeFilters((f) => void this.compute(f));
    const offSession = services.session.onDidChange(() => void this.init());
    this.disposables.push({ dispose: offFilters }, { dispose: offSession });
  }

  /** Opens (or reveals) the panel; `reveal` expands the tree down to that node path. */
  static show(services: Services, reveal?: string): void {
    // Fails early with "Not connected" and what to do.
    void services.session.db;
    let target = SpendPanel.slot.current;
    if (target) target.revealPanel();
    else {
      const panel = vscode.window.createWebviewPanel(
        SPEND_VIEW_TYPE,
        'Spend Attribution',
        vscode.ViewColumn.Active,
        webviewOptions(services.context.extensionUri),
      );
      target = SpendPanel.slot.hold(new SpendPanel(services, panel, undefined));
    }
    if (reveal !== undefined) target.revealPath(reveal);
  }

  static revive(services: Services, panel: vscode.WebviewPanel, state: SpendState | undefined): void {
    SpendPanel.slot.restore(() => new SpendPanel(services, panel, state?.filters));
  }

  private revealPath(path: string): void {
    this.reveal = path;
    if (this.ready && this.view) void this.post({ type: 'reveal', path });
  }

  private async init(): Promise<void> {
    if (!this.ready) return;
    this.view = undefined;
    this.shown = undefined;
    if (!this.services.session.info) {
      await this.post({
        type: 'failed',
        filters: this.restored ?? { from: '', to: '', basis: 'daily', topN: 10 },
        message: presentError('Spend attribution', notConnectedError(), this.services.redactions).message,
      });
      return;
    }
    try {
      const dataRange = await this.spend.dataRange();
      const filters = this.restored ?? (await this.spend.filters());
      this.restored = undefined;
      await this.post({ type: 'init', connection: this.services.session.info.display, dataRange, filters });
      // Shares restored filters with the entity graph; computing here is a no-op when that already started it.
      this.spend.setFilters(filters);
      await this.compute(filters);
    } catch (err) {
      reportError(this.services, 'Show spend attribution', err);
    }
  }

  /** Computes (or takes from the shared cache) the attribution for `filters` and sends it (sendSpendStages). */
  private async compute(filters: SpendFilters): Promise<void> {
    if (!this.ready || (this.shown && JSON.stringify(this.shown) === JSON.stringify(filters))) return;
    const generation = ++this.generation;
    this.shown = filters;
    await this.post({ type: 'computing', filters });
    try {
      const view = await sendSpendStages(
        this.spend,
        filters,
        (msg) => this.post(msg),
        () => generation === this.generation,
        (work) => stagesWithProgress(this.services, filters, work),
      );
      if (!view) return;
      this.view = view;
      if (this.reveal !== undefined) await this.post({ type: 'reveal', path: this.reveal });
      this.reveal = undefined;
    } catch (err) {
      if (generation !== this.generation) return;
      this.shown = undefined;
      const presented = presentError('Spend attribution', err, this.services.redactions);
      await this.post({ type: 'failed', filters, message: presented.message });
      if (!presented.cancelled) this.services.log.error('Spend attribution', err);
    }
  }

  protected onReady(): Promise<void> {
    return this.init();
  }

  protected onMessage(msg: SpendToHost): void {
    switch (msg.type) {
      case 'compute':
        if (msg.refresh) {
          this.spend.forget(msg.filters);
          this.shown = undefined;
        }
        // The other views follow through onDidChangeFilters, which also computes for this one.
        this.spend.setFilters(msg.filters);
        void this.guard('Spend attribution', this.compute(msg.filters));
        break;
      case 'export':
        void this.guard('Export spend table', this.export(msg.table, msg.format));
        break;
      case 'rendered': {
        const s = msg.state;
        this.services.log.info(
          `Spend attribution drawn (${s.stage}): total ${s.total}, ${s.treeRows} tree rows, ${s.tables.length} tables, ${s.chartDays} days in ${Math.round(s.renderMs)} ms.`,
        );
        for (const e of s.errors) this.services.log.warn(`Spend attribution webview: ${e}`);
        break;
      }
    }
  }

  private async export(id: SpendTableId, format: 'csv' | 'json'): Promise<void> {
    const table = this.view && spendTable(this.view, id);
    if (!table || !this.view) return;
    const { from, to } = this.view.filters;
    const title = `${table.title} ${from} ${to}`;
    const file = await vscode.window.showSaveDialog({
      title: `Export ${table.title}`,
      defaultUri: defaultSaveUri(exportFileName(title, format)),
      filters: format === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] },
      saveLabel: 'Export',
    });
    if (!file) return;
    const summary = await exportGrid(spendGrid(table), { format, out: file.fsPath, delimiter: readSettings().csvDelimiter });
    this.services.log.info(`Exported ${summary.rows} rows of ${table.title} to ${summary.out}.`);
    offerFileActions(`Exported ${summary.rows.toLocaleString('en-US')} rows to ${basename(summary.out)}.`, file);
  }

  protected onDispose(): void {
    this.generation++;
    SpendPanel.slot.release(this);
  }
}
