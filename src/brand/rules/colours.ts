/**
 * brand/colour-off-palette: colours written in HTML/CSS/SVG (hex, rgb()) and in Office parts (`a:srgbClr`, `w:color`,
 * `w:shd`, ODF `fo:color`) must be near a palette colour. Near = CIE76 ΔE (Euclidean distance in CIELAB, D65)
 * ≤ PALETTE_DELTA_E: about the step a careful eye notices between two flat swatches side by side (ΔE ≈ 2.3 is
 * "just noticeable"; 10 leaves room for anti-aliasing, print profiles and rounding by tools). Neutral colours (black,
 * white, greys: channels within NEUTRAL_SPREAD of each other) and the EU emblem's blue and yellow
 * (reference/programmes.ts) are always allowed. One finding per distinct colour, at its first use; an Office theme's
 * colours outside the palette as one finding per theme part.
 */
import { EMBLEM_COLOURS } from '../reference/programmes';
import type { Diagnostic } from '../types';
import type { Rule } from './context';

export const PALETTE_DELTA_E = 10;
export const NEUTRAL_SPREAD = 10;

type Rgb = readonly [number, number, number];

function lab([r, g, b]: Rgb): [number, number, number] {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  const [R, G, B] = [lin(r), lin(g), lin(b)];
  const x = (0.4124 * R + 0.3576 * G + 0.1805 * B) / 0.95047;
  const y = 0.2126 * R + 0.7152 * G + 0.0722 * B;
  const z = (0.0193 * R + 0.1192 * G + 0.9505 * B) / 1.08883;
  const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : (841 / 108) * t + 4 / 29);
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}

export function deltaE(a: Rgb, b: Rgb): number {
  const [l1, a1, b1] = lab(a);
  const [l2, a2, b2] = lab(b);
  return Math.hypot(l1 - l2, a1 - a2, b1 - b2);
}

const isNeutral = ([r, g, b]: Rgb) => Math.max(r, g, b) - Math.min(r, g, b) <= NEUTRAL_SPREAD;
export const hexOf = ([r, g, b]: Rgb): string =>
  `#${[r, g, b].map((c) => c.toString(16).padStart(2, '0')).join('')}`.toUpperCase();

export const colours: Rule = ({ plan, doc }) => {
  const palette = plan.identity?.palette ?? [];
  if (!palette.length) return [];
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  /** An Office theme's off-palette colours: one finding per theme part, listing them. */
  const themes = new Map<string, string[]>();
  for (const use of doc.colours) {
    const hex = hexOf(use.rgb);
    if (seen.has(hex)) continue;
    seen.add(hex);
    if (isNeutral(use.rgb) || EMBLEM_COLOURS.some((c) => deltaE(use.rgb, c) <= PALETTE_DELTA_E)) continue;
    let nearest = palette[0]!;
    let d = Infinity;
    for (const c of palette) {
      const e = deltaE(use.rgb, c.rgb);
      if (e < d) [d, nearest] = [e, c];
    }
    if (d <= PALETTE_DELTA_E) continue;
    if (use.location.part && /theme/i.test(use.location.part)) {
      const part = use.location.part;
      themes.set(part, [...(themes.get(part) ?? []), use.written]);
      continue;
    }
    out.push({
      ruleId: 'brand/colour-off-palette',
      severity: 'warning',
      messageKey: 'brand.colour.off',
      suggestionKey: 'brand.colour.off.fix',
      params: {
        colour: use.written,
        nearest: `${nearest.name ?? nearest.hex} (${hexOf(nearest.rgb)})`,
        delta: Math.round(d * 10) / 10,
        max: PALETTE_DELTA_E,
      },
      location: use.location,
    });
  }
  for (const [part, written] of themes)
    out.push({
      ruleId: 'brand/colour-off-palette',
      severity: 'warning',
      messageKey: 'brand.colour.theme',
      suggestionKey: 'brand.colour.theme.fix',
      params: { colours: written.join(', '), max: PALETTE_DELTA_E },
      location: { file: doc.file, part },
    });
  return out;
};
