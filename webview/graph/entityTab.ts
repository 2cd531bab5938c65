import { formatAmount, formatCount, formatShare, formatUsd, oneLine } from '../../src/shared/format';
import type { EntityNodeInfo, EntityRequest, EntityView, GraphRendered } from '../../src/shared/graphProtocol';
import { type DataRange, type SpendFilters } from '../../src/shared/spendProtocol';
import { el } from '../common/dom';
import { button, checkbox, fill, select } from '../common/controls';
import { RangeBar } from '../common/rangeBar';
import { DiagramStage } from './diagramStage';
import type { TabHost } from './erTab';

const LEVEL_NAMES: Record<string, string> = { organization: 'Organisation', team: 'Team', user: 'User', key: 'Key' };

/**
 * Who spent what: organisation → team → user (→ key) for the shared period, spend on nodes and edges, the
 * top N children per parent plus an "others" node. Clicking a node drills into it.
 */
export class EntityTab {
  readonly root: HTMLElement;
  request: Omit<EntityRequest, 'filters'>;
  private filters: SpendFilters | undefined;
  private range: RangeBar | undefined;
  private view: EntityView | undefined;
  private pending = 0;
  private stale = true;
  private redrawPending = false;
  private readonly stage: DiagramStage;
  private readonly rangeSlot = el('div', { className: 'range-slot' });
  private readonly crumbs = el('nav', { className: 'crumbs', attrs: { 'aria-label': 'Drill-down path' } });
  private readonly status = el('div', { className: 'status', attrs: { role: 'status', 'aria-live': 'polite' } });
  private readonly details = el('aside', { className: 'details', attrs: { 'aria-label': 'Entity details' } });

  constructor(
    private readonly host: TabHost,
    initial: Omit<EntityRequest, 'filters'> | undefined,
    private readonly showInSpend: (path: string) => void,
  ) {
    this.request = initial ?? { focus: '', keys: false, topN: 5 };
    this.details.hidden = true;
    this.stage = new DiagramStage(
      'eg',
      'Organisation, team and user spend graph',
      (node) => this.onNode(node),
      (node) => this.describeNode(node),
      () => this.drillUp(),
    );
    const topN = select(
      'Top',
      ['3', '5', '10', '20'].map((v) => ({ value: v, label: `${v} per parent` })),
      String(this.request.topN),
      (v) => this.update({ topN: Number(v) }),
    );
    const keys = checkbox('Keys', this.request.keys, (on) => this.update({ keys: on }));
    this.root = el('section', { className: 'tab-panel', attrs: { role: 'tabpanel', 'aria-label': 'Entities' } }, [
      el('div', { className: 'toolbar', attrs: { role: 'toolbar' } }, [
        this.rangeSlot,
        topN.root,
        keys.root,
        el('span', { className: 'sep' }),
        ...this.stage.zoomButtons(),
        el('span', { className: 'sep' }),
        button(
          'Copy Mermaid Source',
          'Copy the mermaid flowchart text of this view',
          () => this.view && this.host.post({ type: 'copy', text: this.view.source, what: 'Mermaid source' }),
        ),
        button('Export SVG…', 'Save this graph as an SVG file', () => void this.exportSvg()),
      ]),
      this.crumbs,
      this.status,
      el('div', { className: 'body' }, [this.stage.viewport, this.details]),
    ]);
  }

  /** Shared filters from the host (initially, or changed in the attribution view). */
  setFilters(filters: SpendFilters, data?: DataRange | null): void {
    const changed = JSON.stringify(filters) !== JSON.stringify(this.filters);
    this.filters = filters;
    if (!this.range) {
      this.range = new RangeBar(filters, data ?? null, (f) => {
        this.filters = f;
        this.send();
      });
      this.rangeSlot.append(this.range.root);
    } else this.range.set(filters, data);
    if (changed) this.stale = true;
  }

  /** Called when the tab is shown: the graph is computed and drawn only when someone looks at it. */
  activate(): void {
    if (this.root.hidden || !this.filters) return;
    if (this.stale) this.send();
    else if (this.redrawPending && this.view) void this.draw(true);
    this.redrawPending = false;
  }

  onView(view: EntityView): void {
    if (view.requestId !== this.pending) return;
    this.view = view;
    this.request = { focus: view.request.focus, keys: view.request.keys, topN: view.request.topN };
    this.host.persist();
    this.showCrumbs(view);
    void this.draw(false);
  }

  onComputing(requestId: number): void {
    if (requestId === this.pending) this.stage.message('Computing spend attribution…', 'busy');
  }

  onFailed(requestId: number, message: string): void {
    if (requestId !== this.pending) return;
    this.stage.message(message, 'error');
    this.status.textContent = '';
  }

  /** Re-renders the current source (theme change), now or when the tab is next shown; keeps pan and zoom. */
  redraw(): void {
    this.redrawPending = true;
    this.activate();
  }

