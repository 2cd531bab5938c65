import type { Cell, ResultColumn } from '../../src/shared/resultsProtocol';
import { el } from '../common/dom';
import { displayText, filterText } from './cellText';
import { sortOrder } from './sortOrder';

/** Fixed row height: the virtual scroller maps scrollTop to a row index with it (matches results.css). */
export const ROW_HEIGHT = 22;
const OVERSCAN = 8;
const WIDTH_SAMPLE = 500;
/** Id of the selected cell, the grid's aria-activedescendant. */
const ACTIVE_CELL = 'grid-active-cell';

export interface GridSort {
  column: number;
  descending: boolean;
}

interface Slot {
  row: HTMLElement;
  num: HTMLElement;
  cells: HTMLElement[];
  texts: string[];
  view: number;
  inRange: boolean;
}

/** What the grid reports upwards: a new sort, a new row count after filtering, a cell to open in the viewer. */
export interface GridEvents {
  sortChange(sort: GridSort | undefined): void;
  viewChange(shown: number, total: number): void;
  open(row: readonly Cell[], col: number, rowNumber: number): void;
}

/**
 * A virtualised grid: only the visible rows (plus overscan) exist in the DOM, recycled while scrolling, so 100k
 * rows cost the same to scroll as 100. Cell text is set with textContent only. Column widths live in a
 * constructed stylesheet so no cell carries an inline style.
 *
 * Positions ("view" indices) count the rows as shown: sorted, then filtered. `view` maps them to data rows;
 * the selection (one active cell plus an optional range of whole rows) lives in view positions and is dropped
 * when the sort or the filter changes what they mean.
 */
export class VirtualGrid {
  readonly element: HTMLElement;
  private readonly scroller: HTMLElement;
  private readonly header: HTMLElement;
  private readonly body: HTMLElement;
  private readonly layer: HTMLElement;
  private readonly widths = new CSSStyleSheet();
  private columns: ResultColumn[] = [];
  private rows: Cell[][] = [];
  /** Data index per view position, or undefined when the view is the data in server order. */
  private view: Uint32Array | undefined;
  private viewStale = false;
  private sort: GridSort | undefined;
  /** The filter text, lower-cased; '' shows every row. */
  private filter = '';
  /** filterText per data row, built the first time a filter needs it. */
  private readonly haystacks: string[] = [];
  private slots: Slot[] = [];
  private selected: { view: number; col: number } | undefined;
  /** Whole rows selected (Shift+click, Shift+arrows, Ctrl+A, row numbers): view positions, inclusive. */
  private range: { anchor: number; focus: number } | undefined;
  private widthsMeasured = false;
  private renderedTotal = -1;

