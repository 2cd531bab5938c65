import { formatCount, formatDuration, formatSeconds } from '../../src/shared/format';
import type {
  Cell,
  HostToResults,
  ResultColumn,
  ResultsHeader,
  ResultsState,
  ResultsSummary,
  ResultsToHost,
} from '../../src/shared/resultsProtocol';
import baseCss from '../common/base.css';
import columnCss from '../common/column.css';
import { adoptStyles, el } from '../common/dom';
import { vscodeApi } from '../common/vscodeApi';
import { copyText, rowAsTsv } from './cellText';
import { CellViewer } from './cellViewer';
import { ContextMenu } from './contextMenu';
import { type GridSort, VirtualGrid } from './grid';
import { headerParams } from './headerText';
import css from './results.css';

/** Results up to this many rows survive a window reload in the webview state; larger ones show "Run Again". */
const MAX_PERSISTED_ROWS = 2000;

const api = vscodeApi<ResultsState, ResultsToHost>();
adoptStyles(baseCss + columnCss + css);

let header: ResultsHeader | undefined;
let columns: ResultColumn[] = [];
let rows: Cell[][] = [];
let summary: ResultsSummary | undefined;
let failed: string | undefined;
let firstPaintMarked = false;

const title = el('h1', { className: 'title', text: 'Results' });
const info = el('span', { className: 'info', attrs: { 'aria-live': 'polite' } });
const button = (text: string, onClick: () => void, hint: string) => {
  const b = el('button', { text, title: hint, attrs: { type: 'button' } });
  b.addEventListener('click', onClick);
  return b;
};
const toolbar = el('div', { className: 'toolbar', attrs: { role: 'toolbar' } }, [
  button('Copy Cell', () => copy('cell'), 'Copy the selected cell (Ctrl+C)'),
  button(
    'Copy Rows',
    () => copy('rows'),
    'Copy the selected rows as tab-separated values (Ctrl+Shift+C; Shift+click, Shift+arrows or Ctrl+A select rows)',
  ),
  button('Copy with Headers', () => copy('headers'), 'Copy the selected rows as tab-separated values under a line of column names'),
  button('Export CSV…', () => api.postMessage({ type: 'export', format: 'csv' }), 'Run the query again and stream every row to a CSV file'),
  button(
    'Export JSON…',
    () => api.postMessage({ type: 'export', format: 'json' }),
    'Run the query again and stream every row to a JSON file',
  ),
  button('Run Again', () => api.postMessage({ type: 'rerun' }), 'Run the query again on the current connection'),
]);
const rerunButton = toolbar.lastElementChild as HTMLButtonElement;
const cancelButton = button('Cancel', () => api.postMessage({ type: 'cancel' }), 'Cancel the running query on the server');
cancelButton.hidden = true;
toolbar.prepend(cancelButton);
const params = el('span', { className: 'params' });
const notes = el('ul', { className: 'notes', attrs: { 'aria-label': 'Missing figures' } });
const message = el('div', { className: 'message', attrs: { role: 'status' } });
const filterBox = el('input', {
  className: 'filter',
  attrs: {
    type: 'search',
    placeholder: 'Filter rows',
    'aria-label': 'Filter rows (all columns, ignores case; Escape clears)',
    spellcheck: 'false',
  },
});
const filterCount = el('span', { className: 'filter-count', attrs: { 'aria-live': 'polite' } });
const grid = new VirtualGrid({
  sortChange: (sort) => persist(sort),
  viewChange: (shown, total) => (filterCount.textContent = filterBox.value ? `${formatCount(shown)} of ${formatCount(total)} rows` : ''),
  open: (row, col, rowNumber) => viewer.show(columns[col], row[col], rowNumber),
});
const viewer = new CellViewer(
  () => grid.element.focus(),
  (text) => api.postMessage({ type: 'copy', text, what: 'cell' }),
);
const mod = /Mac/.test(navigator.platform) ? '⌘' : 'Ctrl+';
const menu = new ContextMenu(
  [
    { label: 'Open Value', keys: 'Enter', run: () => grid.openSelected() },
    { label: 'Copy', keys: `${mod}C`, run: () => copy(grid.hasRowSelection ? 'rows' : 'cell') },
    { label: 'Copy Rows', keys: `${mod}Shift+C`, run: () => copy('rows') },
    { label: 'Copy with Headers', run: () => copy('headers') },
    { label: 'Select All Rows', keys: `${mod}A`, run: () => grid.selectAll() },
  ],
  () => grid.element.focus(),
);
document
  .getElementById('app')!
  .append(
    el('header', { className: 'top' }, [el('div', { className: 'heading' }, [title, params]), info, toolbar]),
    notes,
    el('div', { className: 'filter-bar' }, [filterBox, filterCount]),
    message,
    grid.element,
    viewer.element,
    menu.element,
  );