  private update(change: Partial<EntityRequest>): void {
    this.request = { ...this.request, ...change };
    this.host.persist();
    this.send();
  }

  private send(): void {
    if (!this.filters) return;
    this.stale = false;
    this.pending = this.host.nextRequestId();
    this.status.textContent = 'Computing…';
    this.host.post({ type: 'entities', requestId: this.pending, request: { ...this.request, filters: this.filters } });
  }

  private showCrumbs(view: EntityView): void {
    const items = view.crumbs.map((c, i) => {
      if (i === view.crumbs.length - 1) return el('span', { className: 'crumb current', text: c.name, attrs: { 'aria-current': 'page' } });
      const b = el('button', { className: 'crumb link', text: c.name, attrs: { type: 'button' } });
      b.addEventListener('click', () => this.update({ focus: c.path }));
      return b;
    });
    fill(
      this.crumbs,
      items.flatMap((item, i) => (i === 0 ? [item] : [el('span', { className: 'crumb-sep', text: '›' }), item])),
    );
  }

  private async draw(keepView: boolean): Promise<void> {
    const view = this.view as EntityView;
    const result = await this.stage.show(view.source, keepView);
    if (!result) return;
    const base = { tables: [], isolated: [], relations: 0, solid: 0, dashed: 0 };
    if (!result.ok) {
      this.report({ ...base, nodes: 0, renderMs: 0, errors: [result.error, ...this.host.errors()] });
      return;
    }
    const nodes = result.svg.querySelectorAll('g.node').length;
    const edges = result.svg.querySelectorAll('.edgePaths path, path.flowchart-link').length;
    this.status.textContent =
      nodes === 0
        ? 'No spend in this period.'
        : `${formatUsd(view.spend)} in ${this.filters?.from} – ${this.filters?.to} · ${formatCount(nodes)} nodes · drawn in ${formatCount(Math.round(result.ms))} ms · click a node to drill down`;
    this.report({ ...base, nodes, relations: edges, renderMs: result.ms, errors: this.host.errors() });
  }

  private report(state: Omit<GraphRendered, 'tab'>): void {
    this.host.post({ type: 'rendered', state: { tab: 'entities', ...state } });
  }

  private nodeInfo(node: SVGGElement): EntityNodeInfo | undefined {
    const svgId = this.stage.current?.id ?? node.ownerSVGElement?.id ?? '';
    const match = node.id.startsWith(`${svgId}-flowchart-`) ? node.id.slice(svgId.length + '-flowchart-'.length).replace(/-\d+$/, '') : '';
    return this.view?.nodes.find((n) => n.nodeId === match);
  }

  /** What a screen reader says on a node: level, name, spend, share and whether Enter drills into it. */
  private describeNode(node: SVGGElement): string | undefined {
    const n = this.nodeInfo(node);
    if (!n) return undefined;
    return `${LEVEL_NAMES[n.level] ?? n.level} ${oneLine(n.name)}, ${formatUsd(n.spend)}, ${formatShare(n.share)} of parent${n.drillable ? ', Enter drills down' : ''}`;
  }

  /** Backspace or Escape on a node: back to the parent of the drilled-in node. */
  private drillUp(): void {
    const crumbs = this.view?.crumbs ?? [];
    if (crumbs.length > 1) this.update({ focus: crumbs[crumbs.length - 2].path });
  }

  private onNode(node: SVGGElement): void {
    const info = this.nodeInfo(node);
    if (!info) return;
    this.showDetails(info);
    if (info.drillable) this.update({ focus: info.path });
  }

  private showDetails(n: EntityNodeInfo): void {
    this.details.hidden = false;
    const row = (label: string, value: string) => el('tr', {}, [el('th', { text: label }), el('td', { text: value })]);
    const close = button('×', 'Close the details', () => (this.details.hidden = true), 'icon');
    fill(this.details, [
      el('div', { className: 'details-head' }, [el('h2', { text: n.name }), close]),
      el('table', { className: 'facts' }, [
        el('tbody', {}, [
          row('Level', LEVEL_NAMES[n.level] ?? n.level),
          row('Status', n.status),
          row('Spend', formatUsd(n.spend)),
          row('Share of parent', formatShare(n.share)),
          row('Requests', formatAmount(n.apiRequests)),
          row('Tokens', formatAmount(n.tokens)),
        ]),
      ]),
      el('div', { className: 'row' }, [
        button('Show in Spend Attribution', 'Open this node in the attribution tree', () => this.showInSpend(n.path)),
      ]),
    ]);
  }

  private async exportSvg(): Promise<void> {
    if (this.view) this.host.post({ type: 'exportSvg', svg: await this.stage.exportSvg(this.view.source), name: 'litellm-spend-graph' });
  }
}
