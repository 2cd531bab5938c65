import { el } from '../common/dom';
import { button } from '../common/controls';
import { type RenderOptions, renderDiagram } from './mermaidRender';
import { PanZoom } from './panZoom';

/** Smallest on-screen size (CSS px) of a node label that "Fit" allows. */
export const MIN_LABEL_PX = 11;

export type StageResult = { ok: true; svg: SVGSVGElement; svgId: string; ms: number } | { ok: false; error: string };

/**
 * A diagram area: renders mermaid text into a pan/zoom viewport, reports clicks on nodes and serialises the SVG
 * for export. A newer `show` supersedes one still rendering.
 */
export class DiagramStage {
  // A group, not an image: its nodes are buttons reached with the arrow keys.
  readonly viewport = el('div', { className: 'viewport', attrs: { role: 'group', 'aria-roledescription': 'diagram' } });
  readonly panZoom: PanZoom;
  private readonly canvas = el('div', { className: 'canvas' });
  private readonly overlay = el('div', { className: 'overlay', attrs: { role: 'status' } });
  private generation = 0;
  private svg: SVGSVGElement | undefined;

  /**
   * `describe` names a node for screen readers (its text otherwise); `onBack` is Backspace/Escape on a node
   * (e.g. drill back up).
   */
  constructor(
    private readonly prefix: string,
    label: string,
    private readonly onNode: (node: SVGGElement) => void,
    private readonly describe: (node: SVGGElement) => string | undefined = () => undefined,
    private readonly onBack?: () => void,
  ) {
    this.viewport.setAttribute('aria-label', `${label}: arrow keys move between nodes, Enter opens one`);
    this.viewport.append(this.canvas, this.overlay);
    this.panZoom = new PanZoom(this.viewport, this.canvas);
    this.canvas.addEventListener('click', (e) => {
      if (this.panZoom.wasDrag()) return;
      const node = (e.target as Element).closest('g.node');
      if (node instanceof SVGGElement) onNode(node);
    });
    this.canvas.addEventListener('keydown', (e) => this.onKey(e));
  }

  /** Focus on the first node, so a keyboard user can start walking the diagram. */
  focusFirstNode(): void {
    this.svg?.querySelector<SVGGElement>('g.node[tabindex="0"]')?.focus();
  }

  /** One Tab stop for the whole diagram (roving tabindex); every node a button with a name. */
  private makeNodesFocusable(svg: SVGSVGElement): void {
    svg.querySelectorAll<SVGGElement>('g.node').forEach((node, i) => {
      node.setAttribute('tabindex', i === 0 ? '0' : '-1');
      node.setAttribute('role', 'button');
      const name = this.describe(node) ?? node.textContent?.replace(/\s+/g, ' ').trim();
      if (name) node.setAttribute('aria-label', name);
    });
  }

  /** On a node: arrows move to the previous/next node (panning it into view), Enter/Space open it. */
  private onKey(e: KeyboardEvent): void {
    const node = (e.target as Element).closest('g.node');
    if (!(node instanceof SVGGElement) || !this.svg) return;
    const nodes = [...this.svg.querySelectorAll<SVGGElement>('g.node')];
    const i = nodes.indexOf(node);
    const targets: Record<string, SVGGElement | undefined> = {
      ArrowRight: nodes[i + 1],
      ArrowDown: nodes[i + 1],
      ArrowLeft: nodes[i - 1],
      ArrowUp: nodes[i - 1],
      Home: nodes[0],
      End: nodes[nodes.length - 1],
    };
    if (e.key === 'Enter' || e.key === ' ') this.onNode(node);
    else if ((e.key === 'Backspace' || e.key === 'Escape') && this.onBack) this.onBack();
    else if (e.key in targets) {
      const next = targets[e.key];
      if (next) {
        node.setAttribute('tabindex', '-1');
        next.setAttribute('tabindex', '0');
        next.focus({ preventScroll: true });
        const at = centreOf(next);
        if (at) this.panZoom.reveal(at);
      }
    } else return;
    e.preventDefault();
    e.stopPropagation();
  }

