/**
 * Publications as CSL-JSON, BibTeX and RIS, written so Herald's own importers (src/importers: csl, bibtex, ris) read
 * them back to the same publications. Where each format carries what a funder asks for:
 * - DOI: CSL `DOI`, BibTeX `doi`, RIS `DO`.
 * - Open-access route: BibTeX `oa = {green}`; CSL `note` and RIS `N1` lines `Open access: green` (all read back).
 *   A repository copy: CSL `URL` when there is no other, BibTeX `oaurl`, RIS `L1`.
 * - Licence: CSL `license`, BibTeX `license`, RIS `N1` `Licence: …` (all read back).
 * - Funding (every grant of the plan): CSL `note`, BibTeX `note`, RIS `N1`, as "This project has received funding
 *   from <label or funder + programme> under grant agreement No <number>".
 * BibTeX is written here (no @citation-js BibTeX plugin is installed): UTF-8 kept, LaTeX specials escaped.
 */
import type { Grant } from '../plan/schema';
import type { Publication } from './schema';

/** A stored publication: its id beside the fields. */
export type PublicationRecord = Publication & { id: string };

export type CiteFormat = 'csl' | 'bibtex' | 'ris';

/** Extension, content type and writer of each format. */
export const CITE_FORMATS: Record<CiteFormat, { extension: string; contentType: string }> = {
  csl: { extension: 'csl.json', contentType: 'application/vnd.citationstyles.csl+json; charset=utf-8' },
  bibtex: { extension: 'bib', contentType: 'application/x-bibtex; charset=utf-8' },
  ris: { extension: 'ris', contentType: 'application/x-research-info-systems; charset=utf-8' },
};

/** The funding sentence of a grant (the H2020 Model Grant Agreement's wording, Art. 29.4). */
export function fundingSentence(grant: Grant): string {
  const source = grant.label ?? [grant.funder, grant.programme].filter(Boolean).join(' ');
  return `This project has received funding from ${source} under grant agreement No ${grant.number}`;
}

/** The entry's key: its key in the source it came from, else its record id. */
const keyOf = (p: PublicationRecord) => p.source_key ?? p.id;

/**
 * Keys made unique within a file (case-insensitive, as BibTeX compares them): two imports may have given the same
 * key, and a repeated key makes an importer keep only the first entry. A repeat gets its record id appended.
 */
function uniqueKeys(publications: readonly PublicationRecord[], clean: (key: string) => string): string[] {
  const seen = new Set<string>();
  return publications.map((p) => {
    let key = clean(keyOf(p));
    if (seen.has(key.toLowerCase())) key = clean(`${keyOf(p)}-${p.id}`);
    for (let n = 2; seen.has(key.toLowerCase()); n += 1) key = clean(`${keyOf(p)}-${p.id}-${n}`);
    seen.add(key.toLowerCase());
    return key;
  });
}

/**
 * `Family, Given` (or `Family, Given, Suffix`, as the importers write `Jr.`) → its parts; a name without a comma is a
 * literal (an organisation, a single name).
 */
function splitName(name: string): { family: string; given?: string; suffix?: string } | { literal: string } {
  const [family = '', given, ...rest] = name.split(',').map((part) => part.trim());
  if (given === undefined) return { literal: name };
  const suffix = rest.join(', ');
  return { family, ...(given ? { given } : {}), ...(suffix ? { suffix } : {}) };
}

/** Date parts to the known precision: `[y]`, `[y, m]` or `[y, m, d]`. */
function dateParts(p: PublicationRecord): number[] {
  if (!p.date) return [p.year];
  const [y, m, d] = p.date.split('-').map(Number) as [number, number, number];
  const precision = p.date_precision ?? 'day';
  if (precision === 'year') return [y];
  if (precision === 'month') return [y, m];
  return [y, m, d];
}

/** The human notes of an entry: open-access route, licence, funding. */
function notes(p: PublicationRecord, grants: readonly Grant[]): string[] {
  return [
    `Open access: ${p.open_access}`,
    ...(p.embargo_end ? [`Embargo end: ${p.embargo_end}`] : []),
    ...(p.licence ? [`Licence: ${p.licence}`] : []),
    ...grants.map(fundingSentence),
  ];
}

