import * as vscode from 'vscode';
import { LensError } from '../../core/errors';
import type { HostToResults, ResultsHeader, ResultsState, ResultsToHost } from '../../shared/resultsProtocol';
import { confirmUserSql } from '../confirmSql';
import { RanQueries } from '../logic/ranQueries';
import { type GridResult, runGridQuery } from '../logic/gridQuery';
import { withCancellableProgress } from '../progress';
import type { Services } from '../services';
import { readSettings } from '../settings';
import { isResultsToHost } from '../logic/webviewMessages';
import { LensPanel } from './lensPanel';
import { webviewOptions } from './webviewPage';

export const RESULTS_VIEW_TYPE = 'litellm.results';

function ranQueries(services: Services): RanQueries {
  return new RanQueries(services.context.workspaceState);
}
const CHUNK_ROWS = 5000;

/** Exports a panel's query to a file (provided by the Export Results command module). */
export type PanelExporter = (panel: ResultsPanel, format?: 'csv' | 'json') => Promise<void>;

/**
 * One results grid per query source (an editor, a table preview, an analysis), reused when the same source runs
 * again. The host keeps the last result and re-sends it whenever the webview (re)loads and says `ready`; the
 * webview persists a small snapshot with setState for the serializer.
 */
export class ResultsPanel extends LensPanel<HostToResults, ResultsToHost> {
  private static readonly panels = new Map<string, ResultsPanel>();
  private static lastActive: ResultsPanel | undefined;
  private result: GridResult | undefined;
  private failure: string | undefined;
  private generation = 0;
  private delivery = 0;
  /** The running query; a new run or closing the panel cancels it on the server. */
  private running: AbortController | undefined;
  /** Restored after a restart: running its query again passes the privileged-role gate first. */
  private restored = false;

  private constructor(
    services: Services,
    panel: vscode.WebviewPanel,
    private key: string,
    public header: ResultsHeader | undefined,
    private readonly exporter: PanelExporter,
  ) {
    super(services, panel, { bundle: 'results', title: header?.title ?? 'Results', accept: isResultsToHost, onReadyWhat: 'Show results' });
    ResultsPanel.panels.set(key, this);
    ResultsPanel.lastActive = this;
  }

  /** The results panel the user looked at last (target of "Export Results" from the palette). */
  static get active(): ResultsPanel | undefined {
    return ResultsPanel.lastActive;
  }

  /** Column names of the last result (heads a CSV export that finds no rows). */
  get columnNames(): string[] | undefined {
    return this.result?.columns.map((c) => c.name);
  }

  /** Rows with no query behind them (`header.sql` is empty): exports write these instead of re-running. */
  get staticResult(): GridResult | undefined {
    return this.header?.sql === '' ? this.result : undefined;
  }

  /** Shows rows that did not come from a query (e.g. invalid CBF rows); "Run Again" does not apply to them. */
  static async showStatic(services: Services, key: string, title: string, result: GridResult, exporter: PanelExporter): Promise<void> {
    const header: ResultsHeader = { title, connection: services.session.info?.display ?? '', sql: '', params: [] };
    let target = ResultsPanel.panels.get(key);
    if (target) {
      target.header = header;
      target.panel.title = title;
      target.revealPanel(true);
    } else {
      const panel = vscode.window.createWebviewPanel(
        RESULTS_VIEW_TYPE,
        title,
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        webviewOptions(services.context.extensionUri),
      );
      target = new ResultsPanel(services, panel, key, header, exporter);
    }
    target.generation++;
    target.running?.abort();
    target.failure = undefined;
    target.result = result;
    await target.postResult();
  }

  /** Shows `header`'s query in its panel (creating it if needed) and runs it; resolves to the result shown. */
  static async show(services: Services, key: string, header: ResultsHeader, exporter: PanelExporter): Promise<GridResult | undefined> {
    let target = ResultsPanel.panels.get(key);
    if (target) {
      target.header = header;
      target.panel.title = header.title;
      target.revealPanel(true);
    } else {
      const panel = vscode.window.createWebviewPanel(
        RESULTS_VIEW_TYPE,
        header.title,
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        webviewOptions(services.context.extensionUri),
      );
      target = new ResultsPanel(services, panel, key, header, exporter);
    }
    await target.run();
    return target.result;
  }

