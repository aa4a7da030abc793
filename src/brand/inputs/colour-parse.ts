/** Colour values as written in CSS, SVG and HTML attributes: `#rgb`, `#rrggbb`, `rgb()`/`rgba()`. */

export interface FoundColour {
  written: string;
  rgb: [number, number, number];
  index: number;
}

const hex = (h: string): [number, number, number] => {
  const full = h.length === 3 ? [...h].map((c) => c + c).join('') : h.slice(0, 6);
  return [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16)) as [number, number, number];
};

/** Every colour in a CSS text or attribute value (percentages in rgb() are scaled to 0–255). */
export function cssColours(text: string): FoundColour[] {
  const out: FoundColour[] = [];
  const re =
    /#([0-9a-f]{8}|[0-9a-f]{6}|[0-9a-f]{3,4})\b|rgba?\(\s*([\d.]+%?)[\s,]+([\d.]+%?)[\s,]+([\d.]+%?)/gi;
  for (const m of text.matchAll(re)) {
    if (m[1]) {
      out.push({ written: m[0], rgb: hex(m[1].length === 4 ? m[1].slice(0, 3) : m[1]), index: m.index });
      continue;
    }
    const ch = (v: string) =>
      Math.max(0, Math.min(255, Math.round(v.endsWith('%') ? (parseFloat(v) * 255) / 100 : parseFloat(v))));
    out.push({ written: m[0] + ')', rgb: [ch(m[2]!), ch(m[3]!), ch(m[4]!)], index: m.index });
  }
  return out;
}

/** An Office colour attribute (`FF0000`); `auto` and other non-hex values are none. */
export function officeColour(v: string | undefined): [number, number, number] | undefined {
  return v && /^[0-9a-f]{6}$/i.test(v) ? hex(v) : undefined;
}
