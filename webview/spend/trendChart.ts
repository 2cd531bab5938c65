import { formatUsd, moneyDigits, oneLine } from '../../src/shared/format';
import { type SpendTrend, type TrendLine } from '../../src/shared/spendProtocol';
import { el } from '../common/dom';

const SVG = 'http://www.w3.org/2000/svg';
/** Series drawn on their own; the rest add up to one "others" series. */
const MAX_SERIES = 7;
const HEIGHT = 240;
const MARGIN = { left: 70, right: 12, top: 12, bottom: 30 };

function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number>,
  children: Node[] = [],
): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  node.append(...children);
  return node;
}

function title(text: string): SVGTitleElement {
  const t = document.createElementNS(SVG, 'title');
  t.textContent = text;
  return t;
}

function niceStep(max: number): number {
  const raw = max / 4;
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw;
}

/** The series to draw: the biggest ones, then "others (k)". */
export function chartSeries(lines: readonly TrendLine[]): { name: string; spend: number[] }[] {
  const total = (l: TrendLine) => l.spend.reduce((a, b) => a + b, 0);
  const sorted = [...lines].sort((a, b) => total(b) - total(a));
  if (sorted.length <= MAX_SERIES + 1) return sorted;
  const rest = sorted.slice(MAX_SERIES);
  return [
    ...sorted.slice(0, MAX_SERIES),
    { name: `others (${rest.length})`, spend: rest[0].spend.map((_, i) => rest.reduce((s, l) => s + l.spend[i], 0)) },
  ];
}

/**
 * Daily spend as stacked bars (per team or per model) with the day's total as a line, drawn as SVG elements
 * (no chart library, nothing evaluated). Colours come from the workbench chart palette by class.
 */
export function trendChart(trend: SpendTrend, by: 'team' | 'model', width: number): HTMLElement {
  const series = chartSeries(by === 'team' ? trend.byTeam : trend.byModel);
  const days = trend.days;
  const plotW = Math.max(100, width - MARGIN.left - MARGIN.right);
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const stacked = days.map((_, i) => series.reduce((s, l) => s + Math.max(0, l.spend[i]), 0));
  const max = Math.max(...stacked, ...trend.total, 0);
  const step = max > 0 ? niceStep(max) : 1;
  const top = max > 0 ? Math.ceil(max / step) * step : 1;
  const y = (v: number) => MARGIN.top + plotH - (v / top) * plotH;
  const slot = plotW / Math.max(1, days.length);
  const x = (i: number) => MARGIN.left + i * slot;

  const grid: SVGElement[] = [];
  // One number of decimals for the whole axis ($0.00 / $0.50 / $1.00), enough for its step.
  const digits = moneyDigits(step);
  for (let k = 0; k * step <= top + step / 2; k++) {
    const v = k * step;
    grid.push(svg('line', { x1: MARGIN.left, x2: MARGIN.left + plotW, y1: y(v), y2: y(v), class: 'grid' }));
    grid.push(
      svg('text', { x: MARGIN.left - 6, y: y(v) + 4, 'text-anchor': 'end', class: 'tick' }, [
        document.createTextNode(formatUsd(v, digits)),
      ]),
    );
  }
  const every = Math.ceil(days.length / Math.max(1, Math.floor(plotW / 70)));
  days.forEach((d, i) => {
    if (i % every === 0) {
      grid.push(
        svg('text', { x: x(i) + slot / 2, y: HEIGHT - 10, 'text-anchor': 'middle', class: 'tick' }, [document.createTextNode(d.slice(5))]),
      );
    }
  });

  const bars: SVGElement[] = [];
  days.forEach((d, i) => {
    let base = 0;
    series.forEach((l, s) => {
      const v = Math.max(0, l.spend[i]);
      if (v === 0) return;
      bars.push(
        svg(
          'rect',
          {
            x: x(i) + slot * 0.1,
            width: Math.max(1, slot * 0.8),
            y: y(base + v),
            height: Math.max(0.5, y(base) - y(base + v)),
            class: `bar s${s}`,
          },
          [title(`${d} · ${l.name}: ${formatUsd(l.spend[i])}`)],
        ),
      );
      base += v;
    });
  });
  const points = trend.total.map((t, i) => `${x(i) + slot / 2},${y(t)}`).join(' ');
  const line = svg('polyline', { points, class: 'total' }, [title('Total per day')]);
  const dots = trend.total.map((t, i) =>
    svg('circle', { cx: x(i) + slot / 2, cy: y(t), r: 2.5, class: 'total-dot' }, [title(`${days[i]} · total ${formatUsd(t)}`)]),
  );

  const chart = svg(
    'svg',
    {
      width,
      height: HEIGHT,
      viewBox: `0 0 ${width} ${HEIGHT}`,
      role: 'img',
      'aria-label': `Daily spend by ${by}, ${days[0] ?? ''} to ${days[days.length - 1] ?? ''}`,
      class: 'trend',
    },
    [...grid, ...bars, line, ...dots],
  );
  const legend = el('div', { className: 'chart-legend' }, [
    ...series.map((l, s) => el('span', { className: `key s${s}`, text: oneLine(l.name) })),
    el('span', { className: 'key total', text: 'total per day' }),
  ]);
  return el('div', { className: 'chart' }, [chart, legend]);
}
