import type { Cell, ResultColumn } from '../../src/shared/resultsProtocol';
import { el } from '../common/dom';
import { copyText } from './cellText';

/** Children of a JSON object or array rendered per expansion, this many at a time (a 50k-element array stays cheap). */
const CHILD_PAGE = 200;
/** Levels of a JSON value open when the viewer shows it. */
const OPEN_DEPTH = 2;

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/**
 * The cell viewer: a modal dialog with one value in full. JSON columns (and text that is a JSON object or
 * array) show as a collapsible tree (native <details>, so keyboard and screen readers work as for any
 * disclosure); other text wraps. Escape or Close returns focus to the grid, which still points at the cell.
 */
export class CellViewer {
  readonly element: HTMLDialogElement;
  private readonly heading: HTMLElement;
  private readonly body: HTMLElement;
  private value: Cell = null;

  constructor(
    private readonly returnFocus: () => void,
    private readonly onCopy: (text: string) => void,
  ) {
    this.heading = el('h2', { className: 'viewer-title', attrs: { id: 'viewer-title' } });
    this.body = el('div', { className: 'viewer-body' });
    const copy = el('button', { text: 'Copy Value', title: 'Copy the full value', attrs: { type: 'button' } });
    copy.addEventListener('click', () => this.onCopy(copyText(this.value)));
    const close = el('button', { text: 'Close', title: 'Close (Escape)', attrs: { type: 'button' } });
    close.addEventListener('click', () => this.element.close());
    this.element = el('dialog', { className: 'viewer', attrs: { 'aria-labelledby': 'viewer-title' } }, [
      el('div', { className: 'viewer-top' }, [this.heading, el('div', { className: 'viewer-actions' }, [copy, close])]),
      this.body,
    ]);
    // Escape closes a modal dialog natively; either way focus goes back to the grid. The 'close' event comes a
    // task later, by when a quick key (Shift+F10) may have opened the context menu: focus that has already left
    // the dialog for somewhere is not taken back.
    this.element.addEventListener('close', () => {
      const at = document.activeElement;
      if (!at || at === document.body || this.element.contains(at)) this.returnFocus();
    });
  }

  show(column: ResultColumn, value: Cell, rowNumber: number): void {
    this.value = value;
    this.heading.textContent = `${column.name} · row ${rowNumber.toLocaleString('en-US')}`;
    this.heading.title = column.type;
    const json = parseJson(column, value);
    this.body.replaceChildren(json === undefined ? plainValue(value) : jsonTree(json));
    this.element.showModal();
    this.body.scrollTop = 0;
  }
}

/** The value as JSON when the column is JSON, or when text holds a JSON object or array; else undefined. */
function parseJson(column: ResultColumn, value: Cell): Json | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trimStart();
  if (column.kind !== 'json' && !(trimmed.startsWith('{') || trimmed.startsWith('['))) return undefined;
  try {
    return JSON.parse(value) as Json;
  } catch {
    return undefined;
  }
}

function plainValue(value: Cell): HTMLElement {
  // Numbers at full precision (the grid shows them without binary noise; here is the exact value).
  return value === null
    ? el('pre', { className: 'viewer-text null', text: 'NULL' })
    : el('pre', { className: 'viewer-text', text: String(value) });
}

function jsonTree(value: Json): HTMLElement {
  return el('div', { className: 'json', attrs: { role: 'group', 'aria-label': 'JSON value' } }, [jsonNode(undefined, value, 0)]);
}

function jsonNode(key: string | undefined, value: Json, depth: number): HTMLElement {
  const label = key === undefined ? [] : [el('span', { className: 'json-key', text: `${key}: ` })];
  if (value === null || typeof value !== 'object') {
    const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
    return el('div', { className: 'json-leaf' }, [
      ...label,
      el('span', { className: `json-${value === null ? 'null' : typeof value}`, text }),
    ]);
  }
  const entries: [string, Json][] = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
  const brackets = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  const summary = el('summary', {}, [
    ...label,
    el('span', {
      className: 'json-summary',
      text: `${brackets[0]} ${entries.length} ${Array.isArray(value) ? 'items' : 'keys'} ${brackets[1]}`,
    }),
  ]);
  const details = el('details', { className: 'json-node' }, [summary]);
  const children = el('div', { className: 'json-children' });
  details.append(children);
  let shown = 0;
  const more = el('button', { className: 'json-more', attrs: { type: 'button' } });
  const page = () => {
    const next = entries.slice(shown, shown + CHILD_PAGE);
    children.append(...next.map(([k, v]) => jsonNode(k, v, depth + 1)));
    shown += next.length;
    more.textContent = `Show ${Math.min(CHILD_PAGE, entries.length - shown).toLocaleString('en-US')} more of ${(entries.length - shown).toLocaleString('en-US')}`;
    if (shown < entries.length) children.append(more);
    else more.remove();
  };
  more.addEventListener('click', () => {
    more.remove();
    page();
    // The button was removed under the keyboard focus: put focus on the next "Show more", or the node itself.
    (more.isConnected ? more : summary).focus();
  });
  // Children are built on first opening, so a large document costs only what is looked at.
  details.addEventListener('toggle', () => {
    if (details.open && shown === 0 && entries.length > 0) page();
  });
  if (depth < OPEN_DEPTH && entries.length > 0) {
    page();
    details.open = true;
  }
  return details;
}
