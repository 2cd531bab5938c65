import { formatCount } from '../../src/shared/format';
import type { TableDetails } from '../../src/shared/graphProtocol';
import { el } from '../common/dom';
import { button } from '../common/controls';

export interface TableDetailsActions {
  focus(table: string): void;
  select(table: string): void;
  copySql(sql: string): void;
  openSql(sql: string): void;
  close(): void;
}

/** The side panel for a clicked table: its columns, then every relation with a join snippet. */
export function tableDetailsView(d: TableDetails, actions: TableDetailsActions): HTMLElement[] {
  const estimate =
    d.rowEstimate === null || d.rowEstimate < 0 ? 'not analysed yet' : `about ${formatCount(Math.round(d.rowEstimate))} rows`;
  const head = el('div', { className: 'details-head' }, [
    el('h2', { text: d.name }),
    button('×', 'Close the details', () => actions.close(), 'icon'),
  ]);
  const meta = el('p', { className: 'meta', text: `${d.kind === 'view' ? 'View' : 'Table'} · group ${d.group} · ${estimate}` });
  const tools = el('div', { className: 'row' }, [
    button('Focus on this table', 'Show only this table and its neighbours', () => actions.focus(d.name)),
  ]);

  const columns = el('table', { className: 'columns' }, [
    el('thead', {}, [
      el(
        'tr',
        {},
        ['Column', 'Type', 'Keys', 'Null'].map((h) => el('th', { text: h })),
      ),
    ]),
    el(
      'tbody',
      {},
      d.columns.map((c) =>
        el('tr', {}, [
          el('td', { text: c.name }),
          el('td', { text: c.type, className: 'type' }),
          el('td', { text: c.keys }),
          el('td', { text: c.notNull ? 'not null' : '' }),
        ]),
      ),
    ),
  ]);

  const relations =
    d.relations.length === 0
      ? [el('p', { className: 'hint', text: 'No declared or logical relation touches this table.' })]
      : d.relations.map((r) => {
          const other = el('button', { text: r.other, className: 'link', title: `Show ${r.other}`, attrs: { type: 'button' } });
          other.addEventListener('click', () => actions.select(r.other));
          return el('li', { className: `relation ${r.kind}` }, [
            el('div', { className: 'relation-head' }, [
              el('span', { className: `badge ${r.kind}`, text: r.kind === 'fk' ? 'FK' : 'logical' }),
              el('span', { text: r.direction === 'out' ? ' → ' : ' ← ' }),
              other,
            ]),
            el('div', { className: 'relation-label', text: r.label }),
            el('div', { className: 'hint', text: r.note }),
            el('pre', { className: 'sql', text: r.sql, attrs: { tabindex: '0', 'aria-label': `SQL joining ${d.name} to ${r.other}` } }),
            el('div', { className: 'row' }, [
              button('Copy SQL', 'Copy the join snippet', () => actions.copySql(r.sql)),
              button('Open in Editor', 'Open the join snippet in a new SQL editor', () => actions.openSql(r.sql)),
            ]),
          ]);
        });

  return [
    head,
    meta,
    tools,
    el('h3', { text: `Columns (${d.columns.length})` }),
    columns,
    el('h3', { text: `Relations (${d.relations.length})` }),
    el('ul', { className: 'relations' }, relations),
  ];
}
