/**
 * WCAG 2 colour contrast on computed CSS colours (`rgb(…)`, `rgba(…)`, `#rrggbb[aa]`): used by the webviews to
 * make the chart palette readable on any theme, and by the tests that check it.
 */

export type Rgba = [number, number, number, number];

export function parseColour(c: string): Rgba {
  const hex = /^#([0-9a-f]{6})([0-9a-f]{2})?$/i.exec(c.trim());
  if (hex) return [...[0, 2, 4].map((i) => parseInt(hex[1].slice(i, i + 2), 16)), hex[2] ? parseInt(hex[2], 16) / 255 : 1] as Rgba;
  const m = /^rgba?\(([^)]+)\)$/.exec(c.trim());
  if (!m) throw new Error(`Not a colour: ${c}`);
  const [r, g, b, a = 1] = m[1]
    .split(/[\s,/]+/)
    .filter(Boolean)
    .map(Number);
  return [r, g, b, a];
}

export function formatColour([r, g, b]: Rgba): string {
  return `rgb(${Math.round(r)}, ${Math.round(g)}, ${Math.round(b)})`;
}

/** `fg` composited over the opaque `bg`: what a translucent colour looks like there. */
export function flatten(fg: Rgba, bg: Rgba): Rgba {
  const a = fg[3];
  return [fg[0] * a + bg[0] * (1 - a), fg[1] * a + bg[1] * (1 - a), fg[2] * a + bg[2] * (1 - a), 1];
}

function luminance([r, g, b]: Rgba): number {
  const [lr, lg, lb] = [r, g, b].map((v) => v / 255).map((v) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 0.2126 * lr + 0.7152 * lg + 0.0722 * lb;
}

/** Contrast ratio (1–21) of `fg`, composited, on the opaque background `bg`. */
export function contrast(fg: string | Rgba, bg: string | Rgba): number {
  const back = typeof bg === 'string' ? parseColour(bg) : bg;
  const front = flatten(typeof fg === 'string' ? parseColour(fg) : fg, back);
  const [hi, lo] = [luminance(front), luminance(back)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * `colour` made opaque over `bg` and, when it does not reach `ratio` against `bg`, moved towards `ink` (the
 * theme's foreground) in small steps until it does: the hue stays recognisable, the contrast is guaranteed.
 */
export function readableOn(colour: string, bg: string, ink: string, ratio: number): string {
  const back = parseColour(bg);
  const towards = flatten(parseColour(ink), back);
  let c = flatten(parseColour(colour), back);
  for (let step = 0; step < 20 && contrast(c, back) < ratio; step++) {
    c = [0, 1, 2].map((i) => c[i] + (towards[i] - c[i]) * 0.15).concat(1) as Rgba;
  }
  return formatColour(c);
}
