import * as vscode from 'vscode';
import { writeTextFile } from '../../core/files/atomicFile';
import { LOGICAL_RELATIONS } from '../../core/schema/logicalRelations';
import type { EntityRequest, GraphRendered, GraphToHost, HostToGraph } from '../../shared/graphProtocol';
import { reportError } from '../commandRunner';
import { defaultSaveUri, offerFileActions } from '../fileActions';
import { notConnectedError, presentError } from '../logic/errorPresentation';
import { exportFileName } from '../logic/exportFileName';
import type { Services } from '../services';
import { entityView, erView, presentGroups, tableDetails, tableSummaries } from './graphContent';
import { spendTree } from './spendContent';
import { attributionWithProgress, SpendPanel } from './spendPanel';
import { isGraphToHost } from '../logic/webviewMessages';
import { LensPanel, PanelSlot } from './lensPanel';
import { webviewOptions } from './webviewPage';

export const GRAPH_VIEW_TYPE = 'litellm.graph';

/**
 * The relationship graph panel (one per window): the ER diagram of the connected schema and the entity spend
 * graph. The host generates all mermaid text; the webview renders it and reports what it drew.
 */
export class GraphPanel extends LensPanel<HostToGraph, GraphToHost> {
  private static readonly slot = new PanelSlot<GraphPanel>();
  private pendingFocus: string | undefined;

  private constructor(services: Services, panel: vscode.WebviewPanel) {
    // Mermaid writes <style> and style attributes into its SVG: the one panel whose CSP allows inline styles.
    super(services, panel, {
      bundle: 'graph',
      title: 'Relationship Graph',
      inlineStyles: true,
      accept: isGraphToHost,
      onReadyWhat: 'Show relationship graph',
    });
    const spend = services.spend;
    const offFilters = spend.onDidChangeFilters((filters) => void this.post({ type: 'filters', filters }));
    const offSession = services.session.onDidChange(() => void this.init());
    this.disposables.push({ dispose: offFilters }, { dispose: offSession });
  }

  /** Opens (or reveals) the panel; with `focus`, on that table and its neighbours. */
  static show(services: Services, focus?: string): void {
    // Fails early with "Not connected" and what to do.
    void services.session.model;
    const current = GraphPanel.slot.current;
    if (current) {
      current.revealPanel();
      if (focus) current.focusOn(focus);
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      GRAPH_VIEW_TYPE,
      'Relationship Graph',
      vscode.ViewColumn.Active,
      webviewOptions(services.context.extensionUri),
    );
    GraphPanel.slot.hold(new GraphPanel(services, panel)).pendingFocus = focus;
  }

  /** Sent after `init` when the webview is ready, else kept until it is. */
  private focusOn(table: string): void {
    if (this.ready) void this.post({ type: 'focus', table });
    else this.pendingFocus = table;
  }

  /** After a restart the webview restores its own tab, filters and selection from its state. */
  static revive(services: Services, panel: vscode.WebviewPanel): void {
    GraphPanel.slot.restore(() => new GraphPanel(services, panel));
  }

  private async init(): Promise<void> {
    if (!this.ready) return;
    const { session } = this.services;
    if (!session.info) {
      await this.post({
        type: 'failed',
        requestId: 0,
        message: presentError('Relationship graph', notConnectedError(), this.services.redactions).message,
      });
      return;
    }
    try {
      const spend = this.services.spend;
      const [dataRange, filters] = await Promise.all([spend.dataRange(), spend.filters()]);
      const model = session.model;
      await this.post({
        type: 'init',
        connection: session.info.display,
        tables: tableSummaries(model),
        groups: presentGroups(model),
        dataRange,
        filters,
      });
      if (this.pendingFocus) await this.post({ type: 'focus', table: this.pendingFocus });
      this.pendingFocus = undefined;
    } catch (err) {
      reportError(this.services, 'Show relationship graph', err);
    }
  }

  protected onReady(): Promise<void> {
    return this.init();
  }

  protected onMessage(msg: GraphToHost): void {
    const model = () => this.services.session.model;
    switch (msg.type) {
      case 'er':
        try {
          void this.post({ type: 'er', view: erView(model(), LOGICAL_RELATIONS, msg.request, msg.requestId) });
        } catch (err) {
          void this.post({
            type: 'failed',
            requestId: msg.requestId,
            message: presentError('Relationship graph', err, this.services.redactions).message,
          });
        }
        break;
      case 'table':
        void this.guard(
          'Show table details',
          Promise.resolve().then(() => {
            const details = tableDetails(model(), LOGICAL_RELATIONS, msg.name);
            return details && this.post({ type: 'table', details });
          }),
        );
        break;
      case 'entities':
        void this.guard('Entity graph', this.entities(msg.requestId, msg.request));
        break;
      case 'copy':
        void this.guard(
          'Copy',
          Promise.resolve(vscode.env.clipboard.writeText(msg.text)).then(() =>
            vscode.window.setStatusBarMessage(`Copied ${msg.what}`, 3000),
          ),
        );
        break;
      case 'openSql':
        void this.guard(
          'Open SQL',
          Promise.resolve(vscode.workspace.openTextDocument({ language: 'sql', content: msg.sql })).then((doc) =>
            vscode.window.showTextDocument(doc),
          ),
        );
        break;
      case 'exportSvg':
        void this.guard('Export SVG', this.exportSvg(msg.svg, msg.name));
        break;
      case 'showInSpend':
        void this.guard(
          'Show spend attribution',
          Promise.resolve().then(() => SpendPanel.show(this.services, msg.path)),
        );
        break;
      case 'rendered':
        this.onRendered(msg.state);
        break;
    }
  }

  private async entities(requestId: number, request: EntityRequest): Promise<void> {
    const spend = this.services.spend;
    const { filters } = request;
    spend.setFilters(filters);
    await this.post({ type: 'computing', requestId });
    try {
      const result = await attributionWithProgress(this.services, filters);
      await this.post({ type: 'entities', view: entityView(spendTree(result.tree), request, requestId) });
    } catch (err) {
      const presented = presentError('Entity graph', err, this.services.redactions);
      await this.post({ type: 'failed', requestId, message: presented.message });
      if (!presented.cancelled) this.services.log.error('Entity graph', err);
    }
  }

  /** The webview's report of what it drew; the e2e tests read these log lines. */
  private onRendered(state: GraphRendered): void {
    const what =
      state.tab === 'schema'
        ? `${state.tables.length} tables, ${state.solid} FK and ${state.dashed} logical lines; ${state.isolated.length} without relations listed${state.focused ? `; focused on ${state.focused}` : ''}`
        : `${state.nodes} nodes`;
    this.services.log.info(`Relationship graph (${state.tab}) drawn: ${what} in ${Math.round(state.renderMs)} ms.`);
    for (const e of state.errors) this.services.log.warn(`Relationship graph webview: ${e}`);
  }

  private async exportSvg(svg: string, name: string): Promise<void> {
    const file = await vscode.window.showSaveDialog({
      title: 'Export SVG',
      defaultUri: defaultSaveUri(exportFileName(name, 'svg')),
      filters: { SVG: ['svg'] },
      saveLabel: 'Export',
    });
    if (!file) return;
    // Local files go through the one atomic writer (exclusive temp name, rename); remote ones through VS Code.
    if (file.scheme === 'file') await writeTextFile(file.fsPath, svg);
    else await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(svg));
    this.services.log.info(`Exported the diagram to ${file.fsPath}.`);
    offerFileActions('Exported the diagram as SVG.', file);
  }

  protected onDispose(): void {
    GraphPanel.slot.release(this);
  }
}
