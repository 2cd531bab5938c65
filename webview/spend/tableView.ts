import { formatAmount, formatShare, formatUsd, oneLine } from '../../src/shared/format';
import { type SpendCell, type SpendColumn, type SpendExportFormat, type SpendTable } from '../../src/shared/spendProtocol';
import { el } from '../common/dom';
import { button } from '../common/controls';

const NUMERIC = new Set(['money', 'percent', 'count']);
/** Hashes and uuids are shortened to this many characters on screen; the cell's tooltip and exports keep them whole. */
const ID_CHARS = 14;

function cellNode(column: SpendColumn, value: SpendCell): HTMLTableCellElement {
  if (value === null || value === '') return el('td', { className: NUMERIC.has(column.kind) ? 'num empty' : 'empty', text: '—' });
  if (typeof value === 'number') {
    const text = column.kind === 'money' ? formatUsd(value) : column.kind === 'percent' ? formatShare(value) : formatAmount(value);
    return el('td', { className: 'num', text, attrs: { 'data-value': String(value) } });
  }
  if (column.kind === 'flags') {
    return el(
      'td',
      {},
      value.split('\n').map((f) => el('span', { className: `badge ${f === 'over budget' ? 'over' : 'near'}`, text: f })),
    );
  }
  if (column.kind === 'causes') {
    return el(
      'td',
      { className: 'causes' },
      value.split('\n').map((c) => el('div', { text: c })),
    );
  }
  if (column.kind === 'date') {
    return el('td', { className: 'date', text: value.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC'), title: value });
  }
  if (column.kind === 'id' && value.length > ID_CHARS) {
    return el('td', { className: 'id', text: `${value.slice(0, ID_CHARS - 1)}…`, title: value });
  }
  if (column.key === 'status' && value !== 'known') return el('td', {}, [el('span', { className: `badge ${value}`, text: value })]);
  return el('td', { text: oneLine(value), title: value.length > 40 || value !== oneLine(value) ? value : '' });
}

function compare(a: SpendCell, b: SpendCell): number {
  if (a === b) return 0;
  if (a === null || a === '') return 1;
  if (b === null || b === '') return -1;
  return typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b));
}

/**
 * One flat table with its title, caption and export buttons; a click on a header sorts by it (again:
 * descending, a third time: the host's order).
 */
export function tableView(table: SpendTable, onExport: (format: SpendExportFormat) => void): HTMLElement {
  const body = el('tbody');
  let sort: { index: number; descending: boolean } | undefined;
  // Long-text columns go on a line of their own under each row; the others are the table's columns.
  const inline = table.columns.map((c, i) => [c, i] as const).filter(([c]) => c.placement !== 'below');
  const below = table.columns.map((c, i) => [c, i] as const).filter(([c]) => c.placement === 'below');
  const fold = table.fold && { ...table.fold, index: table.columns.findIndex((c) => c.key === table.fold?.column) };
  const folded = fold ? table.rows.filter((r) => r[fold.index] === fold.value).length : 0;
  let showFolded = false;
  const heads = inline.map(([c, index]) => {
    const th = el('th', {
      text: c.label,
      className: NUMERIC.has(c.kind) ? 'num' : '',
      attrs: { scope: 'col', 'aria-sort': 'none', tabindex: '0' },
    });
    const cycle = () => {
      sort =
        sort?.index !== index
          ? { index, descending: NUMERIC.has(c.kind) }
          : sort.descending === NUMERIC.has(c.kind)
            ? { index, descending: !sort.descending }
            : undefined;
      heads.forEach((h, i) =>
        h.setAttribute('aria-sort', sort?.index === inline[i][1] ? (sort.descending ? 'descending' : 'ascending') : 'none'),
      );
      renderRows();
    };
    th.addEventListener('click', cycle);
    th.addEventListener('keydown', (e) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), cycle()));
    return th;
  });
  const renderRows = () => {
    const rows = table.rows.filter((r) => showFolded || !fold || r[fold.index] !== fold.value);
    if (sort) {
      const { index, descending } = sort;
      rows.sort((a, b) => (descending ? -1 : 1) * compare(a[index], b[index]));
    }
    body.replaceChildren(
      ...rows.flatMap((r) => {
        const main = el(
          'tr',
          {},
          inline.map(([c, i]) => cellNode(c, r[i])),
        );
        const extra = below.filter(([, i]) => r[i] !== null && r[i] !== '');
        if (extra.length === 0) return [main];
        main.className = 'has-detail';
        const parts = extra.map(([c, i]) =>
          el('div', { className: `detail-part ${c.kind}` }, [
            el('span', { className: 'detail-label', text: c.label }),
            ...cellNode(c, r[i]).childNodes,
          ]),
        );
        return [main, el('tr', { className: 'detail' }, [el('td', { attrs: { colspan: String(inline.length) } }, parts)])];
      }),
    );
  };
  renderRows();
  const toggle =
    fold && folded > 0
      ? [
          button(`Show ${fold.label} (${folded})`, `Also list the rows whose ${fold.column} is ${fold.value}`, () => {
            showFolded = !showFolded;
            toggle[0].textContent = `${showFolded ? 'Hide' : 'Show'} ${fold.label} (${folded})`;
            toggle[0].setAttribute('aria-pressed', String(showFolded));
            renderRows();
          }),
        ]
      : [];
  toggle[0]?.setAttribute('aria-pressed', 'false');
  const empty =
    table.rows.length === 0
      ? [el('p', { className: 'hint', text: 'Nothing in this period.' })]
      : table.rows.length === folded
        ? [el('p', { className: 'hint', text: `Every row is one of the ${fold?.label} (${folded}).` })]
        : [];
  return el('section', { className: 'table-section', attrs: { 'data-table': table.id, 'aria-label': table.title } }, [
    el('div', { className: 'section-head' }, [
      el('h2', { text: table.title }),
      ...toggle,
      button('Export CSV…', `Save ${table.title} as CSV`, () => onExport('csv')),
      button('Export JSON…', `Save ${table.title} as JSON`, () => onExport('json')),
    ]),
    el('p', { className: 'caption', text: table.caption }),
    el('div', { className: 'table-wrap' }, [el('table', { className: 'flat' }, [el('thead', {}, [el('tr', {}, heads)]), body])]),
    ...empty,
  ]);
}
