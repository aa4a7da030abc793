/**
 * Office packages made reproducible and kept to the palette. `docx` and pptxgenjs stamp the wall clock into every zip
 * entry and their default styles and themes carry Office's own colours (blues, orange, grey): here every entry is
 * dated with the plan's fixed instant (UTC), the core properties carry it, and every explicit colour in the styles,
 * themes, masters and layouts is replaced by the nearest palette colour (white stays: it is the paper).
 */
import JSZip from 'jszip';
import { renumberBookmarks } from '../../reports/docx-stable';
import { nearest, type PaletteColour } from './identity';

/** The parts whose colours are rewritten: styles, themes, slide masters and layouts, slides, the document, footers. */
const COLOURED =
  /^(word\/(styles|document|footer\d*|header\d*)\.xml|word\/theme\/.*\.xml|ppt\/(theme|slideMasters|slideLayouts|slides)\/[^/]+\.xml)$/;
/** Every explicit colour an OOXML part spells: w:color, w:fill (WordprocessingML), srgbClr, lastClr (DrawingML). */
const COLOUR = /(<w:color w:val=|\bw:fill=|\bw:color=|<a:srgbClr val=|\blastClr=)"([0-9A-Fa-f]{6})"/g;

/** Every explicit colour of a part mapped to the palette (white kept). */
export function paletteOnly(xml: string, palette: PaletteColour[]): string {
  return xml.replace(COLOUR, (_, head: string, hex: string) => `${head}"${keep(palette, hex)}"`);
}

const keep = (palette: PaletteColour[], hex: string) =>
  hex.toUpperCase() === 'FFFFFF' ? 'FFFFFF' : nearest(palette, hex.toUpperCase());

/** Every explicit colour a package's parts use (upper-case RRGGBB), for tests and the page's self-check. */
export async function packageColours(bytes: Uint8Array): Promise<Map<string, string[]>> {
  const zip = await JSZip.loadAsync(bytes);
  const out = new Map<string, string[]>();
  for (const name of Object.keys(zip.files).filter((n) => /\.xml$/.test(n))) {
    const xml = await zip.file(name)!.async('string');
    const found = [...xml.matchAll(COLOUR)].map((m) => m[2]!.toUpperCase());
    if (found.length > 0) out.set(name, [...new Set(found)]);
  }
  return out;
}

/** The package again: entries in the same order, each dated `at`, colours kept to the palette, bookmarks from 1. */
export async function repack(
  bytes: Uint8Array,
  o: { at: string; palette: PaletteColour[]; core?: string },
): Promise<Uint8Array> {
  const source = await JSZip.loadAsync(bytes);
  const out = new JSZip();
  const date = new Date(o.at);
  for (const name of Object.keys(source.files)) {
    const entry = source.files[name]!;
    if (entry.dir) continue;
    if (name === 'docProps/core.xml' && o.core) {
      out.file(name, o.core, { date, createFolders: false });
    } else if (COLOURED.test(name)) {
      let xml = await entry.async('string');
      if (name === 'word/document.xml') xml = renumberBookmarks(xml);
      // pptxgenjs leaves "null" as the slide number field's cached text; PowerPoint shows ‹#› there.
      xml = xml.replace(/(type="slidenum">(?:<a:rPr\b[^>]*\/>)?<a:t>)null(<\/a:t>)/g, '$1‹#›$2');
      out.file(name, paletteOnly(xml, o.palette), { date, createFolders: false });
    } else {
      out.file(name, await entry.async('uint8array'), { date, createFolders: false });
    }
  }
  return out.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 6 } });
}
