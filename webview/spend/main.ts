import { formatAmount, formatUsd } from '../../src/shared/format';
import {
  type HostToSpend,
  type SpendFilters,
  type SpendState,
  type SpendTableId,
  type SpendToHost,
  type SpendView,
} from '../../src/shared/spendProtocol';
import { watchChartPalette } from '../common/chartPalette';
import { adoptStyles, el } from '../common/dom';
import { vscodeApi } from '../common/vscodeApi';
import { button, fill, select } from '../common/controls';
import baseCss from '../common/base.css';
import controlsCss from '../common/controls.css';
import { RangeBar } from '../common/rangeBar';
import css from './spend.css';
import { tableView } from './tableView';
import { TreeTable } from './treeTable';
import { trendChart } from './trendChart';

const api = vscodeApi<SpendState, SpendToHost>();
adoptStyles(baseCss + controlsCss + css);
watchChartPalette();

const errors: string[] = [];
window.addEventListener('error', (e) => errors.push(e.message));

let state: SpendState = api.getState() ?? {};
let view: SpendView | undefined;
/** The filters last asked for (by this page or, through `computing`, by the other views). */
let requested: SpendFilters | undefined;
let range: RangeBar | undefined;
let pendingReveal: string | undefined;
const persist = (change: Partial<SpendState>) => api.setState((state = { ...state, ...change }));

const connection = el('span', { className: 'connection' });
const rangeSlot = el('div', { className: 'range-slot' });
const topN = select(
  'Top',
  ['5', '10', '20', '50'].map((v) => ({ value: v, label: v })),
  '10',
  (v) => range && compute({ ...range.value, topN: Number(v) }),
);
const status = el('div', { className: 'status', attrs: { role: 'status', 'aria-live': 'polite' } });
const summary = el('div', { className: 'summary' });
const notes = el('ul', { className: 'notes' });
const tree = new TreeTable(state.expanded, (expanded) => persist({ expanded }));
const trendBy = select<'team' | 'model'>(
  'By',
  [
    { value: 'team', label: 'team' },
    { value: 'model', label: 'model' },
  ],
  state.trendBy ?? 'team',
  (by) => {
    persist({ trendBy: by });
    drawChart();
  },
);
const chartSlot = el('div', { className: 'chart-slot' });
const tables = el('div', { className: 'tables' });
const content = el('div', { className: 'content' }, [
  summary,
  notes,
  el('section', { className: 'table-section', attrs: { 'data-table': 'tree', 'aria-label': 'Attribution tree' } }, [
    el('div', { className: 'section-head' }, [
      el('h2', { text: 'Attribution' }),
      button('Expand All', 'Expand down to keys', () => tree.expandAll(true)),
      button('Collapse All', 'Show organisations only', () => tree.expandAll(false)),
      button('Export CSV…', 'Save the whole tree as CSV, one row per node', () => exportTable('tree', 'csv')),
      button('Export JSON…', 'Save the whole tree as JSON, one row per node', () => exportTable('tree', 'json')),
    ]),
    el('p', {
      className: 'caption',
      text: 'Organisation → team → user → key → model. Every parent is the sum of its children; share is of the parent.',
    }),
    el('div', { className: 'table-wrap' }, [tree.element]),
  ]),
  el('section', { className: 'table-section', attrs: { 'aria-label': 'Daily trend' } }, [
    el('div', { className: 'section-head' }, [el('h2', { text: 'Daily trend' }), trendBy.root]),
    chartSlot,
  ]),
  tables,
]);
content.hidden = true;
document
  .getElementById('app')!
  .append(
    el('header', { className: 'top' }, [el('h1', { text: 'Spend Attribution' }), connection]),
    el('div', { className: 'toolbar', attrs: { role: 'toolbar' } }, [
      rangeSlot,
      topN.root,
      button('Refresh', 'Compute again from the database', () => range && compute(range.value, true)),
    ]),
    status,
    content,
  );

function exportTable(table: SpendTableId, format: 'csv' | 'json'): void {
  api.postMessage({ type: 'export', table, format });
}

function compute(filters: SpendFilters, refresh = false): void {
  if (!refresh && JSON.stringify(filters) === JSON.stringify(requested)) return;
  requested = filters;
  api.postMessage({ type: 'compute', filters, ...(refresh ? { refresh } : {}) });
}

