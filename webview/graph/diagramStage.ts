import { el } from '../common/dom';
import { button } from '../spend/controls';
import { renderDiagram } from './mermaidRender';
import { PanZoom } from './panZoom';

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

  /** Shows a message instead of a diagram (errors, "computing…"). */
  message(text: string, kind: 'busy' | 'error' | 'hint'): void {
    this.overlay.textContent = text;
    this.overlay.className = `overlay ${kind}`;
  }

  /**
   * Renders `source`. The previous SVG leaves the document first: mermaid measures every label with forced
   * layouts, and each one would otherwise lay out the old diagram too.
   */
  async show(source: string, keepView: boolean, anchor?: (svg: SVGSVGElement) => Element | null | undefined): Promise<StageResult | undefined> {
    const generation = ++this.generation;
    this.canvas.replaceChildren();
    this.svg = undefined;
    this.message('Rendering…', 'busy');
    try {
      const r = await renderDiagram(this.prefix, source);
      if (generation !== this.generation) return undefined;
      this.svg = r.svg;
      this.canvas.append(r.svg);
      this.message('', 'hint');
      if (keepView) this.panZoom.zoomBy(1);
      else this.panZoom.initial(centreOf(anchor?.(r.svg)));
      return { ok: true, ...r };
    } catch (err) {
      if (generation !== this.generation) return undefined;
      const error = err instanceof Error ? err.message : String(err);
      this.message(`The diagram could not be drawn: ${error}`, 'error');
      return { ok: false, error };
    }
  }

  /** The SVG as a standalone file (mermaid's own styles travel inside it). */
  serialise(): string | undefined {
    return this.svg ? `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(this.svg)}\n` : undefined;
  }
}

/** A mermaid node's centre from its `translate(x, y)` (its own coordinates, before any pan or zoom). */
function centreOf(node: Element | null | undefined): { x: number; y: number } | undefined {
  const m = /translate\(\s*([-\d.]+)[ ,]+([-\d.]+)\s*\)/.exec(node?.getAttribute('transform') ?? '');
  return m ? { x: Number(m[1]), y: Number(m[2]) } : undefined;
}
