/** Bibliographic titles as plain text: LaTeX (through the BibTeX parser) and HTML markup removed, the original kept. */
import { parse } from '@retorquere/bibtex-parser';

const SUB: Record<string, string> = {
  '0': '₀', '1': '₁', '2': '₂', '3': '₃', '4': '₄', '5': '₅', '6': '₆', '7': '₇', '8': '₈', '9': '₉',
  '+': '₊', '-': '₋', '=': '₌', '(': '₍', ')': '₎',
}; // prettier-ignore
const SUP: Record<string, string> = {
  '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹',
  '+': '⁺', '-': '⁻', '=': '⁼', '(': '⁽', ')': '⁾', n: 'ⁿ', i: 'ⁱ',
}; // prettier-ignore

/** Named entities met in titles (Crossref, publishers' HTML); numeric references are decoded generally. */
const ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ndash: '–', mdash: '—', hellip: '…',
  lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', laquo: '«', raquo: '»', times: '×', minus: '−',
  plusmn: '±', deg: '°', micro: 'µ', middot: '·', copy: '©', reg: '®', trade: '™', prime: '′',
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ε', lambda: 'λ', mu: 'μ', pi: 'π',
  sigma: 'σ', tau: 'τ', phi: 'φ', omega: 'ω', Delta: 'Δ', Sigma: 'Σ', Omega: 'Ω', le: '≤', ge: '≥',
  ne: '≠', larr: '←', rarr: '→', harr: '↔', auml: 'ä', ouml: 'ö', uuml: 'ü', Auml: 'Ä', Ouml: 'Ö',
  Uuml: 'Ü', szlig: 'ß', eacute: 'é', egrave: 'è', aacute: 'á', agrave: 'à', iacute: 'í', oacute: 'ó',
  uacute: 'ú', ntilde: 'ñ', ccedil: 'ç', Eacute: 'É',
}; // prettier-ignore

/** Decodes `&amp;`, `&#233;`, `&#xE9;`; an unknown name is left as written. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z][a-z0-9]*);/gi, (whole, name: string) => {
    if (name.startsWith('#')) {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1));
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name] ?? whole;
  });
}

/** `<sub>2</sub>` → `₂` when every character has a Unicode form, else the plain characters. */
const script = (map: Record<string, string>) => (_: string, inner: string) => {
  const chars = [...inner];
  return chars.every((c) => map[c] !== undefined) ? chars.map((c) => map[c]).join('') : inner;
};

const TAG = /<\/?[a-z][a-z0-9:-]*(?:\s[^<>]*)?\/?>/gi;
const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Removes the tags of HTML-ish markup (sub/superscripts as Unicode where they can be); entities stay encoded. */
function stripTags(text: string): string {
  return text
    .replace(/<sub>([^<]*)<\/sub>/gi, script(SUB))
    .replace(/<sup>([^<]*)<\/sup>/gi, script(SUP))
    .replace(/<br\s*\/?>/gi, ' ')
    .replace(TAG, '');
}

/** True when the text carries HTML tags or entities. */
export const hasHtml = (text: string): boolean => /<\/?[a-z][a-z0-9:-]*(?:\s[^<>]*)?\/?>|&#?\w+;/i.test(text);

/** HTML markup (`<i>`, `<sub>`, `<code>`, MathML, entities) as plain text. */
export function htmlToText(text: string): string {
  return collapse(decodeEntities(stripTags(text)));
}

/** TeX logos: the parser renders `\LaTeX` as styled markup and does not know `\TeX`. */
const LOGOS = /\\(LaTeXe|LaTeX|XeLaTeX|XeTeX|LuaTeX|pdfTeX|BibLaTeX|BibTeX|TeX)(?![a-zA-Z])(?:\{\})?/g;
const LT = '\uE000';
const GT = '\uE001';

/** Decoded entity text made safe inside LaTeX (`<`, `>` kept aside: the parser renders them as `¡`, `¿`). */
const texEscape = (s: string) =>
  s
    .replace(/[\\{}$%#&_^~]/g, (c) => (c === '\\' ? ' ' : `\\${c}`))
    .replace(/</g, LT)
    .replace(/>/g, GT);

/** HTML inside a LaTeX title rewritten as LaTeX, so one pass of the parser turns both into text. */
function htmlAsTex(text: string): string {
  if (!hasHtml(text)) return text;
  return stripTags(text).replace(/&(#x[0-9a-f]+|#\d+|[a-z][a-z0-9]*);/gi, (e) =>
    texEscape(decodeEntities(e)),
  );
}

/** A LaTeX title (BibTeX) as plain Unicode text: accents, math, `\emph{}`, case braces and TeX logos resolved. */
export function latexToText(raw: string): string {
  // Only case-protecting braces (the usual case): no need for the parser.
  if (!/[\\$~^_%&<>#]/.test(raw))
    return collapse(raw.replace(/[{}]/g, '').replace(/---/g, '—').replace(/--/g, '–'));
  const tex = htmlAsTex(raw)
    .replace(LOGOS, (_, logo: string) => (logo === 'LaTeXe' ? 'LaTeX2e' : logo))
    .replace(/</g, LT)
    .replace(/>/g, GT);
  let text: string | undefined;
  try {
    const library = parse(`@misc{t, title = {${tex}}}`, {
      sentenceCase: false,
      english: false,
      unsupported: () => '',
    });
    const entry = library.entries[0];
    if (library.entries.length === 1 && entry?.key === 't') text = entry.fields.title;
  } catch {
    text = undefined;
  }
  // Unbalanced braces and the like: drop the markup characters rather than keep LaTeX in a title.
  const plain = text ?? tex.replace(/\\[a-zA-Z]+\s?|[{}$\\]/g, '');
  return collapse(
    stripTags(plain).replace(new RegExp(LT, 'g'), '<').replace(new RegExp(GT, 'g'), '>'),
  ).normalize('NFC');
}

/**
 * A BibTeX title as plain text, from its raw text and the parser's conversion of it (`converted`, with the parser's
 * markup tags): the conversion is used unless the raw title holds what the parser mangles (HTML, `<`, TeX logos).
 */
export function bibtexTitle(
  raw: string | undefined,
  converted: string | undefined,
): { title?: string; title_original?: string } {
  const original = raw?.normalize('NFC').trim();
  if (!original) return {};
  const own = converted === undefined || /[<>&]/.test(original) || new RegExp(LOGOS.source).test(original);
  const title = (own ? latexToText(original) : collapse(stripTags(converted))).normalize('NFC');
  return title !== collapse(original) ? { title, title_original: original } : { title };
}

/** The plain title and, when the markup changed it, the original as written. */
export function cleanTitle(
  raw: string | undefined,
  markup: 'latex' | 'html',
): { title?: string; title_original?: string } {
  const original = raw?.normalize('NFC').trim();
  if (!original) return {};
  const title = (markup === 'latex' ? latexToText(original) : htmlToText(original)).normalize('NFC');
  return title !== collapse(original) ? { title, title_original: original } : { title };
}
