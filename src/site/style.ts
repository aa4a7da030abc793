/**
 * The site's stylesheet for one project: the plan's palette as CSS variables, then src/site/static/site.css.
 * `--brand` (header background, links) is the darkest palette colour with WCAG AA contrast (4.5:1) against white
 * in both directions of use (white text on it, it on white); `--accent` (rules and borders, never text) is the
 * palette's first other colour. A palette with no readable colour gets a neutral dark blue.
 */
import { readFileSync } from 'node:fs';

const BASE_CSS = readFileSync(new URL('./static/site.css', import.meta.url), 'utf8');
const FALLBACK_BRAND = '#1f4e79';

/** `#abc` / `#aabbcc` → [r, g, b]. */
function rgbOf(hex: string): [number, number, number] {
  const h = hex.replace('#', '');
  const full = h.length === 3 ? [...h].map((c) => c + c).join('') : h;
  return [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16)) as [number, number, number];
}

/** WCAG 2.1 relative luminance. */
export function luminance(hex: string): number {
  const lin = (v: number) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  const [r, g, b] = rgbOf(hex).map(lin) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio of two colours. */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** The brand and accent colours of a palette (hex, lower case). */
export function siteColours(palette: readonly string[]): { brand: string; accent: string } {
  const colours = palette.map((c) => c.toLowerCase()).filter((c) => /^#([0-9a-f]{3}|[0-9a-f]{6})$/.test(c));
  // Pure black reads as "no colour": prefer a real brand colour, black only when nothing else is readable.
  const readable = colours.filter((c) => contrast(c, '#ffffff') >= 4.5);
  const brand =
    readable.filter((c) => luminance(c) > 0).sort((a, b) => luminance(a) - luminance(b))[0] ??
    readable[0] ??
    FALLBACK_BRAND;
  const accent = colours.find((c) => c !== brand && luminance(c) > 0) ?? brand;
  return { brand, accent };
}

/** The stylesheet text for a palette. */
export function siteCss(palette: readonly string[]): string {
  const { brand, accent } = siteColours(palette);
  return `:root {\n  --brand: ${brand};\n  --accent: ${accent};\n}\n${BASE_CSS}`;
}
