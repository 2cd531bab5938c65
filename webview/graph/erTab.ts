import type { ColumnsMode, ErRequest, ErView, GraphRendered, GraphTableSummary, GraphToHost, TableDetails } from '../../src/shared/graphProtocol';
import { el, formatCount } from '../common/dom';
import { button, checkbox, fill, select } from '../spend/controls';
import { DiagramStage } from './diagramStage';
import { tableDetailsView } from './tableDetailsView';

/** What the tab needs from the page: messaging, state and the record of render errors. */
export interface TabHost {
  post(message: GraphToHost): void;
  persist(): void;
  errors(): string[];
  nextRequestId(): number;
}

const COLUMN_MODES: { value: ColumnsMode; label: string }[] = [
  { value: 'none', label: 'Names only' },
  { value: 'keys', label: 'Key columns' },
  { value: 'all', label: 'All columns' },
];

/**
 * The relationship graph: a mermaid ER diagram of the tables found, filtered by group or focused on one table,
 * with the clicked table's columns and join snippets beside it.
 */
export class ErTab {
  readonly root: HTMLElement;
  request: ErRequest;
  selected: string | undefined;
  private tables: GraphTableSummary[] = [];
  private groups: string[] = [];
  private view: ErView | undefined;
  private pending = 0;
  private stale = false;
  private redrawPending = false;
  private readonly stage: DiagramStage;
  private readonly status = el('div', { className: 'status', attrs: { role: 'status', 'aria-live': 'polite' } });
  private readonly groupMenu = el('details', { className: 'menu' });
  private readonly focus = select<string>('Focus', [{ value: '', label: 'All tables' }], '', (v) => {
    this.update({ focus: v || undefined });
    // Picking a table from the list (the keyboard route) also opens its details.
    if (v) this.select(v);
  });
  private readonly columns = select<ColumnsMode>('Columns', COLUMN_MODES, 'none', (v) => this.update({ columns: v }));
  private readonly details = el('aside', { className: 'details', attrs: { 'aria-label': 'Table details' } });
  private readonly legend = el('div', { className: 'legend' });

  constructor(private readonly host: TabHost, initial: ErRequest | undefined, selected: string | undefined) {
    this.request = initial ?? { columns: 'none' };
    this.selected = selected;
    this.details.hidden = true;
    this.stage = new DiagramStage('er', 'Entity-relationship diagram', (node) => this.onNode(node));
    this.root = el('section', { className: 'tab-panel', attrs: { role: 'tabpanel', 'aria-label': 'Schema' } }, [
      el('div', { className: 'toolbar', attrs: { role: 'toolbar' } }, [
        this.groupMenu, this.focus.root, this.columns.root,
        el('span', { className: 'sep' }), ...this.stage.zoomButtons(),
        el('span', { className: 'sep' }),
        button('Copy Mermaid Source', 'Copy the mermaid erDiagram text of this view', () => this.copySource()),
        button('Export SVG…', 'Save this diagram as an SVG file', () => this.exportSvg()),
      ]),
      this.status, this.legend,
      el('div', { className: 'body' }, [this.stage.viewport, this.details]),
    ]);
  }

  /** The schema arrived (or changed): rebuild the lists and draw. */
  setSchema(tables: GraphTableSummary[], groups: string[]): void {
    this.tables = tables;
    this.groups = groups;
    const names = new Set(tables.map((t) => t.name));
    if (this.request.focus && !names.has(this.request.focus)) this.request = { ...this.request, focus: undefined };
    if (this.request.groups) this.request = { ...this.request, groups: this.request.groups.filter((g) => groups.includes(g)) };
    fill(this.focus.input, [el('option', { text: 'All tables', attrs: { value: '' } }),
      ...tables.map((t) => el('option', { text: t.kind === 'view' ? `${t.name} (view)` : t.name, attrs: { value: t.name } }))]);
    this.focus.input.value = this.request.focus ?? '';
    this.columns.input.value = this.request.columns;
    this.buildGroupMenu();
    fill(this.legend, [
      el('span', { className: 'line solid', text: 'declared foreign key' }),
      el('span', { className: 'line dashed', text: 'logical relation (value, array or JSON join; no FK)' }),
      // The same class names the diagram's entities carry (groupClass in src/core/diagram/erDiagram.ts).
      ...groups.map((g) => el('span', { className: `swatch g_${g.replace(/[^a-z]+/g, '_')}`, text: g })),
    ]);
    this.stale = true;
    this.activate();
    if (this.selected && names.has(this.selected)) this.host.post({ type: 'table', name: this.selected });
  }

  /** Called when the tab is shown: a hidden tab neither asks for diagrams nor renders them. */
  activate(): void {
    if (this.root.hidden) return;
    if (this.stale) this.send();
    else if (this.redrawPending && this.view) void this.draw(true);
    this.redrawPending = false;
  }

  onView(view: ErView): void {
    if (view.requestId !== this.pending) return;
    this.view = view;
    void this.draw(false);
  }

  /** Re-renders the current source (theme change), now or when the tab is next shown; keeps pan and zoom. */
  redraw(): void {
    this.redrawPending = true;
    this.activate();
  }