grid.element.addEventListener('contextmenu', (e) => {
  e.preventDefault();
  grid.selectAt(e.target);
  menu.open(e.clientX, e.clientY);
});

/** Filters as the user types; a short pause first, so 100k rows are scanned once per word rather than per key. */
let filterTimer: ReturnType<typeof setTimeout> | undefined;
filterBox.addEventListener('input', () => {
  clearTimeout(filterTimer);
  filterTimer = setTimeout(
    () => {
      grid.setFilter(filterBox.value);
      persist();
    },
    rows.length > 20_000 ? 150 : 0,
  );
});
filterBox.addEventListener('keydown', (e) => {
  if (e.key === 'Escape' && filterBox.value) {
    // Escape clears the box (the browser's own search-field Escape does not reach a 'search' event reliably).
    e.preventDefault();
    filterBox.value = '';
    clearTimeout(filterTimer);
    grid.setFilter('');
    persist();
  } else if (e.key === 'ArrowDown' || e.key === 'Enter' || e.key === 'Escape') {
    e.preventDefault();
    grid.element.focus();
  }
});

/** While a query runs: the time it has taken so far, beside a Cancel button. */
let runningSince: number | undefined;
let ticker: ReturnType<typeof setInterval> | undefined;
function setRunning(on: boolean): void {
  cancelButton.hidden = !on;
  clearInterval(ticker);
  runningSince = on ? performance.now() : undefined;
  if (!on) return;
  const tick = () => (info.textContent = `running · ${formatSeconds(performance.now() - (runningSince ?? 0))}`);
  tick();
  ticker = setInterval(tick, 100);
}

/** A new run replaces the rows: a value open in the viewer or a menu for the old selection would be stale. */
function closeOverlays(): void {
  viewer.element.close();
  menu.close(false);
}

/** Drops the rows of an earlier run, so a failure or a cancel never sits above results it did not produce. */
function clearRows(): void {
  closeOverlays();
  columns = [];
  rows = [];
  summary = undefined;
  grid.reset([]);
  info.textContent = '';
  filterCount.textContent = '';
}

/** Copies the cell, or the selected rows (tab-separated, full precision), optionally under the column names. */
function copy(what: 'cell' | 'rows' | 'headers'): void {
  const selection = grid.selection();
  if (!selection) {
    showMessage('Select a cell first.', 'hint');
    return;
  }
  if (what === 'cell') {
    api.postMessage({ type: 'copy', text: copyText(selection.row[selection.col]), what: 'cell' });
    return;
  }
  const lines = grid.selectedRows().map(rowAsTsv);
  if (what === 'headers') lines.unshift(rowAsTsv(columns.map((c) => c.name)));
  api.postMessage({ type: 'copy', text: lines.join('\n'), what: 'rows' });
}

function showMessage(text: string, kind: 'hint' | 'error' | 'running' | '' = ''): void {
  message.textContent = text;
  message.className = `message ${kind}`;
}

function showHeader(h: ResultsHeader): void {
  header = h;
  title.textContent = h.title;
  title.title = h.sql ? `${h.connection}\n\n${h.sql}` : h.connection;
  params.textContent = headerParams(h);
  params.title = params.textContent;
  notes.replaceChildren(...(h.notes ?? []).map((n) => el('li', { text: n })));
  // Rows with no query behind them (e.g. invalid CBF rows) cannot be run again.
  rerunButton.hidden = h.sql === '';
}