  /**
   * Restores a panel after a restart from the webview's persisted state (the webview redraws it itself). The SQL
   * in that state is kept only if this host ran it (RanQueries); otherwise the panel has no query to run again.
   */
  static revive(services: Services, panel: vscode.WebviewPanel, state: ResultsState | undefined, exporter: PanelExporter): void {
    const saved = state?.header;
    const trusted =
      saved && typeof saved.sql === 'string' && Array.isArray(saved.params) && ranQueries(services).has(saved.sql, saved.params);
    const header =
      saved &&
      (trusted ? saved : { title: String(saved.title ?? 'Results'), connection: String(saved.connection ?? ''), sql: '', params: [] });
    const revived = new ResultsPanel(
      services,
      panel,
      header ? `restored:${header.title}:${Date.now()}` : `restored:${Date.now()}`,
      header,
      exporter,
    );
    revived.restored = true;
  }

  /** Runs the panel's query under cancellable progress and streams the rows into the grid. */
  async run(): Promise<void> {
    const header = this.header;
    if (!header || header.sql === '') return;
    if (this.restored) await confirmUserSql(this.services, 'Run query again');
    await ranQueries(this.services).remember(header.sql, header.params);
    const generation = ++this.generation;
    this.delivery++;
    this.running?.abort();
    const running = (this.running = new AbortController());
    const connection = this.services.session.db.connection.display;
    this.header = { ...header, connection };
    this.result = undefined;
    this.failure = undefined;
    await this.post({ type: 'running', header: this.header });
    const maxRows = readSettings().maxResultRows;
    try {
      const result = await withCancellableProgress(
        this.services,
        `Running ${header.title}…`,
        (signal) => runGridQuery(this.services.session.db, header.sql, header.params, { maxRows, signal }),
        running.signal,
      );
      if (generation !== this.generation) return;
      this.result = result;
      this.services.log.info(
        `${header.title}: ${result.truncated ? `more than ${result.rows.length} rows (the grid shows the first ${result.rows.length})` : `${result.rowCount} rows`} in ${result.elapsedMs} ms.`,
      );
      await this.postResult();
    } catch (err) {
      if (generation !== this.generation) return;
      const cancelled = running.signal.aborted || (err instanceof LensError && err.kind === 'cancelled');
      this.failure = cancelled ? 'Query cancelled.' : this.services.redactions.redact(err instanceof Error ? err.message : String(err));
      await this.post({ type: 'failed', header: this.header, message: this.failure });
      // The panel says "cancelled" itself; only real failures also go to the error notification.
      if (!cancelled) throw err;
    }
  }

  private async postResult(): Promise<void> {
    const { result, header } = this;
    if (!this.ready || !header) return;
    const delivery = ++this.delivery;
    if (this.failure) {
      await this.post({ type: 'failed', header, message: this.failure });
      return;
    }
    if (!result) return;
    await this.post({ type: 'begin', header, columns: result.columns });
    for (let i = 0; i < result.rows.length; i += CHUNK_ROWS) {
      // A newer run or a reload of the webview supersedes this delivery.
      if (delivery !== this.delivery) return;
      await this.post({ type: 'rows', rows: result.rows.slice(i, i + CHUNK_ROWS) });
    }
    await this.post({
      type: 'end',
      summary: { rowCount: result.rowCount, shown: result.rows.length, truncated: result.truncated, elapsedMs: result.elapsedMs },
    });
  }

  /** Shown again, the webview says `ready` and gets the result re-sent. */
  protected onReady(): Promise<void> {
    return this.postResult();
  }

  protected onActive(): void {
    ResultsPanel.lastActive = this;
  }

  protected onMessage(msg: ResultsToHost): void {
    switch (msg.type) {
      case 'copy':
        void this.guard(
          'Copy',
          Promise.resolve(vscode.env.clipboard.writeText(msg.text)).then(() =>
            vscode.window.setStatusBarMessage(msg.what === 'cell' ? 'Copied cell' : 'Copied rows', 3000),
          ),
        );
        break;
      case 'export':
        void this.guard('Export results', this.exporter(this, msg.format));
        break;
      case 'rerun':
        void this.guard('Run query', this.run());
        break;
      case 'cancel':
        this.running?.abort();
        break;
    }
  }

  protected onDispose(): void {
    this.generation++;
    this.delivery++;
    this.running?.abort();
    ResultsPanel.panels.delete(this.key);
    if (ResultsPanel.lastActive === this) ResultsPanel.lastActive = undefined;
  }
}