const CSL_TYPES: Record<Publication['type'], string> = {
  journal_article: 'article-journal',
  conference_paper: 'paper-conference',
  book_chapter: 'chapter',
  book: 'book',
  thesis: 'thesis',
  other: 'document',
};

/** A publication as a CSL-JSON item. */
export function toCslItem(
  p: PublicationRecord,
  grants: readonly Grant[],
  key: string = keyOf(p),
): Record<string, unknown> {
  const item: Record<string, unknown> = {
    id: key,
    type: CSL_TYPES[p.type],
    title: p.title,
    author: p.authors.map((a) => splitName(a.name)),
    'container-title': p.venue,
    publisher: p.publisher,
    volume: p.volume,
    issue: p.issue,
    page: p.pages,
    issued: { 'date-parts': [dateParts(p)] },
    DOI: p.doi,
    ISBN: p.isbn,
    ISSN: p.issn,
    URL: p.url ?? p.repository_url,
    license: p.licence,
    note: notes(p, grants).join('\n'),
  };
  return Object.fromEntries(Object.entries(item).filter(([, v]) => v !== undefined));
}

/** Publications as a CSL-JSON document (an array of items). */
export function toCslJson(publications: readonly PublicationRecord[], grants: readonly Grant[]): string {
  const keys = uniqueKeys(publications, (k) => k);
  return `${JSON.stringify(
    publications.map((p, i) => toCslItem(p, grants, keys[i])),
    null,
    2,
  )}\n`;
}

const BIBTEX_SPECIALS: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '{': '\\{',
  '}': '\\}',
  $: '\\$',
  '&': '\\&',
  '%': '\\%',
  '#': '\\#',
  _: '\\_',
  '^': '\\textasciicircum{}',
  '~': '\\textasciitilde{}',
};