function showSummary(): void {
  if (!summary) {
    info.textContent = `${formatCount(rows.length)} rows so far…`;
    return;
  }
  const count = summary.truncated ? `first ${formatCount(summary.shown)} rows (more exist)` : `${formatCount(summary.rowCount)} rows`;
  info.textContent = `${count} · ${formatDuration(summary.elapsedMs)}`;
  showMessage(summary.truncated ? 'The grid shows the first rows only (litellmLens.results.maxRows); exports contain every row.' : '');
}

function persist(sort: GridSort | undefined = grid.currentSort): void {
  api.setState({ header, columns, summary, failed, sort, filter: filterBox.value, ...(rows.length <= MAX_PERSISTED_ROWS ? { rows } : {}) });
}

function markFirstPaint(): void {
  if (firstPaintMarked || rows.length === 0) return;
  firstPaintMarked = true;
  // The second frame callback runs after the first frame with rows has been presented.
  requestAnimationFrame(() => requestAnimationFrame(() => performance.mark('results:first-paint')));
}

function onMessage(msg: HostToResults): void {
  switch (msg.type) {
    case 'running':
      showHeader(msg.header);
      failed = undefined;
      clearRows();
      setRunning(true);
      showMessage('Running…', 'running');
      break;
    case 'begin':
      setRunning(false);
      showHeader(msg.header);
      columns = msg.columns;
      rows = [];
      summary = undefined;
      failed = undefined;
      firstPaintMarked = false;
      closeOverlays();
      grid.reset(columns, grid.currentSort);
      showMessage('');
      showSummary();
      break;
    case 'rows':
      for (const r of msg.rows) rows.push(r);
      grid.append(msg.rows);
      showSummary();
      markFirstPaint();
      break;
    case 'end':
      summary = msg.summary;
      showSummary();
      persist();
      break;
    case 'failed':
      setRunning(false);
      showHeader(msg.header);
      clearRows();
      failed = msg.message;
      showMessage(msg.message, 'error');
      persist();
      break;
  }
}

function restore(state: ResultsState | undefined): void {
  if (!state?.header) return;
  showHeader(state.header);
  columns = state.columns ?? [];
  summary = state.summary;
  grid.reset(columns, state.sort);
  filterBox.value = state.filter ?? '';
  grid.setFilter(filterBox.value);
  if (state.rows) {
    rows = state.rows;
    grid.append(rows);
    showSummary();
  } else if (columns.length > 0) {
    showMessage('These results were too large to keep across a restart. Use Run Again to load them.', 'hint');
  }
  if (state.failed) showMessage(state.failed, 'error');
}

grid.element.addEventListener('keydown', (e) => {
  if (e.key === 'ContextMenu' || (e.shiftKey && e.key === 'F10')) {
    e.preventDefault();
    const box = grid.activeBox();
    menu.open(box.left, box.bottom);
    return;
  }
  if (!(e.ctrlKey || e.metaKey)) return;
  const key = e.key.toLowerCase();
  if (key === 'c') {
    e.preventDefault();
    // With rows selected, Ctrl+C copies them; otherwise the cell. Ctrl+Shift+C always copies rows.
    copy(e.shiftKey || grid.hasRowSelection ? 'rows' : 'cell');
  } else if (key === 'f') {
    e.preventDefault();
    filterBox.focus();
    filterBox.select();
  }
});
// VS Code answers Ctrl+A in a webview with execCommand('selectAll') after the grid has selected its rows: page text
// selected then would be what a later native copy takes. While the grid has focus, page text stays unselected.
document.addEventListener('selectionchange', () => {
  const selection = document.getSelection();
  if (document.activeElement === grid.element && selection && !selection.isCollapsed) selection.removeAllRanges();
});
window.addEventListener('message', (e: MessageEvent<HostToResults>) => onMessage(e.data));
restore(api.getState());
api.postMessage({ type: 'ready' });
