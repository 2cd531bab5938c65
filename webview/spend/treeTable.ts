import { formatAmount, formatShare, formatUsd, oneLine } from '../../src/shared/format';
import { type SpendTreeNode } from '../../src/shared/spendProtocol';
import { el } from '../common/dom';

const LEVEL_LABEL: Record<string, string> = {
  total: 'total',
  organization: 'organisation',
  team: 'team',
  user: 'user',
  key: 'key',
  model: 'model',
};

/**
 * The attribution tree as an expandable table (ARIA treegrid): name, spend, share of parent, requests and
 * tokens. Arrow keys move and expand; expanded rows survive a new result for the same paths.
 */
export class TreeTable {
  readonly element: HTMLTableElement;
  private readonly body = el('tbody');
  private root: SpendTreeNode | undefined;
  private readonly expanded: Set<string>;
  private focused = '';

  constructor(
    expanded: readonly string[] | undefined,
    private readonly onExpand: (expanded: string[]) => void,
  ) {
    this.expanded = new Set(expanded ?? ['']);
    const head = el(
      'tr',
      {},
      ['Name', 'Spend', 'Share', 'Requests', 'Tokens'].map((h, i) =>
        el('th', { text: h, className: i === 0 ? '' : 'num', attrs: { scope: 'col' } }),
      ),
    );
    this.element = el('table', { className: 'tree', attrs: { role: 'treegrid', 'aria-label': 'Attribution tree' } }, [
      el('thead', {}, [head]),
      this.body,
    ]);
    this.body.addEventListener('click', (e) => {
      const row = (e.target as Element).closest('tr');
      if (row?.dataset.path !== undefined && (e.target as Element).closest('.toggle')) this.toggle(row.dataset.path);
    });
    this.body.addEventListener('keydown', (e) => this.onKey(e));
  }

  /** Rows in the table now. */
  get rowCount(): number {
    return this.body.rows.length;
  }

  show(root: SpendTreeNode): void {
    this.root = root;
    // Organisations open on first view, so teams are one glance away.
    if (this.expanded.size === 1 && this.expanded.has('')) for (const o of root.children) this.expanded.add(o.path);
    this.render();
  }

  expandAll(open: boolean): void {
    this.expanded.clear();
    this.expanded.add('');
    if (open && this.root) this.walk(this.root, (n) => n.level !== 'key' && n.level !== 'model' && this.expanded.add(n.path));
    this.render();
    this.onExpand([...this.expanded]);
  }

  /** Opens every ancestor of `path` and moves the focus to its row. */
  reveal(path: string): void {
    const parts = path.split('/');
    for (let i = 0; i < parts.length; i++) this.expanded.add(i === 0 ? '' : parts.slice(0, i).join('/'));
    this.render();
    const row = this.rowOf(path);
    if (!row) return;
    this.focus(row);
    row.classList.add('revealed');
    row.scrollIntoView({ block: 'center' });
  }

  private walk(n: SpendTreeNode, visit: (n: SpendTreeNode) => void): void {
    visit(n);
    for (const c of n.children) this.walk(c, visit);
  }

  private render(): void {
    if (!this.root) return;
    const rows: HTMLTableRowElement[] = [];
    const add = (n: SpendTreeNode, depth: number) => {
      rows.push(this.row(n, depth));
      if (this.expanded.has(n.path)) for (const c of n.children) add(c, depth + 1);
    };
    add(this.root, 0);
    this.body.replaceChildren(...rows);
    const target = this.rowOf(this.focused) ?? rows[0];
    if (target) target.tabIndex = 0;
  }

  private row(n: SpendTreeNode, depth: number): HTMLTableRowElement {
    const open = this.expanded.has(n.path);
    // A summary's teams have children still to come (`more`): expandable already, filled when they arrive.
    const leaf = n.children.length === 0 && !n.more;
    const toggle = el('span', { className: 'toggle', text: leaf ? '' : open ? '▾' : '▸', attrs: { 'aria-hidden': 'true' } });
    const name = el('td', { className: 'name' }, [
      toggle,
      el('span', { className: 'label', text: oneLine(n.name), title: `${LEVEL_LABEL[n.level]}${n.id ? ` ${n.id}` : ''}` }),
    ]);
    name.style.paddingLeft = `${4 + depth * 16}px`;
    if (n.status !== 'known') name.append(el('span', { className: `badge status-${n.status}`, text: n.status }));
    if (n.apportioned) {
      name.append(el('span', { className: 'apportioned', text: '≈', title: 'Partly apportioned between users who shared a key' }));
    }
    const money = el('td', { className: 'num', text: formatUsd(n.spend), attrs: { 'data-value': String(n.spend) } });
    // The whole's own share is 100 % only when there is a whole: an empty period shows "—".
    const row = el('tr', { attrs: { role: 'row', 'aria-level': String(depth + 1), 'data-path': n.path, 'data-level': n.level } }, [
      name,
      money,
      el('td', {
        className: 'num',
        text: formatShare(n.share, n.level === 'total' ? n.spend : 1),
        attrs: { 'data-value': String(n.share) },
      }),
      el('td', { className: 'num', text: formatAmount(n.apiRequests), attrs: { 'data-value': String(n.apiRequests) } }),
      el('td', {
        className: 'num',
        text: formatAmount(n.promptTokens + n.completionTokens),
        attrs: { 'data-value': String(n.promptTokens + n.completionTokens) },
      }),
    ]);
    if (!leaf) row.setAttribute('aria-expanded', String(open));
    if (open && n.more) row.setAttribute('aria-busy', 'true');
    row.tabIndex = -1;
    return row;
  }

  private toggle(path: string): void {
    if (this.expanded.has(path)) this.expanded.delete(path);
    else this.expanded.add(path);
    this.focused = path;
    this.render();
    this.rowOf(path)?.focus();
    this.onExpand([...this.expanded]);
  }

  private rowOf(path: string): HTMLTableRowElement | undefined {
    return [...this.body.rows].find((r) => r.dataset.path === path);
  }

  private focus(row: HTMLTableRowElement): void {
    for (const r of this.body.rows) r.tabIndex = -1;
    row.tabIndex = 0;
    row.focus();
    this.focused = row.dataset.path ?? '';
  }

  private onKey(e: KeyboardEvent): void {
    const row = (e.target as Element).closest('tr');
    if (!row || row.dataset.path === undefined) return;
    const path = row.dataset.path;
    const expandable = row.hasAttribute('aria-expanded');
    const open = row.getAttribute('aria-expanded') === 'true';
    const move = (next: Element | null) => next instanceof HTMLTableRowElement && this.focus(next);
    switch (e.key) {
      case 'ArrowDown':
        move(row.nextElementSibling);
        break;
      case 'ArrowUp':
        move(row.previousElementSibling);
        break;
      case 'ArrowRight':
        if (expandable && !open) this.toggle(path);
        else move(row.nextElementSibling);
        break;
      case 'ArrowLeft':
        if (expandable && open) this.toggle(path);
        else {
          const parent = this.rowOf(path.split('/').slice(0, -1).join('/'));
          if (parent && parent !== row) this.focus(parent);
        }
        break;
      case 'Enter':
      case ' ':
        if (expandable) this.toggle(path);
        break;
      default:
        return;
    }
    e.preventDefault();
  }
}
