import { el } from '../common/dom';

export interface MenuItem {
  label: string;
  /** The shortcut shown beside the label. */
  keys?: string;
  run(): void;
}

/**
 * A small context menu (role=menu) for the grid: opened by right-click, Shift+F10 or the Menu key; ↑/↓/Home/End
 * move between items, Enter or Space runs one, Escape or a click elsewhere closes it and gives focus back.
 */
export class ContextMenu {
  readonly element: HTMLElement;
  private readonly buttons: HTMLButtonElement[];

  constructor(
    items: MenuItem[],
    private readonly returnFocus: () => void,
  ) {
    this.buttons = items.map((item) => {
      const b = el('button', { className: 'menu-item', attrs: { type: 'button', role: 'menuitem', tabindex: '-1' } }, [
        el('span', { text: item.label }),
        el('span', { className: 'menu-keys', text: item.keys ?? '' }),
      ]);
      b.addEventListener('click', () => {
        this.close();
        item.run();
      });
      return b;
    });
    this.element = el('div', { className: 'menu', attrs: { role: 'menu', 'aria-label': 'Results' } }, this.buttons);
    this.element.hidden = true;
    this.element.addEventListener('keydown', (e) => this.onKey(e));
    this.element.addEventListener('focusout', (e) => {
      if (!this.element.contains(e.relatedTarget as Node | null)) this.close(false);
    });
  }

  /** Opens at a viewport point (kept inside the window) with the first item focused. */
  open(x: number, y: number): void {
    this.element.hidden = false;
    const { width, height } = this.element.getBoundingClientRect();
    this.element.style.left = `${Math.max(0, Math.min(x, window.innerWidth - width))}px`;
    this.element.style.top = `${Math.max(0, Math.min(y, window.innerHeight - height))}px`;
    this.buttons[0].focus();
  }

  close(refocus = true): void {
    if (this.element.hidden) return;
    this.element.hidden = true;
    if (refocus) this.returnFocus();
  }

  private onKey(e: KeyboardEvent): void {
    const at = this.buttons.indexOf(document.activeElement as HTMLButtonElement);
    const n = this.buttons.length;
    const next: Record<string, number> = { ArrowDown: (at + 1) % n, ArrowUp: (at - 1 + n) % n, Home: 0, End: n - 1 };
    if (e.key === 'Escape' || e.key === 'Tab') this.close();
    else if (e.key in next) this.buttons[next[e.key]].focus();
    else return;
    e.preventDefault();
    e.stopPropagation();
  }
}
