const MIN_SCALE = 0.05;
const MAX_SCALE = 4;
/** Pointer travel (px) below which a press counts as a click on the diagram, not a drag. */
const CLICK_SLOP = 4;

/**
 * Pan and zoom of a diagram inside a viewport: drag or wheel to pan, Ctrl/⌘+wheel or the keys + − 0 to zoom,
 * "Fit" to see it whole. The transform is set through the CSSOM (no style markup).
 */
export class PanZoom {
  private scale = 1;
  private x = 0;
  private y = 0;
  private drag: { id: number; x: number; y: number; moved: number } | undefined;
  private lastDragMoved = 0;

  constructor(
    private readonly viewport: HTMLElement,
    private readonly canvas: HTMLElement,
  ) {
    canvas.style.transformOrigin = '0 0';
    viewport.tabIndex = 0;
    viewport.addEventListener('wheel', (e) => this.onWheel(e), { passive: false });
    viewport.addEventListener('pointerdown', (e) => this.onDown(e));
    viewport.addEventListener('pointermove', (e) => this.onMove(e));
    viewport.addEventListener('pointerup', (e) => this.onUp(e));
    viewport.addEventListener('pointercancel', (e) => this.onUp(e));
    viewport.addEventListener('keydown', (e) => this.onKey(e));
  }

  /** True when the pointer press that produced the current click was a drag (the click should be ignored). */
  wasDrag(): boolean {
    return this.lastDragMoved > CLICK_SLOP;
  }

  /**
   * The smallest scale at which labels stay readable (set per diagram from its label size). "Fit" never goes
   * below it: a diagram too large for the view at that scale is shown in part, centred on the anchor.
   */
  readableScale = MIN_SCALE;
  /** Where a partial fit centres (diagram coordinates): the focused or busiest table. */
  anchor: { x: number; y: number } | undefined;
  /** Called after every fit with whether the whole diagram is in view. */
  onFit: (whole: boolean) => void = () => undefined;

  /**
   * Scales the content to fit the viewport (never above 100 % nor below `readableScale`). When that would
   * make labels unreadable, keeps them readable and centres on `anchor` instead, without empty space beyond
   * the diagram's edges.
   */
  fit(): void {
    const { width, height } = this.contentSize();
    const vw = this.viewport.clientWidth;
    const vh = this.viewport.clientHeight;
    if (!width || !height || !vw || !vh) return;
    const all = Math.min(1, (vw - 16) / width, (vh - 16) / height);
    const whole = all >= this.readableScale;
    this.scale = clamp(Math.max(all, this.readableScale));
    const at = whole ? { x: width / 2, y: height / 2 } : (this.anchor ?? { x: width / 2, y: height / 2 });
    this.x = centred(vw, width * this.scale, at.x * this.scale);
    this.y = centred(vh, height * this.scale, at.y * this.scale);
    this.apply();
    this.onFit(whole);
  }

  /** Pans so that a diagram point is in view (centred when it was outside), e.g. the node keyboard focus moved to. */
  reveal(at: { x: number; y: number }): void {
    const vw = this.viewport.clientWidth;
    const vh = this.viewport.clientHeight;
    const sx = this.x + at.x * this.scale;
    const sy = this.y + at.y * this.scale;
    const margin = 60;
    if (sx >= margin && sx <= vw - margin && sy >= margin && sy <= vh - margin) return;
    this.x = vw / 2 - at.x * this.scale;
    this.y = vh / 2 - at.y * this.scale;
    this.apply();
  }

  /** Zooms by `factor` around a viewport point (the centre by default). */
  zoomBy(factor: number, cx = this.viewport.clientWidth / 2, cy = this.viewport.clientHeight / 2): void {
    const next = clamp(this.scale * factor);
    this.x = cx - ((cx - this.x) * next) / this.scale;
    this.y = cy - ((cy - this.y) * next) / this.scale;
    this.scale = next;
    this.apply();
  }

  private contentSize(): { width: number; height: number } {
    const svg = this.canvas.querySelector('svg');
    return { width: Number(svg?.getAttribute('width')) || 0, height: Number(svg?.getAttribute('height')) || 0 };
  }

  private apply(): void {
    this.canvas.style.transform = `translate(${this.x}px, ${this.y}px) scale(${this.scale})`;
    this.viewport.dataset.zoom = String(Math.round(this.scale * 100));
  }

  private onWheel(e: WheelEvent): void {
    e.preventDefault();
    if (e.ctrlKey || e.metaKey) {
      const box = this.viewport.getBoundingClientRect();
      this.zoomBy(Math.exp(-e.deltaY / 300), e.clientX - box.left, e.clientY - box.top);
    } else {
      this.x -= e.deltaX;
      this.y -= e.deltaY;
      this.apply();
    }
  }

  private onDown(e: PointerEvent): void {
    if (e.button !== 0) return;
    this.drag = { id: e.pointerId, x: e.clientX, y: e.clientY, moved: 0 };
    this.lastDragMoved = 0;
  }

  private onMove(e: PointerEvent): void {
    const d = this.drag;
    if (!d || d.id !== e.pointerId) return;
    const dx = e.clientX - d.x;
    const dy = e.clientY - d.y;
    d.moved += Math.abs(dx) + Math.abs(dy);
    if (d.moved > CLICK_SLOP && !this.viewport.hasPointerCapture(e.pointerId)) {
      this.viewport.setPointerCapture(e.pointerId);
      this.viewport.classList.add('dragging');
    }
    d.x = e.clientX;
    d.y = e.clientY;
    this.x += dx;
    this.y += dy;
    this.apply();
  }

  private onUp(e: PointerEvent): void {
    if (!this.drag || this.drag.id !== e.pointerId) return;
    this.lastDragMoved = this.drag.moved;
    this.drag = undefined;
    this.viewport.classList.remove('dragging');
  }

  private onKey(e: KeyboardEvent): void {
    const step = 40;
    const actions: Record<string, () => void> = {
      '+': () => this.zoomBy(1.25),
      '=': () => this.zoomBy(1.25),
      '-': () => this.zoomBy(0.8),
      '0': () => this.fit(),
      ArrowLeft: () => this.panBy(step, 0),
      ArrowRight: () => this.panBy(-step, 0),
      ArrowUp: () => this.panBy(0, step),
      ArrowDown: () => this.panBy(0, -step),
    };
    const action = actions[e.key];
    if (!action || e.ctrlKey || e.metaKey || e.altKey) return;
    e.preventDefault();
    action();
  }

  private panBy(dx: number, dy: number): void {
    this.x += dx;
    this.y += dy;
    this.apply();
  }
}

/** Offset that centres `at` (px into content of size `size`) in a view of `view` px, without empty margins. */
function centred(view: number, size: number, at: number): number {
  if (size <= view - 16) return (view - size) / 2;
  return Math.min(8, Math.max(view - 8 - size, view / 2 - at));
}

function clamp(scale: number): number {
  return Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale));
}
