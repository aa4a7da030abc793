/**
 * The paragraph walk the Office readers share: paragraphs numbered in document order (every paragraph, empty ones
 * too; a paragraph nested in a text box is its own, numbered where it starts), their text from leaf elements (and
 * from text nodes in ODF's mixed content), and a hook that sees other elements with the paragraph they sit in.
 */
import { createHash } from 'node:crypto';
import type { ColourUse, ImageRef, Location, TextBlock } from '../types';
import { officeColour } from './colour-parse';
import { isElement, type XElement, type XNode } from './xml';
import type { ZipReader } from './zip';

export interface WalkSpec {
  isParagraph: (e: XElement) => boolean;
  /** The text an element stands for (`w:t` → its text, `w:tab` → tab), or undefined to look inside it. */
  leaf: (e: XElement) => string | undefined;
  /** Text nodes count outside leaves (ODF). */
  mixed?: boolean;
  /** Any other element, with the number (1-based) of the paragraph it is in (0: none yet). */
  visit?: (e: XElement, paragraph: number) => void;
}

export const textOf = (e: XElement): string =>
  e.children.map((c) => (isElement(c) ? textOf(c) : c.text)).join('');

/** The paragraphs' texts, index = paragraph number − 1. */
export function walkParagraphs(nodes: XNode[], spec: WalkSpec): string[] {
  const out: string[] = [];
  const walk = (ns: XNode[], current: number) => {
    for (const n of ns) {
      if (!isElement(n)) {
        if (spec.mixed && current > 0) out[current - 1] += n.text;
        continue;
      }
      if (spec.isParagraph(n)) {
        out.push('');
        walk(n.children, out.length);
        continue;
      }
      const leaf = spec.leaf(n);
      if (leaf !== undefined) {
        if (current > 0) out[current - 1] += leaf;
        continue;
      }
      spec.visit?.(n, current);
      walk(n.children, current);
    }
  };
  walk(nodes, 0);
  return out;
}

/** Non-empty paragraphs as blocks located by `where(paragraph number)`. */
export const paragraphBlocks = (texts: string[], where: (n: number) => Location): TextBlock[] =>
  texts.flatMap((text, i) => (text.trim() ? [{ text, at: () => where(i + 1) }] : []));

/** An embedded image's reference, hashed when the container has its bytes. */
export function imageRef(
  zip: ZipReader,
  opts: { target?: string; name: string; alt: string; location: Location },
): ImageRef {
  const bytes = opts.target ? zip.bytes(opts.target) : undefined;
  return {
    name: opts.target ?? opts.name,
    alt: opts.alt,
    ...(bytes ? { sha256: createHash('sha256').update(bytes).digest('hex') } : {}),
    location: opts.location,
  };
}

/** The colour of a DrawingML/WordprocessingML element (`a:srgbClr val`, `w:color w:val`, `w:shd w:fill`). */
export function elementColour(e: XElement, location: Location): ColourUse | undefined {
  const v =
    e.name === 'a:srgbClr'
      ? e.attrs.val
      : e.name === 'w:color'
        ? e.attrs['w:val']
        : e.name === 'w:shd'
          ? e.attrs['w:fill']
          : undefined;
  const rgb = officeColour(v);
  return rgb ? { written: `#${v!.toUpperCase()}`, rgb, location } : undefined;
}

/** A theme part's colour scheme (`a:clrScheme`: dk1, lt1, accent1…). */
export function themeColours(nodes: XNode[], location: Location): ColourUse[] {
  const out: ColourUse[] = [];
  const walk = (ns: XNode[], inScheme: boolean) => {
    for (const n of ns) {
      if (!isElement(n)) continue;
      const scheme = inScheme || n.name === 'a:clrScheme';
      if (scheme) {
        const c = elementColour(n, location);
        if (c) out.push(c);
      }
      walk(n.children, scheme);
    }
  };
  walk(nodes, false);
  return out;
}
