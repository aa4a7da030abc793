/**
 * HTML → the document model: the visible text (no tags, comments, scripts or styles; entities decoded; block elements
 * end a line) with each character's source offset, so a finding says line:column of the source; `<img>` alt/src
 * and inline drawings with `aria-label` (`<svg role="img">`);
 * colours of `<style>` elements, `style` attributes and SVG/HTML colour attributes (fill, stroke, color, bgcolor,
 * stop-color).
 */
import { lineMap } from '../text';
import type { ColourUse, DocModel, ImageRef } from '../types';
import { cssColours } from './colour-parse';

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  shy: '\u00ad',
  rsquo: '’',
  lsquo: '‘',
  rdquo: '”',
  ldquo: '“',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  copy: '©',
  reg: '®',
  trade: '™',
  euro: '€',
  eacute: 'é',
  egrave: 'è',
  agrave: 'à',
  uuml: 'ü',
  ouml: 'ö',
  auml: 'ä',
};

const BLOCKS = new Set(
  'address article aside blockquote br dd div dl dt figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section table td th title tr ul'.split(
    ' ',
  ),
);
/** A tag from `<` to `>`, quoted attribute values may hold `>` (sticky: matched where lastIndex says). */
const TAG = /<[^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*>?/y;
/** The next character that may start markup (sticky search from lastIndex). */
const TEXT_RUN = /[<&]/g;
const RAW = new Set(['script', 'style', 'noscript', 'template', 'textarea']);
const COLOUR_ATTRS = new Set(['fill', 'stroke', 'color', 'bgcolor', 'stop-color', 'flood-color']);

function attributes(tag: string): { name: string; value: string; index: number }[] {
  const out: { name: string; value: string; index: number }[] = [];
  const re = /([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;
  const body = tag.replace(/^<\/?[^\s/>]+/, (m) => ' '.repeat(m.length));
  for (const m of body.matchAll(re)) {
    const value = m[2] ?? m[3] ?? m[4] ?? '';
    const offset = m[2] !== undefined || m[3] !== undefined ? m[0].indexOf(value, m[1]!.length) : 0;
    out.push({ name: m[1]!.toLowerCase(), value, index: m.index + Math.max(0, offset) });
  }
  return out;
}

export function decodeEntity(s: string): string | undefined {
  const m = /^&(?:#(\d+)|#x([0-9a-f]+)|([a-z]+));$/i.exec(s);
  if (!m) return undefined;
  const cp = m[1] ? Number(m[1]) : m[2] ? parseInt(m[2], 16) : undefined;
  if (cp !== undefined) return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : undefined;
  return ENTITIES[m[3]!.toLowerCase()];
}

export function readHtml(file: string, source: string): DocModel {
  const lc = lineMap(source);
  const lower = source.toLowerCase();
  const loc = (offset: number) => ({ file, ...lc(offset) });
  const parts: string[] = [];
  let length = 0;
  /** Text segments: where each starts in the text and in the source (a run maps 1:1, an entity to its `&`). */
  const textStarts: number[] = [];
  const sourceStarts: number[] = [];
  const linear: boolean[] = [];
  const images: ImageRef[] = [];
  const colours: ColourUse[] = [];
  const push = (s: string, offset: number, run = false) => {
    textStarts.push(length);
    sourceStarts.push(offset);
    linear.push(run);
    parts.push(s);
    length += s.length;
  };
  const addColours = (css: string, base: number) => {
    for (const c of cssColours(css))
      colours.push({ written: c.written, rgb: c.rgb, location: loc(base + c.index) });
  };
  let i = 0;
  while (i < source.length) {
    const ch = source[i]!;
    if (ch === '<' && source.startsWith('<!--', i)) {
      const end = source.indexOf('-->', i + 4);
      i = end < 0 ? source.length : end + 3;
      continue;
    }
    if (ch === '<' && /[a-z/!?]/i.test(source[i + 1] ?? '')) {
      TAG.lastIndex = i;
      const tag = TAG.exec(source)![0];
      const name = /^<\/?([a-z][a-z0-9-]*)/i.exec(tag)?.[1]?.toLowerCase() ?? '';
      const attrs = attributes(tag);
      for (const a of attrs) {
        if (a.name === 'style') addColours(a.value, i + a.index);
        else if (COLOUR_ATTRS.has(a.name)) addColours(a.value, i + a.index);
      }
      const get = (n: string) => attrs.find((a) => a.name === n)?.value ?? '';
      if (name === 'img' && !tag.startsWith('</'))
        images.push({ name: get('src'), alt: get('alt') || get('title'), location: loc(i) });
      // An inline drawing that says what it is (`<svg role="img" aria-label="EU emblem">`) is an image too.
      else if (!tag.startsWith('</') && (name === 'svg' || get('role') === 'img') && get('aria-label'))
        images.push({ name: '', alt: get('aria-label'), location: loc(i) });
      if (BLOCKS.has(name)) push('\n', i);
      i += tag.length;
      if (RAW.has(name) && !tag.startsWith('</')) {
        const end = lower.indexOf(`</${name}`, i);
        const stop = end < 0 ? source.length : end;
        if (name === 'style') addColours(source.slice(i, stop), i);
        i = stop;
      }
      continue;
    }
    if (ch === '&') {
      const m = /^&(?:#\d+|#x[0-9a-f]+|[a-z]+);/i.exec(source.slice(i, i + 12));
      const decoded = m ? decodeEntity(m[0]) : undefined;
      if (m && decoded !== undefined) {
        push(decoded, i);
        i += m[0].length;
        continue;
      }
    }
    TEXT_RUN.lastIndex = i + 1;
    const next = TEXT_RUN.exec(source)?.index ?? source.length;
    push(source.slice(i, next), i, true);
    i = next;
  }
  const text = parts.join('');
  const at = (offset: number): number => {
    let lo = 0;
    let hi = textStarts.length - 1;
    if (hi < 0) return 0;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (textStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return linear[lo] ? sourceStarts[lo]! + (offset - textStarts[lo]!) : sourceStarts[lo]!;
  };
  return {
    file,
    kind: 'html',
    blocks: [{ text, at: (offset) => loc(at(offset)) }],
    images,
    colours,
  };
}