  onDetails(d: TableDetails): void {
    if (d.name !== this.selected) return;
    this.details.hidden = false;
    fill(this.details, tableDetailsView(d, {
      focus: (name) => this.update({ focus: name }),
      select: (name) => this.select(name),
      copySql: (sql) => this.host.post({ type: 'copy', text: sql, what: 'join snippet' }),
      openSql: (sql) => this.host.post({ type: 'openSql', sql }),
      close: () => this.select(undefined),
    }));
  }

  /** Focus the diagram on a table and open its details ("Show in Relationship Graph"). */
  focusTable(name: string): void {
    this.update({ focus: name });
    this.select(name);
  }

  onFailed(requestId: number, message: string): void {
    if (requestId === this.pending) this.stage.message(message, 'error');
  }

  private update(change: Partial<ErRequest>): void {
    this.request = { ...this.request, ...change };
    this.focus.input.value = this.request.focus ?? '';
    this.columns.input.value = this.request.columns;
    this.stale = true;
    this.activate();
    this.host.persist();
  }

  private send(): void {
    this.stale = false;
    this.pending = this.host.nextRequestId();
    this.status.textContent = 'Generating…';
    this.host.post({ type: 'er', requestId: this.pending, request: this.request });
  }

  private buildGroupMenu(): void {
    const chosen = new Set(this.request.groups ?? this.groups);
    const boxes = this.groups.map((g) => {
      const count = this.tables.filter((t) => t.group === g).length;
      return checkbox(`${g} (${count})`, chosen.has(g), (on) => {
        if (on) chosen.add(g);
        else chosen.delete(g);
        summary.textContent = `Groups (${chosen.size}/${this.groups.length})`;
        this.update({ groups: chosen.size === this.groups.length ? undefined : this.groups.filter((x) => chosen.has(x)) });
      }).root;
    });
    const summary = el('summary', { text: `Groups (${chosen.size}/${this.groups.length})`, title: 'Show only tables of these groups' });
    fill(this.groupMenu, [summary, el('div', { className: 'menu-items' }, boxes)]);
  }

  private async draw(keepView: boolean): Promise<void> {
    const view = this.view as ErView;
    const hub = view.ids.find(([name]) => name === view.hub)?.[1];
    const result = await this.stage.show(view.source, keepView, (svg) => (hub ? svg.querySelector(`g.node[id^="${svg.id}-entity-${hub}-"]`) : undefined));
    if (!result) return;
    const relations = view.fkCount + view.logicalCount;
    if (!result.ok) {
      this.status.textContent = 'The diagram could not be drawn.';
      this.report({ nodes: 0, tables: [], relations, solid: 0, dashed: 0, renderMs: 0, errors: [result.error, ...this.host.errors()] });
      return;
    }
    const names = new Map(view.ids.map(([name, id]) => [id, name]));
    const drawn = [...result.svg.querySelectorAll('g.node')].map((g) => names.get(entityId(g.id, result.svgId) ?? '')).filter((n): n is string => n !== undefined);
    this.markSelected();
    const what = view.request.focus ? `${view.request.focus} and its neighbours: ` : '';
    this.status.textContent = `${what}${formatCount(view.tables.length)} tables and views · ${formatCount(relations)} relations (${view.fkCount} foreign keys, ${view.logicalCount} logical) · drawn in ${formatCount(Math.round(result.ms))} ms`;
    this.report({
      nodes: result.svg.querySelectorAll('g.node').length,
      tables: drawn,
      relations,
      solid: result.svg.querySelectorAll('path.relationshipLine.edge-pattern-solid').length,
      dashed: result.svg.querySelectorAll('path.relationshipLine.edge-pattern-dashed').length,
      renderMs: result.ms,
      errors: this.host.errors(),
    });
  }

  private report(state: Omit<GraphRendered, 'tab'>): void {
    this.host.post({ type: 'rendered', state: { tab: 'schema', ...state } });
  }

  private onNode(node: SVGGElement): void {
    const svgId = this.stage.current?.id ?? '';
    const id = entityId(node.id, svgId);
    const name = this.view?.ids.find(([, i]) => i === id)?.[0];
    if (name) this.select(name);
  }

  private select(name: string | undefined): void {
    this.selected = name;
    this.markSelected();
    this.host.persist();
    if (!name) {
      this.details.hidden = true;
      this.details.replaceChildren();
      return;
    }
    this.host.post({ type: 'table', name });
  }

  private markSelected(): void {
    const svg = this.stage.current;
    if (!svg || !this.view) return;
    const id = this.view.ids.find(([n]) => n === this.selected)?.[1];
    for (const g of svg.querySelectorAll('g.node')) g.classList.toggle('selected', id !== undefined && entityId(g.id, svg.id) === id);
  }

  private copySource(): void {
    if (this.view) this.host.post({ type: 'copy', text: this.view.source, what: 'Mermaid source' });
  }

  private exportSvg(): void {
    const svg = this.stage.serialise();
    if (svg) this.host.post({ type: 'exportSvg', svg, name: this.view?.request.focus ? `litellm-schema-${this.view.request.focus}` : 'litellm-schema' });
  }
}

/** `<svgId>-entity-<id>-<n>` → `<id>` (mermaid ids are [A-Za-z0-9_], so the last `-` ends the id). */
function entityId(domId: string, svgId: string): string | undefined {
  const prefix = `${svgId}-entity-`;
  if (!domId.startsWith(prefix)) return undefined;
  const rest = domId.slice(prefix.length);
  return rest.slice(0, rest.lastIndexOf('-'));
}
