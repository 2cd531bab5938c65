/** WCAG 2 colour contrast, for computed colours read back from Chromium (`rgb(…)`, `rgba(…)`, `#rrggbb`). */

type Rgba = [number, number, number, number];

export function parseColour(c: string): Rgba {
  const hex = /^#([0-9a-f]{6})([0-9a-f]{2})?$/i.exec(c.trim());
  if (hex) return [0, 2, 4].map((i) => parseInt(hex[1].slice(i, i + 2), 16)).concat(hex[2] ? parseInt(hex[2], 16) / 255 : 1) as Rgba;
  const m = /^rgba?\(([^)]+)\)$/.exec(c.trim());
  if (!m) throw new Error(`Not a colour: ${c}`);
  const [r, g, b, a = 1] = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
  return [r, g, b, a];
}

/** `fg` composited over the opaque `bg`. */
function over(fg: Rgba, bg: Rgba): Rgba {
  const a = fg[3];
  return [0, 1, 2].map((i) => fg[i] * a + bg[i] * (1 - a)).concat(1) as Rgba;
}

function luminance([r, g, b]: Rgba): number {
  const [lr, lg, lb] = [r, g, b].map((v) => v / 255).map((v) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 0.2126 * lr + 0.7152 * lg + 0.0722 * lb;
}

/** Contrast ratio of `fg` (alpha composited) on the opaque background `bg`, 1–21. */
export function contrast(fg: string, bg: string): number {
  const back = parseColour(bg);
  const [hi, lo] = [luminance(over(parseColour(fg), back)), luminance(back)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}