function showFilters(filters: SpendFilters): void {
  persist({ filters });
  range?.set(filters);
  topN.input.value = String(filters.topN);
}

function drawChart(): void {
  if (!view) return;
  const width = Math.max(480, Math.min(1400, chartSlot.clientWidth || document.body.clientWidth - 40));
  fill(
    chartSlot,
    view.trend.days.length
      ? [trendChart(view.trend, state.trendBy ?? 'team', width)]
      : [el('p', { className: 'hint', text: 'No days in this period.' })],
  );
}

function card(label: string, value: string, exact?: number): HTMLElement {
  return el('div', { className: 'card' }, [
    el('div', { className: 'card-label', text: label }),
    el('div', { className: 'card-value', text: value, attrs: exact === undefined ? {} : { 'data-value': String(exact) } }),
  ]);
}

/** Paints a summary (the first figures; the tables and the tree below the teams follow) or the full view. */
function showView(v: SpendView): void {
  const started = performance.now();
  view = v;
  showFilters(v.filters);
  const t = v.totals;
  fill(summary, [
    card('Total spend', formatUsd(t.spend), t.spend),
    card('Requests', formatAmount(t.apiRequests), t.apiRequests),
    card('Tokens', formatAmount(t.promptTokens + t.completionTokens), t.promptTokens + t.completionTokens),
    card('Period', `${v.filters.from} – ${v.filters.to} (${v.days} days)`),
  ]);
  fill(
    notes,
    v.notes.map((n) => el('li', { text: n })),
  );
  tree.show(v.tree);
  fill(
    tables,
    v.stage === 'summary'
      ? [el('p', { className: 'hint pending', text: 'Loading users, keys, models, top lists, budgets and reconciliation…' })]
      : v.tables.map((table) => tableView(table, (format) => exportTable(table.id, format))),
  );
  content.hidden = false;
  content.classList.toggle('partial', v.stage === 'summary');
  status.textContent = '';
  drawChart();
  if (pendingReveal !== undefined) tree.reveal(pendingReveal);
  pendingReveal = undefined;
  api.postMessage({
    type: 'rendered',
    state: {
      stage: v.stage,
      total: t.spend,
      treeRows: tree.rowCount,
      tables: v.tables.map((x) => x.id),
      chartDays: v.trend.days.length,
      renderMs: performance.now() - started,
      errors: [...errors],
    },
  });
}

function onMessage(msg: HostToSpend): void {
  switch (msg.type) {
    case 'init':
      requested = msg.filters;
      connection.textContent = msg.connection;
      if (!range) {
        range = new RangeBar(msg.filters, msg.dataRange, (f) => compute({ ...f, topN: Number(topN.input.value) }));
        rangeSlot.append(range.root);
      } else range.set(msg.filters, msg.dataRange);
      showFilters(msg.filters);
      break;
    case 'computing':
      requested = msg.filters;
      showFilters(msg.filters);
      status.textContent = `Computing ${msg.filters.from} – ${msg.filters.to} (${msg.filters.basis === 'daily' ? 'daily tables' : 'SpendLogs'})…`;
      status.className = 'status busy';
      content.classList.add('stale');
      break;
    case 'result':
      // A summary or full view of other filters than the ones last asked for is stale: a newer one follows.
      if (requested && JSON.stringify(msg.view.filters) !== JSON.stringify(requested)) break;
      status.className = msg.view.stage === 'summary' ? 'status busy' : 'status';
      content.classList.remove('stale');
      showView(msg.view);
      if (msg.view.stage === 'summary') status.textContent = 'First figures shown; loading the rest…';
      break;
    case 'failed':
      // Asking for the same period again retries it.
      requested = undefined;
      status.textContent = msg.message;
      status.className = 'status error';
      content.classList.remove('stale');
      break;
    case 'reveal':
      if (view) tree.reveal(msg.path);
      else pendingReveal = msg.path;
      break;
  }
}

let chartWidth = 0;
new ResizeObserver(() => {
  // Only a new width needs a new chart (a redraw can change the height, which must not loop).
  if (!view || chartSlot.clientWidth === chartWidth) return;
  chartWidth = chartSlot.clientWidth;
  drawChart();
}).observe(chartSlot);
window.addEventListener('message', (e: MessageEvent<HostToSpend>) => onMessage(e.data));
api.postMessage({ type: 'ready' });
