import { el } from '../common/dom';
import { button } from '../spend/controls';
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
  readonly viewport = el('div', { className: 'viewport', attrs: { role: 'img' } });
  readonly panZoom: PanZoom;
  private readonly canvas = el('div', { className: 'canvas' });
  private readonly overlay = el('div', { className: 'overlay', attrs: { role: 'status' } });
  private generation = 0;
  private svg: SVGSVGElement | undefined;

  constructor(private readonly prefix: string, label: string, onNode: (node: SVGGElement) => void) {
    this.viewport.setAttribute('aria-label', label);
    this.viewport.append(this.canvas, this.overlay);
    this.panZoom = new PanZoom(this.viewport, this.canvas);
    this.canvas.addEventListener('click', (e) => {
      if (this.panZoom.wasDrag()) return;
      const node = (e.target as Element).closest('g.node');
      if (node instanceof SVGGElement) onNode(node);
    });
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
  async show(source: string, keepView: boolean, anchor?: (svg: SVGSVGElement) => Element | null | undefined, opts: RenderOptions = {}): Promise<StageResult | undefined> {
    const generation = ++this.generation;
    this.canvas.replaceChildren();
    this.svg = undefined;
    this.message('Rendering…', 'busy');
    try {
      const r = await renderDiagram(this.prefix, source, opts);
      if (generation !== this.generation) return undefined;
      this.svg = r.svg;
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
