import { formatCount } from '../../src/shared/format';
import {
  CORE_GROUPS,
  type ColumnsMode,
  type ErRequest,
  type ErView,
  type GraphRendered,
  type GraphTableSummary,
  type GraphToHost,
  type TableDetails,
} from '../../src/shared/graphProtocol';
import { el } from '../common/dom';
import { button, fill, select } from '../common/controls';
import { findName } from '../../src/shared/findName';
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
  private readonly groupBar = el('div', { className: 'group-toggles', attrs: { role: 'group', 'aria-label': 'Table groups shown' } });
  private readonly find = el('input', {
    attrs: { type: 'search', list: 'er-table-names', placeholder: 'Find a table…', 'aria-label': 'Find table', spellcheck: 'false' },
  });
  private readonly names = el('datalist', { attrs: { id: 'er-table-names' } });
  private readonly clearFocus = button('Show groups', 'Leave the focused table and show the chosen groups again', () =>
    this.update({ focus: undefined }),
  );
  private readonly fitNote = el('div', { className: 'fit-note', attrs: { role: 'note' } });
  private readonly isolatedList = el('section', {
    className: 'isolated',
    attrs: { 'aria-label': 'Tables without relations in this view' },
  });
  private readonly columns = select<ColumnsMode>('Columns', COLUMN_MODES, 'none', (v) => this.update({ columns: v }));
  private readonly details = el('aside', { className: 'details', attrs: { 'aria-label': 'Table details' } });
  private readonly legend = el('div', { className: 'legend' });

  constructor(
    private readonly host: TabHost,
    initial: ErRequest | undefined,
    selected: string | undefined,
  ) {
    this.request = initial ?? { columns: 'none', groups: [...CORE_GROUPS] };
    this.selected = selected;
    this.details.hidden = true;
    this.stage = new DiagramStage(
      'er',
      'Entity-relationship diagram',
      (node) => this.onNode(node),
      (node) => this.describeNode(node),
    );
    this.stage.panZoom.onFit = (whole) => {
      this.fitNote.textContent = whole
        ? ''
        : 'Shown in part so that names stay readable: drag or use the arrow keys to move, or show fewer groups or find a table.';
    };
    this.find.addEventListener('change', () => this.onFind());
    this.find.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') this.onFind();
    });
    this.root = el('section', { className: 'tab-panel', attrs: { role: 'tabpanel', 'aria-label': 'Schema' } }, [
      el('div', { className: 'toolbar', attrs: { role: 'toolbar' } }, [
        this.groupBar,
        el('span', { className: 'sep' }),
        el('label', { className: 'field' }, [el('span', { text: 'Find' }), this.find]),
        this.names,
        this.clearFocus,
        this.columns.root,
        el('span', { className: 'sep' }),
        ...this.stage.zoomButtons(),
        el('span', { className: 'sep' }),
        button('Copy Mermaid Source', 'Copy the mermaid erDiagram text of this view', () => this.copySource()),
        button('Export SVG…', 'Save this diagram as an SVG file', () => void this.exportSvg()),
      ]),
      this.status,
      this.legend,
      this.fitNote,
      el('div', { className: 'body' }, [el('div', { className: 'stage' }, [this.stage.viewport, this.isolatedList]), this.details]),
    ]);
  }

  /** The schema arrived (or changed): rebuild the lists and draw. */
  setSchema(tables: GraphTableSummary[], groups: string[]): void {
    this.tables = tables;
    this.groups = groups;
    const names = new Set(tables.map((t) => t.name));
    if (this.request.focus && !names.has(this.request.focus)) this.request = { ...this.request, focus: undefined };
    if (this.request.groups) this.request = { ...this.request, groups: this.request.groups.filter((g) => groups.includes(g)) };
    fill(
      this.names,
      tables.map((t) => el('option', { attrs: { value: t.name } })),
    );
    this.showRequest();
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
    fill(
      this.details,
      tableDetailsView(d, {
        focus: (name) => this.update({ focus: name }),
        select: (name) => this.select(name),
        copySql: (sql) => this.host.post({ type: 'copy', text: sql, what: 'join snippet' }),
        openSql: (sql) => this.host.post({ type: 'openSql', sql }),
        close: () => this.select(undefined),
      }),
    );
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
    this.showRequest();
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

  /** Controls reflect the request: pressed group toggles, the focused table in the find box. */
  private showRequest(): void {
    this.find.value = this.request.focus ?? '';
    this.clearFocus.hidden = this.request.focus === undefined;
    this.columns.input.value = this.request.columns;
    const chosen = new Set(this.request.groups ?? this.groups);
    const toggles = this.groups.map((g) => {
      const count = this.tables.filter((t) => t.group === g).length;
      const on = chosen.has(g);
      return button(
        `${g} (${count})`,
        `${on ? 'Hide' : 'Show'} the ${g} tables`,
        () => {
          const next = this.groups.filter((x) => (x === g ? !on : chosen.has(x)));
          this.update({ groups: next.length === this.groups.length ? undefined : next, focus: undefined });
        },
        `toggle swatch g_${g.replace(/[^a-z]+/g, '_')}`,
      );
    });
    toggles.forEach((b, i) => b.setAttribute('aria-pressed', String(chosen.has(this.groups[i]))));
    const all = this.request.groups === undefined;
    const core = this.groups.filter((g) => CORE_GROUPS.includes(g));
    fill(this.groupBar, [
      ...toggles,
      button(
        'Core',
        'Users, keys, teams & orgs and spend: where LiteLLM attributes cost',
        () => this.update({ groups: core, focus: undefined }),
        'link',
      ),
      button('All', 'Every group', () => this.update({ groups: undefined, focus: undefined }), all ? 'link current' : 'link'),
    ]);
  }

  /** The find box: an exact name wins, then a unique match ignoring case and the `LiteLLM_` prefix. */
  private onFind(): void {
    const query = this.find.value.trim();
    if (!query) {
      if (this.request.focus !== undefined) this.update({ focus: undefined });
      return;
    }
    const found = findName(
      this.tables.map((t) => t.name),
      query,
    );
    if (typeof found === 'string') {
      if (found !== this.request.focus) this.focusTable(found);
      return;
    }
    this.status.textContent =
      found.length === 0
        ? `No table matches "${query}".`
        : `"${query}" matches ${found.length} tables: ${found.slice(0, 6).join(', ')}${found.length > 6 ? '…' : ''}`;
  }

  private async draw(keepView: boolean): Promise<void> {
    const view = this.view as ErView;
    this.showIsolated(view.isolated);
    const relations = view.fkCount + view.logicalCount;
    const reportNothingDrawn = (errors: string[]) =>
      this.report({ nodes: 0, tables: [], isolated: view.isolated, relations, solid: 0, dashed: 0, renderMs: 0, errors });
    if (view.tables.length === 0) {
      this.stage.clear(
        view.isolated.length ? 'No relations among these tables: they are listed below.' : 'No tables in the chosen groups.',
      );
      this.status.textContent = `${formatCount(view.isolated.length)} tables and views without relations`;
      reportNothingDrawn(this.host.errors());
      return;
    }
    const hub = view.ids.find(([name]) => name === view.hub)?.[1];
    const result = await this.stage.show(
      view.source,
      keepView,
      (svg) => (hub ? svg.querySelector(`g.node[id^="${svg.id}-entity-${hub}-"]`) : undefined),
      { labels: 'svg' },
    );
    if (!result) return;
    if (!result.ok) {
      this.status.textContent = 'The diagram could not be drawn.';
      reportNothingDrawn([result.error, ...this.host.errors()]);
      return;
    }
    const names = new Map(view.ids.map(([name, id]) => [id, name]));
    const drawn = [...result.svg.querySelectorAll('g.node')]
      .map((g) => names.get(entityId(g.id, result.svgId) ?? ''))
      .filter((n): n is string => n !== undefined);
    this.markSelected();
    const focused = this.markFocused(result.svg, view);
    const what = view.request.focus ? `${view.request.focus} and its neighbours: ` : '';
    const unrelated = view.isolated.length ? ` · ${formatCount(view.isolated.length)} without relations listed below` : '';
    this.status.textContent = `${what}${formatCount(view.tables.length)} tables and views · ${formatCount(relations)} relations (${view.fkCount} foreign keys, ${view.logicalCount} logical)${unrelated} · drawn in ${formatCount(Math.round(result.ms))} ms`;
    this.report({
      nodes: result.svg.querySelectorAll('g.node').length,
      tables: drawn,
      isolated: view.isolated,
      ...(focused ? { focused } : {}),
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

  /** A table node for screen readers: its full name, kind and how many relations it has in this view. */
  private describeNode(node: SVGGElement): string | undefined {
    const view = this.view;
    const id = entityId(node.id, node.ownerSVGElement?.id ?? '');
    const name = view?.ids.find(([, i]) => i === id)?.[0];
    if (!view || !name) return undefined;
    const table = this.tables.find((t) => t.name === name);
    return `${table?.kind === 'view' ? 'view' : 'table'} ${name} (${table?.group ?? 'other'})`;
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

  /** The unrelated tables as a compact grid of buttons: a click opens the table's details. */
  private showIsolated(names: string[]): void {
    this.isolatedList.hidden = names.length === 0;
    fill(
      this.isolatedList,
      names.length === 0
        ? []
        : [
            el('h3', { text: `Without relations in this view (${formatCount(names.length)})` }),
            el(
              'ul',
              {},
              names.map((name) => el('li', {}, [button(name, `Show the columns of ${name}`, () => this.select(name), 'table-chip')])),
            ),
          ],
    );
  }

  /** Marks the focused table's node (class `focused`, described for screen readers); returns its name. */
  private markFocused(svg: SVGSVGElement, view: ErView): string | undefined {
    const focus = view.request.focus;
    const id = view.ids.find(([n]) => n === focus)?.[1];
    const node = id === undefined ? null : svg.querySelector(`g.node[id^="${svg.id}-entity-${id}-"]`);
    if (!node || !focus) return undefined;
    node.classList.add('focused');
    node.setAttribute('aria-label', `${focus} (focused table)`);
    return focus;
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

  private async exportSvg(): Promise<void> {
    const view = this.view;
    if (!view || view.tables.length === 0) return;
    const svg = await this.stage.exportSvg(view.source);
    this.host.post({ type: 'exportSvg', svg, name: view.request.focus ? `litellm-schema-${view.request.focus}` : 'litellm-schema' });
  }
}

/** `<svgId>-entity-<id>-<n>` → `<id>` (mermaid ids are [A-Za-z0-9_], so the last `-` ends the id). */
function entityId(domId: string, svgId: string): string | undefined {
  const prefix = `${svgId}-entity-`;
  if (!domId.startsWith(prefix)) return undefined;
  const rest = domId.slice(prefix.length);
  return rest.slice(0, rest.lastIndexOf('-'));
}