/** Text as a BibTeX value's content: LaTeX specials escaped, UTF-8 kept (biblatex and the importers read it). */
export function escapeBibtex(text: string): string {
  return text.replace(/[\\{}$&%#_^~]/g, (c) => BIBTEX_SPECIALS[c] ?? c);
}

/** A value that is taken verbatim (DOI, URL): only braces and backslashes would break the entry. */
const verbatim = (text: string) => text.replace(/[\\{}]/g, '');

/** A BibTeX name: `Family, Given`; literal names (organisations) braced so `and` and spaces stay inside. */
function bibtexName(name: string): string {
  const parts = splitName(name);
  if ('literal' in parts) return `{${escapeBibtex(parts.literal)}}`;
  const family = /\s|\band\b/.test(parts.family)
    ? `{${escapeBibtex(parts.family)}}`
    : escapeBibtex(parts.family);
  // BibTeX's three-part form is `von Last, Jr, First`.
  const suffix = parts.suffix ? `, ${escapeBibtex(parts.suffix)}` : '';
  return parts.given ? `${family}${suffix}, ${escapeBibtex(parts.given)}` : family;
}

const BIBTEX_TYPES: Record<Publication['type'], string> = {
  journal_article: 'article',
  conference_paper: 'inproceedings',
  book_chapter: 'incollection',
  book: 'book',
  thesis: 'phdthesis',
  other: 'misc',
};

/** A BibTeX key: the entry's key with characters BibTeX refuses in a key replaced. */
const bibtexKey = (key: string) => key.replace(/[\s,{}()"#%'=\\~]/g, '_');

/** A publication as a BibTeX entry (biblatex `date` to the known precision, `year` beside it). */
export function toBibtexEntry(
  p: PublicationRecord,
  grants: readonly Grant[],
  key: string = bibtexKey(keyOf(p)),
): string {
  const parts = dateParts(p);
  const fields: [string, string | undefined][] = [
    ['title', escapeBibtex(p.title)],
    ['author', p.authors.map((a) => bibtexName(a.name)).join(' and ')],
    [p.type === 'journal_article' ? 'journal' : 'booktitle', p.venue && escapeBibtex(p.venue)],
    [p.type === 'thesis' ? 'school' : 'publisher', p.publisher && escapeBibtex(p.publisher)],
    ['volume', p.volume && escapeBibtex(p.volume)],
    ['number', p.issue && escapeBibtex(p.issue)],
    ['pages', p.pages && escapeBibtex(p.pages)],
    ['year', String(p.year)],
    ['date', parts.map((n, i) => (i === 0 ? String(n) : String(n).padStart(2, '0'))).join('-')],
    ['doi', p.doi && verbatim(p.doi)],
    ['isbn', p.isbn && escapeBibtex(p.isbn)],
    ['issn', p.issn && escapeBibtex(p.issn)],
    ['url', p.url && verbatim(p.url)],
    ['oaurl', p.repository_url && verbatim(p.repository_url)],
    ['oa', p.open_access],
    ['license', p.licence && escapeBibtex(p.licence)],
    ['note', notes(p, grants).map(escapeBibtex).join('. ')],
  ];
  const body = fields
    .filter((f): f is [string, string] => f[1] !== undefined && f[1] !== '')
    .map(([name, value]) => `  ${name} = {${value}}`)
    .join(',\n');
  return `@${BIBTEX_TYPES[p.type]}{${key},\n${body}\n}\n`;
}

/** Publications as a BibTeX file. */
export function toBibtex(publications: readonly PublicationRecord[], grants: readonly Grant[]): string {
  const keys = uniqueKeys(publications, bibtexKey);
  return publications.map((p, i) => toBibtexEntry(p, grants, keys[i])).join('\n');
}

const RIS_TYPES: Record<Publication['type'], string> = {
  journal_article: 'JOUR',
  conference_paper: 'CPAPER',
  book_chapter: 'CHAP',
  book: 'BOOK',
  thesis: 'THES',
  other: 'GEN',
};

/** A RIS value on one line (a line break would start an unknown tag). */
const risValue = (text: string) => text.replace(/\s*[\r\n]+\s*/g, ' ');

/** A publication as a RIS record (`DA` as `YYYY/MM/DD/` to the known precision). */
export function toRisRecord(p: PublicationRecord, grants: readonly Grant[], key: string = keyOf(p)): string {
  const parts = dateParts(p).map((n, i) => (i === 0 ? String(n) : String(n).padStart(2, '0')));
  const [first, last] = (p.pages ?? '').split('-', 2);
  const lines: [string, string | undefined][] = [
    ['TY', RIS_TYPES[p.type]],
    ['ID', key],
    ['TI', p.title],
    ...p.authors.map((a): [string, string] => ['AU', a.name]),
    ['T2', p.venue],
    ['PB', p.publisher],
    ['VL', p.volume],
    ['IS', p.issue],
    ['SP', first || undefined],
    ['EP', last || undefined],
    ['PY', String(p.year)],
    ['DA', `${parts.join('/')}/`],
    ['DO', p.doi],
    ['SN', p.isbn ?? p.issn],
    ['UR', p.url],
    ['L1', p.repository_url],
    ...notes(p, grants).map((n): [string, string] => ['N1', n]),
  ];
  return `${lines
    .filter((l): l is [string, string] => l[1] !== undefined && l[1] !== '')
    .map(([tag, value]) => `${tag}  - ${risValue(value)}`)
    .join('\r\n')}\r\nER  - \r\n`;
}

/** Publications as a RIS file (CRLF lines, as the format's specification writes them). */
export function toRis(publications: readonly PublicationRecord[], grants: readonly Grant[]): string {
  const keys = uniqueKeys(publications, risValue);
  return publications.map((p, i) => toRisRecord(p, grants, keys[i])).join('\r\n');
}

/** Publications in a citation format. */
export function citeText(
  format: CiteFormat,
  publications: readonly PublicationRecord[],
  grants: readonly Grant[],
): string {
  if (format === 'csl') return toCslJson(publications, grants);
  if (format === 'bibtex') return toBibtex(publications, grants);
  return toRis(publications, grants);
}