  constructor(private readonly events: GridEvents) {
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, this.widths];
    this.header = el('div', { className: 'grid-header', attrs: { role: 'row', 'aria-rowindex': '1' } });
    this.layer = el('div', { className: 'grid-rows', attrs: { role: 'rowgroup' } });
    this.body = el('div', { className: 'grid-body' }, [this.layer]);
    this.scroller = el('div', { className: 'grid-scroll' }, [this.header, this.body]);
    this.element = el(
      'div',
      { className: 'grid', attrs: { role: 'grid', tabindex: '0', 'aria-label': 'Query results', 'aria-multiselectable': 'true' } },
      [this.scroller],
    );
    this.scroller.addEventListener('scroll', () => this.render(), { passive: true });
    new ResizeObserver(() => this.render()).observe(this.scroller);
    this.header.addEventListener('click', (e) => this.onHeaderClick(e));
    this.header.addEventListener('keydown', (e) => this.onHeaderKey(e));
    this.layer.addEventListener('click', (e) => this.onCellClick(e));
    this.layer.addEventListener('dblclick', (e) => this.onCellDoubleClick(e));
    this.layer.addEventListener('mouseover', (e) => this.onHover(e));
    this.element.addEventListener('keydown', (e) => this.onKey(e));
    // Tabbing in lands on a cell, so arrows and copy work at once and a screen reader has a cell to read.
    this.element.addEventListener('focus', () => {
      if (!this.selected) this.select(0, 0);
    });
  }

  get rowCount(): number {
    return this.rows.length;
  }

  /** Rows shown after filtering. */
  get shownCount(): number {
    this.refreshView();
    return this.view ? this.view.length : this.rows.length;
  }

  get currentSort(): GridSort | undefined {
    return this.sort;
  }

  /** Starts a new result: header cells, no rows, no selection; keeps `sort` if given (restored state). */
  reset(columns: ResultColumn[], sort?: GridSort): void {
    this.columns = columns;
    this.rows = [];
    this.haystacks.length = 0;
    this.view = undefined;
    this.sort = sort && sort.column < columns.length ? sort : undefined;
    this.viewStale = true;
    this.selected = undefined;
    this.range = undefined;
    this.element.removeAttribute('aria-activedescendant');
    this.widthsMeasured = false;
    for (const s of this.slots) s.row.remove();
    this.slots = [];
    this.renderedTotal = -1;
    this.element.setAttribute('aria-colcount', String(columns.length + 1));
    this.renderHeader();
    this.applyWidths();
    this.scroller.scrollTop = 0;
    this.render();
  }

  append(rows: Cell[][]): void {
    for (const r of rows) this.rows.push(r);
    if (this.sort || this.filter) this.viewStale = true;
    if (!this.widthsMeasured) this.applyWidths();
    this.render();
  }

  /** Shows only the rows with `text` (case-insensitive) in any column; '' shows all. */
  setFilter(text: string): void {
    const filter = text.toLowerCase();
    if (filter === this.filter) return;
    this.filter = filter;
    this.viewStale = true;
    this.clearSelection();
    this.scroller.scrollTop = 0;
    this.render();
  }

  /** The row shown at the selected position, and the selected column. */
  selection(): { row: Cell[]; col: number } | undefined {
    if (!this.selected || this.selected.view >= this.shownCount) return undefined;
    return { row: this.rows[this.dataIndex(this.selected.view)], col: this.selected.col };
  }

  /** The selected rows in the order shown: the row range, or else the row of the selected cell. */
  selectedRows(): Cell[][] {
    if (!this.range) {
      const one = this.selection();
      return one ? [one.row] : [];
    }
    const [lo, hi] = this.rangeBounds(this.range);
    const out: Cell[][] = [];
    for (let v = lo; v <= hi; v++) out.push(this.rows[this.dataIndex(v)]);
    return out;
  }

  /** True when whole rows are selected (copy then copies rows, not the cell). */
  get hasRowSelection(): boolean {
    return this.range !== undefined;
  }

  /** Selects every row shown (Ctrl/Cmd+A). */
  selectAll(): void {
    const n = this.shownCount;
    if (n === 0) return;
    this.range = { anchor: 0, focus: n - 1 };
    if (!this.selected) this.select(0, 0, true);
    else this.render();
  }

  /** Opens the selected cell in the viewer (Enter). */
  openSelected(): void {
    const s = this.selection();
    if (s && this.selected) this.events.open(s.row, s.col, this.selected.view + 1);
  }

  /** Right-click: a cell outside the selected rows becomes the selection; inside them the rows stay selected. */
  selectAt(target: EventTarget | null): void {
    const cell = (target as HTMLElement | null)?.closest<HTMLElement>('.cell[data-col]');
    const view = Number(cell?.parentElement?.dataset.view ?? NaN);
    if (!cell || Number.isNaN(view)) return;
    const bounds = this.range && this.rangeBounds(this.range);
    this.select(view, Number(cell.dataset.col), bounds !== undefined && view >= bounds[0] && view <= bounds[1]);
  }

  /** Where the selected cell is on screen (the grid's own box when nothing is selected): a menu opens there. */
  activeBox(): DOMRect {
    return ((this.selected && this.layer.querySelector<HTMLElement>(`#${ACTIVE_CELL}`)) || this.element).getBoundingClientRect();
  }

  private clearSelection(): void {
    this.selected = undefined;
    this.range = undefined;
    this.element.removeAttribute('aria-activedescendant');
    for (const s of this.slots) s.view = -1;
  }

  private rangeBounds(r: { anchor: number; focus: number }): [number, number] {
    return r.anchor <= r.focus ? [r.anchor, r.focus] : [r.focus, r.anchor];
  }

  private dataIndex(view: number): number {
    return this.view ? this.view[view] : view;
  }

  /** Recomputes the view (sort, then filter) when rows, sort or filter changed since the last time. */
  private refreshView(): void {
    if (!this.viewStale) return;
    this.viewStale = false;
    const sorted = this.sort
      ? sortOrder(this.rows, this.sort.column, this.columns[this.sort.column].kind, this.sort.descending)
      : undefined;
    if (!this.filter) {
      this.view = sorted;
    } else {
      for (let i = this.haystacks.length; i < this.rows.length; i++) this.haystacks.push(filterText(this.rows[i]));
      const kept = new Uint32Array(this.rows.length);
      let n = 0;
      for (let v = 0; v < this.rows.length; v++) {
        const i = sorted ? sorted[v] : v;
        if (this.haystacks[i].includes(this.filter)) kept[n++] = i;
      }
      this.view = kept.subarray(0, n);
    }
    this.events.viewChange(this.view ? this.view.length : this.rows.length, this.rows.length);
  }

  private renderHeader(): void {
    const cells = [el('div', { className: 'gh rownum', text: '#', attrs: { role: 'columnheader', 'aria-label': 'Row number' } })];
    this.columns.forEach((c, i) => {
      const sorted = this.sort?.column === i ? (this.sort.descending ? 'descending' : 'ascending') : 'none';
      cells.push(
        el(
          'div',
          {
            className: `gh c${i}${c.kind === 'number' ? ' num' : ''}`,
            title: `${c.name} (${c.type}) — click to sort`,
            attrs: { role: 'columnheader', tabindex: '-1', 'aria-sort': sorted, 'data-col': String(i) },
          },
          [
            el('span', { className: 'gh-name', text: c.name }),
            el('span', { className: 'gh-type', text: `${c.type}${sorted === 'none' ? '' : sorted === 'ascending' ? ' ▲' : ' ▼'}` }),
          ],
        ),
      );
    });
    this.header.replaceChildren(...cells);
  }

  /** Widths in `ch` from the header and a sample of the first rows, clamped so one long value cannot dominate. */
  private applyWidths(): void {
    const longest = this.columns.map((c) => Math.max(c.name.length, Math.ceil(c.type.length * 0.8)));
    const sample = Math.min(this.rows.length, WIDTH_SAMPLE);
    for (let r = 0; r < sample; r++) {
      const row = this.rows[r];
      for (let c = 0; c < longest.length; c++) longest[c] = Math.max(longest[c], Math.min(displayText(row[c]).length, 60));
    }
    if (sample > 0) this.widthsMeasured = true;
    const digits = String(Math.max(this.rows.length, 999)).length;
    const rules = [`.grid .rownum { width: ${digits + 2}ch; }`];
    longest.forEach((n, i) => rules.push(`.grid .c${i} { width: ${Math.min(Math.max(n + 2, 6), 50)}ch; }`));
    this.widths.replaceSync(rules.join('\n'));
  }

  private render(): void {
    this.refreshView();
    const total = this.view ? this.view.length : this.rows.length;
    if (total !== this.renderedTotal) {
      // Only when rows arrive: rewriting the same height still dirties style on every scroll frame.
      this.renderedTotal = total;
      this.body.style.height = `${total * ROW_HEIGHT}px`;
      this.element.setAttribute('aria-rowcount', String(total + 1));
    }
    const viewport = Math.max(this.scroller.clientHeight - this.header.offsetHeight, ROW_HEIGHT);
    const first = Math.max(0, Math.floor(this.scroller.scrollTop / ROW_HEIGHT) - OVERSCAN);
    const count = Math.max(0, Math.min(total - first, Math.ceil(viewport / ROW_HEIGHT) + 2 * OVERSCAN));
    while (this.slots.length < count) this.slots.push(this.createSlot());
    this.layer.style.transform = `translateY(${first * ROW_HEIGHT}px)`;
    this.slots.forEach((slot, k) => {
      if (k >= count) {
        slot.row.hidden = true;
        return;
      }
      slot.row.hidden = false;
      this.fill(slot, first + k);
    });
  }

  private createSlot(): Slot {
    const num = el('div', { className: 'cell rownum', attrs: { role: 'rowheader' } });
    const cells = this.columns.map((c, i) =>
      el('div', { className: `cell c${i}${c.kind === 'number' ? ' num' : ''}`, attrs: { role: 'gridcell', 'data-col': String(i) } }),
    );
    const row = el('div', { className: 'grid-row', attrs: { role: 'row' } }, [num, ...cells]);
    this.layer.append(row);
    return { row, num, cells, texts: cells.map(() => ''), view: -1, inRange: false };
  }

  private fill(slot: Slot, view: number): void {
    const data = this.rows[this.dataIndex(view)];
    if (slot.view !== view) {
      slot.view = view;
      slot.num.textContent = String(view + 1);
      slot.row.setAttribute('aria-rowindex', String(view + 2));
      slot.row.dataset.view = String(view);
    }
    const bounds = this.range && this.rangeBounds(this.range);
    const inRange = bounds !== undefined && view >= bounds[0] && view <= bounds[1];
    if (slot.inRange !== inRange || !slot.row.hasAttribute('aria-selected')) {
      slot.inRange = inRange;
      slot.row.classList.toggle('in-range', inRange);
      slot.row.setAttribute('aria-selected', String(inRange));
    }
    for (let c = 0; c < slot.cells.length; c++) {
      const value = data[c];
      const text = displayText(value);
      const cell = slot.cells[c];
      if (slot.texts[c] !== text) {
        cell.textContent = text;
        slot.texts[c] = text;
        cell.classList.toggle('null', value === null);
      }
      const selected = this.selected?.view === view && this.selected.col === c;
      cell.classList.toggle('selected', selected);
      cell.setAttribute('aria-selected', String(selected));
      if (selected) cell.id = ACTIVE_CELL;
      else if (cell.id) cell.removeAttribute('id');
    }
  }

  private onHeaderClick(e: Event): void {
    const target = (e.target as HTMLElement).closest<HTMLElement>('.gh[data-col]');
    if (!target) return;
    const column = Number(target.dataset.col);
    const hadFocus = this.header.contains(document.activeElement);
    // none → ascending → descending → none
    const next =
      this.sort?.column !== column ? { column, descending: false } : this.sort.descending ? undefined : { column, descending: true };
    this.sort = next;
    this.viewStale = true;
    this.clearSelection();
    this.renderHeader();
    // The header cells were rebuilt: keep focus on the one that was sorted.
    if (hadFocus) this.header.querySelector<HTMLElement>(`.gh[data-col="${column}"]`)?.focus();
    this.render();
    this.events.sortChange(next);
  }

  /** Click selects a cell; Shift+click selects the rows from the anchor to it; a row number selects its row. */
  private onCellClick(e: MouseEvent): void {
    const cell = (e.target as HTMLElement).closest<HTMLElement>('.cell');
    const row = cell?.parentElement;
    if (!cell || !row?.dataset.view) return;
    const view = Number(row.dataset.view);
    const rowNumber = cell.classList.contains('rownum');
    const col = rowNumber ? (this.selected?.col ?? 0) : Number(cell.dataset.col);
    if (e.shiftKey || rowNumber) this.extendTo(view, col, e.shiftKey);
    else this.select(view, col);
    this.element.focus();
  }

  private onCellDoubleClick(e: MouseEvent): void {
    const cell = (e.target as HTMLElement).closest<HTMLElement>('.cell[data-col]');
    if (!cell?.parentElement?.dataset.view) return;
    this.openSelected();
  }

  /** Selects the rows from the anchor (kept when `extend`, else this row) to `view` and moves the cell there. */
  private extendTo(view: number, col: number, extend: boolean): void {
    const anchor = extend ? (this.range?.anchor ?? this.selected?.view ?? view) : view;
    this.select(view, col, true);
    if (this.selected) this.range = { anchor, focus: this.selected.view };
    this.render();
  }

  /** The full value as a tooltip, set only on hover so scrolling never pays for it. */
  private onHover(e: MouseEvent): void {
    const cell = (e.target as HTMLElement).closest<HTMLElement>('.cell[data-col]');
    const view = cell?.parentElement?.dataset.view;
    if (!cell || view === undefined) return;
    const value = this.rows[this.dataIndex(Number(view))]?.[Number(cell.dataset.col)];
    cell.title = value === null || value === undefined ? 'NULL' : String(value).slice(0, 4000);
  }

  /**
   * Moves the selection (the grid's one focus position: the grid element keeps focus and points at the cell
   * with aria-activedescendant) and scrolls it into view on both axes, clear of the pinned row numbers.
   */
  private select(view: number, col: number, keepRange = false): void {
    const total = this.shownCount;
    if (total === 0 || this.columns.length === 0) return;
    if (!keepRange) this.range = undefined;
    this.selected = { view: Math.min(Math.max(view, 0), total - 1), col: Math.min(Math.max(col, 0), this.columns.length - 1) };
    const top = this.selected.view * ROW_HEIGHT;
    const visible = this.scroller.clientHeight - this.header.offsetHeight;
    if (top < this.scroller.scrollTop) this.scroller.scrollTop = top;
    else if (top + ROW_HEIGHT > this.scroller.scrollTop + visible) this.scroller.scrollTop = top + ROW_HEIGHT - visible;
    this.render();
    const cell = this.layer.querySelector<HTMLElement>(`#${ACTIVE_CELL}`);
    if (cell) {
      const pinned = this.header.querySelector<HTMLElement>('.gh.rownum')?.offsetWidth ?? 0;
      const left = cell.offsetLeft - pinned;
      const right = cell.offsetLeft + cell.offsetWidth;
      if (left < this.scroller.scrollLeft) this.scroller.scrollLeft = left;
      else if (right > this.scroller.scrollLeft + this.scroller.clientWidth) this.scroller.scrollLeft = right - this.scroller.clientWidth;
      this.element.setAttribute('aria-activedescendant', ACTIVE_CELL);
    }
  }

  /** Column headers: Enter or Space sorts, ←/→ move along them, ↓ returns to the cells. */
  private onHeaderKey(e: KeyboardEvent): void {
    const target = (e.target as HTMLElement).closest<HTMLElement>('.gh[data-col]');
    if (!target) return;
    const col = Number(target.dataset.col);
    if (e.key === 'Enter' || e.key === ' ') this.onHeaderClick(e);
    else if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
      this.header.querySelector<HTMLElement>(`.gh[data-col="${col + (e.key === 'ArrowLeft' ? -1 : 1)}"]`)?.focus();
    } else if (e.key === 'ArrowDown' || e.key === 'Escape') {
      this.element.focus();
      this.select(this.selected?.view ?? 0, col);
    } else return;
    e.preventDefault();
    e.stopPropagation();
  }

  private onKey(e: KeyboardEvent): void {
    const mod = e.ctrlKey || e.metaKey;
    if (e.key === 'Enter') {
      e.preventDefault();
      this.openSelected();
      return;
    }
    if (mod && e.key.toLowerCase() === 'a') {
      e.preventDefault();
      this.selectAll();
      return;
    }
    if (e.key === 'Escape' && this.range) {
      e.preventDefault();
      this.range = undefined;
      this.render();
      return;
    }
    const s = this.selected ?? { view: 0, col: 0 };
    const page = Math.max(1, Math.floor((this.scroller.clientHeight - this.header.offsetHeight) / ROW_HEIGHT) - 1);
    const moves: Record<string, [number, number]> = {
      ArrowDown: [s.view + 1, s.col],
      ArrowUp: [s.view - 1, s.col],
      ArrowLeft: [s.view, s.col - 1],
      ArrowRight: [s.view, s.col + 1],
      PageDown: [s.view + page, s.col],
      PageUp: [s.view - page, s.col],
      Home: mod ? [0, s.col] : [s.view, 0],
      End: mod ? [this.shownCount - 1, s.col] : [s.view, this.columns.length - 1],
    };
    if (e.key === 'ArrowUp' && s.view === 0 && !e.shiftKey) {
      // Above the first row: the column headers, where Enter sorts.
      e.preventDefault();
      this.header.querySelector<HTMLElement>(`.gh[data-col="${s.col}"]`)?.focus();
      return;
    }
    const move = moves[e.key];
    if (!move) return;
    e.preventDefault();
    // Shift with a vertical move extends the row selection; sideways it just moves the cell.
    if (e.shiftKey && move[0] !== s.view) this.extendTo(move[0], move[1], true);
    else this.select(move[0], move[1], e.shiftKey);
  }
}