  /** − + Fit buttons. */
  zoomButtons(): HTMLElement[] {
    return [
      button('−', 'Zoom out (−)', () => this.panZoom.zoomBy(0.8), 'icon'),
      button('+', 'Zoom in (+)', () => this.panZoom.zoomBy(1.25), 'icon'),
      button('Fit', 'Fit the diagram in the view (0)', () => this.panZoom.fit()),
    ];
  }

  get current(): SVGSVGElement | undefined {
    return this.svg;
  }

  /** Removes the diagram (a newer render in flight is dropped) and shows `text` instead. */
  clear(text: string): void {
    ++this.generation;
    this.canvas.replaceChildren();
    this.svg = undefined;
    this.message(text, 'hint');
  }

  /** Shows a message instead of a diagram (errors, "computing…"). */
  message(text: string, kind: 'busy' | 'error' | 'hint'): void {
    this.overlay.textContent = text;
    this.overlay.className = `overlay ${kind}`;
  }

  /**
   * Renders `source`. The previous SVG leaves the document first: mermaid measures every label with forced
   * layouts, and each one would otherwise lay out the old diagram too.
   */
  async show(
    source: string,
    keepView: boolean,
    anchor?: (svg: SVGSVGElement) => Element | null | undefined,
    opts: RenderOptions = {},
  ): Promise<StageResult | undefined> {
    const generation = ++this.generation;
    this.canvas.replaceChildren();
    this.svg = undefined;
    this.message('Rendering…', 'busy');
    try {
      const r = await renderDiagram(this.prefix, source, opts);
      if (generation !== this.generation) return undefined;
      this.svg = r.svg;
      this.makeNodesFocusable(r.svg);
      this.canvas.append(r.svg);
      this.message('', 'hint');
      this.panZoom.readableScale = MIN_LABEL_PX / labelPx(r.svg);
      this.panZoom.anchor = centreOf(anchor?.(r.svg));
      if (keepView) this.panZoom.zoomBy(1);
      else this.panZoom.fit();
      return { ok: true, ...r };
    } catch (err) {
      if (generation !== this.generation) return undefined;
      const error = err instanceof Error ? err.message : String(err);
      this.message(`The diagram could not be drawn: ${error}`, 'error');
      return { ok: false, error };
    }
  }

  /**
   * `source` as a standalone SVG file for any viewer: rendered again in the export theme (fixed colours, no
   * workbench variables), plain `<text>` labels and an opaque background as the first shape.
   */
  async exportSvg(source: string): Promise<string> {
    const { svg } = await renderDiagram(`${this.prefix}x`, source, { labels: 'svg', theme: 'export' });
    const background = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
    const box = svg.getAttribute('viewBox')?.split(/\s+/).map(Number) ?? [];
    const [x, y, w, h] = box.length === 4 ? box : [0, 0, Number(svg.getAttribute('width')), Number(svg.getAttribute('height'))];
    for (const [k, v] of Object.entries({ x, y, width: w, height: h, fill: EXPORT_BACKGROUND })) background.setAttribute(k, String(v));
    background.setAttribute('class', 'export-background');
    svg.insertBefore(background, svg.querySelector(':scope > style')?.nextSibling ?? svg.firstChild);
    return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(svg)}\n`;
  }
}

/** Background of exported diagrams: white, the colour every viewer and document expects behind dark lines. */
const EXPORT_BACKGROUND = '#ffffff';

/** Font size (px, diagram units) of the diagram's node labels: SVG text or the HTML label of a flowchart. */
function labelPx(svg: SVGSVGElement): number {
  const label = svg.querySelector('g.node text, g.node .nodeLabel');
  return (label && parseFloat(getComputedStyle(label).fontSize)) || 16;
}

/** A mermaid node's centre from its `translate(x, y)` (its own coordinates, before any pan or zoom). */
function centreOf(node: Element | null | undefined): { x: number; y: number } | undefined {
  const m = /translate\(\s*([-\d.]+)[ ,]+([-\d.]+)\s*\)/.exec(node?.getAttribute('transform') ?? '');
  return m ? { x: Number(m[1]), y: Number(m[2]) } : undefined;
}
