import type { GraphState, GraphTab, GraphToHost, HostToGraph } from '../../src/shared/graphProtocol';
import { watchChartPalette } from '../common/chartPalette';
import { adoptStyles, el } from '../common/dom';
import { vscodeApi } from '../common/vscodeApi';
import { EntityTab } from './entityTab';
import { ErTab, type TabHost } from './erTab';
import baseCss from '../common/base.css';
import columnCss from '../common/column.css';
import controlsCss from '../common/controls.css';
import css from './graph.css';
import { onThemeChange } from './theme';

const api = vscodeApi<GraphState, GraphToHost>();
adoptStyles(baseCss + controlsCss + columnCss + css);
watchChartPalette();

const errors: string[] = [];
window.addEventListener('error', (e) => errors.push(e.message));
window.addEventListener('unhandledrejection', (e) => errors.push(String((e.reason as Error | undefined)?.message ?? e.reason)));

const saved = api.getState() ?? {};
let tab: GraphTab = saved.tab ?? 'schema';
let requestIds = 0;
const host: TabHost = {
  post: (m) => api.postMessage(m),
  persist: () => api.setState({ tab, er: er.request, entity: entities.request, selectedTable: er.selected }),
  errors: () => [...errors],
  nextRequestId: () => ++requestIds,
};
const er = new ErTab(host, saved.er, saved.selectedTable);
const entities = new EntityTab(host, saved.entity, (path) => api.postMessage({ type: 'showInSpend', path }));
const connection = el('span', { className: 'connection' });

const tabButtons = (['schema', 'entities'] as const).map((id) => {
  const b = el('button', {
    text: id === 'schema' ? 'Schema' : 'Entities',
    className: 'tab',
    attrs: { type: 'button', role: 'tab', id: `tab-${id}` },
  });
  b.addEventListener('click', () => showTab(id));
  return b;
});

function showTab(next: GraphTab): void {
  tab = next;
  tabButtons.forEach((b, i) => b.setAttribute('aria-selected', String((i === 0) === (next === 'schema'))));
  er.root.hidden = next !== 'schema';
  entities.root.hidden = next !== 'entities';
  er.activate();
  entities.activate();
  host.persist();
}

document
  .getElementById('app')!
  .append(
    el('header', { className: 'top' }, [el('div', { className: 'tabs', attrs: { role: 'tablist' } }, tabButtons), connection]),
    er.root,
    entities.root,
  );

function onMessage(msg: HostToGraph): void {
  switch (msg.type) {
    case 'init':
      connection.textContent = msg.connection;
      entities.setFilters(msg.filters, msg.dataRange);
      er.setSchema(msg.tables, msg.groups);
      showTab(tab);
      break;
    case 'er':
      er.onView(msg.view);
      break;
    case 'focus':
      showTab('schema');
      er.focusTable(msg.table);
      break;
    case 'table':
      er.onDetails(msg.details);
      break;
    case 'entities':
      entities.onView(msg.view);
      break;
    case 'computing':
      entities.onComputing(msg.requestId);
      break;
    case 'failed':
      er.onFailed(msg.requestId, msg.message);
      entities.onFailed(msg.requestId, msg.message);
      break;
    case 'filters':
      entities.setFilters(msg.filters);
      entities.activate();
      break;
  }
}

// A theme switch re-renders with mermaid's matching theme; pan and zoom stay where they were.
onThemeChange(() => {
  er.redraw();
  entities.redraw();
});
window.addEventListener('message', (e: MessageEvent<HostToGraph>) => onMessage(e.data));
showTab(tab);
api.postMessage({ type: 'ready' });
