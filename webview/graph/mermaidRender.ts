import mermaid, { type MermaidConfig } from 'mermaid';
import { isDark, type ThemeKind, themeKind } from './theme';

/** Stroke colours per table group and entity level, from the workbench chart palette (fallbacks for export). */
const PALETTE = {
  blue: 'var(--lens-chart-blue, #3794ff)',
  green: 'var(--lens-chart-green, #388a34)',
  orange: 'var(--lens-chart-orange, #d18616)',
  purple: 'var(--lens-chart-purple, #652d90)',
  red: 'var(--lens-chart-red, #e51400)',
  grey: 'var(--lens-chart-grey, #717171)',
};
const GROUP_COLOURS: [string, string][] = [
  ['g_users', PALETTE.blue],
  ['g_teams_orgs', PALETTE.green],
  ['g_spend', PALETTE.orange],
  ['g_config', PALETTE.purple],
  ['g_audit', PALETTE.red],
  ['g_other', PALETTE.grey],
  ['e_org', PALETTE.green],
  ['e_team', PALETTE.blue],
  ['e_user', PALETTE.orange],
  ['e_key', PALETTE.purple],
  ['e_others', PALETTE.grey],
];

/**
 * CSS that travels inside the SVG (so an exported file keeps it): group colours on entity outlines, views
 * outlined dashed, and in high contrast the workbench's contrast border on every line.
 */
function themeCss(kind: ThemeKind): string {
  const rules = GROUP_COLOURS.map(
    ([cls, colour]) => `.${cls} .outer-path path:last-child, .${cls} .label-container { stroke: ${colour}; stroke-width: 2px; }`,
  );
  rules.push('.view .outer-path path:last-child { stroke-dasharray: 5 3; }');
  // Mermaid fills the "zero" circles white, which reads as a solid dot on a dark background.
  rules.push(`marker circle { fill: var(--vscode-editor-background, ${isDark(kind) ? '#1e1e1e' : '#ffffff'}); }`);
  if (kind === 'high-contrast' || kind === 'high-contrast-light') {
    // Colour only: markers scale with the stroke width.
    rules.push(
      `.relationshipLine, .flowchart-link { stroke: var(--vscode-contrastBorder, ${kind === 'high-contrast' ? '#6fc3df' : '#0f4a85'}); }`,
    );
  }
  return rules.join('\n');
}

/**
 * Fixed colours of an exported diagram (no workbench variables outside the webview): group outlines dark enough
 * for a white page, near-black lines and text.
 */
const EXPORT_INK = '#333333';
const EXPORT_GROUPS: Record<string, string> = {
  g_users: '#005fb8',
  g_teams_orgs: '#2d7230',
  g_spend: '#a35200',
  g_config: '#652d90',
  g_audit: '#b5200d',
  g_other: '#616161',
  e_org: '#2d7230',
  e_team: '#005fb8',
  e_user: '#a35200',
  e_key: '#652d90',
  e_others: '#616161',
};

function exportCss(): string {
  const rules = Object.entries(EXPORT_GROUPS).map(
    ([cls, colour]) => `.${cls} .outer-path path:last-child, .${cls} .label-container { stroke: ${colour}; stroke-width: 2px; }`,
  );
  rules.push('.view .outer-path path:last-child { stroke-dasharray: 5 3; }');
  rules.push(`.relationshipLine, .flowchart-link { stroke: ${EXPORT_INK} !important; }`);
  rules.push(`marker path { stroke: ${EXPORT_INK} !important; } marker circle { fill: #ffffff; stroke: ${EXPORT_INK}; }`);
  rules.push('text, tspan { fill: #1f1f1f; } .edgeLabel rect, .labelBkg { fill: #ffffff; opacity: 1; }');
  return rules.join('\n');
}

/** `labels: 'svg'` draws labels as SVG `<text>` (no foreignObject HTML); `theme: 'export'` uses fixed colours. */
export interface RenderOptions {
  labels?: 'html' | 'svg';
  theme?: 'workbench' | 'export';
}

function config(kind: ThemeKind, opts: RenderOptions): MermaidConfig {
  const font = getComputedStyle(document.body).getPropertyValue('--vscode-font-family').trim();
  const exporting = opts.theme === 'export';
  return {
    startOnLoad: false,
    // Labels are text: no HTML, no click handlers, no links (also what the escaping assumes).
    securityLevel: 'strict',
    // 64 tables with every column are ~36k characters; the default limit is 50k.
    maxTextSize: 500_000,
    maxEdges: 5_000,
    theme: !exporting && isDark(kind) ? 'dark' : 'default',
    ...(font ? { fontFamily: font } : {}),
    themeCSS: exporting ? exportCss() : themeCss(kind),
    htmlLabels: opts.labels !== 'svg',
    // Natural size: the pan/zoom viewport scales it, instead of mermaid shrinking it to the panel width.
    // Tighter than mermaid's defaults (140/80): a 64-table schema is wide, and edge labels still fit.
    er: { useMaxWidth: false, nodeSpacing: 50, rankSpacing: 70 },
    flowchart: { useMaxWidth: false },
  };
}

export interface RenderedDiagram {
  svg: SVGSVGElement;
  svgId: string;
  ms: number;
}

let queue: Promise<unknown> = Promise.resolve();
let counter = 0;

/**
 * Renders mermaid text to a detached SVG element. Renders run one at a time (mermaid keeps global state while it
 * lays out); the SVG string is parsed by an inert DOMParser document, never assigned through innerHTML.
 */
export function renderDiagram(prefix: string, source: string, opts: RenderOptions = {}): Promise<RenderedDiagram> {
  const run = async (): Promise<RenderedDiagram> => {
    const svgId = `${prefix}${++counter}`;
    const started = performance.now();
    mermaid.initialize(config(themeKind(), opts));
    try {
      const { svg } = await mermaid.render(svgId, source);
      const parsed = new DOMParser().parseFromString(svg, 'text/html').body.querySelector('svg');
      if (!parsed) throw new Error('Mermaid returned no SVG.');
      return { svg: document.importNode(parsed, true), svgId, ms: performance.now() - started };
    } finally {
      // A failed render leaves its scratch element in the body.
      document.getElementById(`d${svgId}`)?.remove();
    }
  };
  const next = queue.then(run, run);
  queue = next.catch(() => undefined);
  return next;
}
