/** CSL-JSON, the internal form of a reference: maps a CSL item to a publication input; reads CSL-JSON files. */
import { readFile, stat } from 'node:fs/promises';
import type { PUBLICATION_TYPES } from '../plan/schema';
import type { DatePrecision } from '../records/dates';
import { normaliseDoi } from '../records/schema';
import { DEFAULT_BATCH_SIZE, inBatches } from './rows';
import { deriveOpenAccess, type AccessEvidence } from './open-access';
import { markContainerDois } from './shared-doi';
import { cleanTitle } from './title-text';
import { parseJsonText } from './json-text';
import {
  emptySummary,
  type CandidateRow,
  type ImportFormat,
  type ImportNote,
  type ImportOptions,
  type ParsedFile,
  type RowError,
} from './types';

type PublicationType = (typeof PUBLICATION_TYPES)[number];

/** A CSL name: structured or literal; `affiliation` is kept when a source (Crossref) gives one. */
export interface CslName {
  family?: string;
  given?: string;
  literal?: string;
  'non-dropping-particle'?: string;
  'dropping-particle'?: string;
  suffix?: string;
  affiliation?: { name?: string }[] | string;
}

export interface CslDate {
  'date-parts'?: (number | string)[][];
  raw?: string;
  literal?: string;
}

/** The CSL-JSON fields Herald reads (others are ignored). */
export interface CslItem {
  id?: string | number;
  type?: string;
  title?: string | string[];
  author?: CslName[];
  'container-title'?: string | string[];
  'collection-title'?: string | string[];
  'event-title'?: string;
  publisher?: string | string[];
  volume?: string | number;
  issue?: string | number;
  page?: string;
  'page-first'?: string;
  issued?: CslDate;
  'event-date'?: CslDate;
  DOI?: string;
  ISBN?: string | string[];
  ISSN?: string | string[];
  URL?: string;
  [key: string]: unknown;
}

const CSL_TYPES: Record<string, PublicationType> = {
  'article-journal': 'journal_article',
  article: 'journal_article',
  'paper-conference': 'conference_paper',
  chapter: 'book_chapter',
  book: 'book',
  thesis: 'thesis',
};

/** Herald's publication type of a CSL type. */
export function publicationTypeOf(cslType: string | undefined): PublicationType {
  return CSL_TYPES[cslType ?? ''] ?? 'other';
}

const first = (v: string | string[] | number | undefined): string | undefined => {
  const s = Array.isArray(v) ? v[0] : v;
  const text = s === undefined ? undefined : String(s).normalize('NFC').trim();
  return text ? text : undefined;
};

/** First identifier of a list field (`"978-… 978-…"`, arrays). */
const firstId = (v: string | string[] | undefined) => first(v)?.split(/[\s,;]+/)[0];

/** `Family, Given` (particles kept with the family name), or the literal name. */
export function authorName(name: CslName): string | undefined {
  return rawAuthorName(name)?.normalize('NFC');
}

function rawAuthorName(name: CslName): string | undefined {
  if (name.literal) return name.literal.trim();
  const family = [name['non-dropping-particle'], name.family].filter(Boolean).join(' ').trim();
  const given = [name.given, name['dropping-particle']].filter(Boolean).join(' ').trim();
  const suffix = name.suffix ? `, ${name.suffix}` : '';
  if (!family) return given || undefined;
  return given ? `${family}, ${given}${suffix}` : `${family}${suffix}`;
}

function affiliationOf(name: CslName): string | undefined {
  if (typeof name.affiliation === 'string') return name.affiliation.normalize('NFC').trim() || undefined;
  const names = (name.affiliation ?? [])
    .map((a) => a.name?.normalize('NFC').trim())
    .filter((a): a is string => !!a);
  return names.length > 0 ? names.join('; ') : undefined;
}

/**
 * Year, ISO date and its precision of a CSL date: `[2018, 9, 14]` is that day, `[2018, 9]` is September 2018
 * (`2018-09-01`, precision month), `[2018]` or a raw text with only a year is 2018 (`2018-01-01`, precision year).
 */
export function cslDate(date: CslDate | undefined): {
  year?: number;
  date?: string;
  precision?: DatePrecision;
} {
  const parts = date?.['date-parts']?.[0]?.map(Number) ?? [];
  const raw = date?.raw ?? date?.literal;
  const [y, m, d] = parts.length > 0 ? parts : raw?.match(/\d{4}/) ? [Number(raw.match(/\d{4}/)?.[0])] : [];
  if (y === undefined || Number.isNaN(y)) return {};
  const iso = (month: number, day: number) =>
    `${String(y).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  const valid = (n: number | undefined, max: number): n is number =>
    n !== undefined && Number.isInteger(n) && n >= 1 && n <= max;
  if (!valid(m, 12)) return { year: y, date: iso(1, 1), precision: 'year' };
  if (!valid(d, 31)) return { year: y, date: iso(m, 1), precision: 'month' };
  return { year: y, date: iso(m, d), precision: 'day' };
}

/** Journal articles and conference papers are taken as peer reviewed; a reporter can correct it. */
const PEER_REVIEWED_TYPES: readonly PublicationType[] = ['journal_article', 'conference_paper'];

/** What a source gives beyond CSL: the entry's key, its container's DOI, its title made plain, access evidence. */
export interface SourceExtras {
  source_key?: string;
  container_doi?: string;
  /** The title already made plain by the format (BibTeX: LaTeX); otherwise HTML is removed from the CSL title. */
  title?: { title?: string; title_original?: string };
  access?: AccessEvidence;
}

/**
 * The route and licence written as note lines (`Open access: hybrid`, `Licence: CC-BY-4.0`), as Herald's citation
 * exports write them (src/records/cite-export.ts): CSL `note` (text) or RIS `N1` (a list, through citation-js).
 */
export function noteEvidence(note: unknown): { flags: string[]; licenses: string[] } {
  const lines = (Array.isArray(note) ? note : [note])
    .filter((n): n is string => typeof n === 'string')
    .flatMap((n) => n.split(/\r?\n/));
  const values = (label: RegExp) =>
    lines.map((l) => l.trim().match(label)?.[1]?.trim()).filter((v): v is string => !!v);
  return {
    flags: values(/^Open access:\s*(gold|green|hybrid|closed)$/i),
    licenses: values(/^Licen[cs]e:\s*(\S.*)$/i),
  };
}

/** Key, container DOI, plain title (original kept) and open-access route of an item. */
function sourceFields(item: CslItem, extras: SourceExtras): Record<string, unknown> {
  const doi = item.DOI ? normaliseDoi(item.DOI) : undefined;
  const noted = noteEvidence(item.note);
  const key =
    extras.source_key ?? (typeof item.id === 'string' || typeof item.id === 'number' ? String(item.id) : '');
  const access = deriveOpenAccess({
    ...extras.access,
    urls: [first(item.URL), ...(extras.access?.urls ?? [])],
    licenses: [
      typeof item.license === 'string' ? item.license : undefined,
      ...(extras.access?.licenses ?? []),
      ...noted.licenses,
    ],
    flags: [...(extras.access?.flags ?? []), ...noted.flags],
    ...(doi ? { doi } : {}),
  });
  return {
    ...(extras.title ?? cleanTitle(first(item.title), 'html')),
    ...(key.trim() ? { source_key: key.trim() } : {}),
    ...(extras.container_doi ? { container_doi: normaliseDoi(extras.container_doi) } : {}),
    // `unknown` is the schema's default: left out, so an import default (`--default open_access=…`) still applies.
    ...(access.open_access !== 'unknown' ? access : {}),
    ...(access.licence ? { licence: access.licence } : {}),
  };
}

/** A publication input from a CSL item (affiliations kept as text; partners are matched later). */
export function cslToPublication(item: CslItem, extras: SourceExtras = {}): Record<string, unknown> {
  const type = publicationTypeOf(item.type);
  const { year, date, precision } = cslDate(item.issued ?? item['event-date']);
  const authors = (item.author ?? [])
    .map((a) => ({ name: authorName(a), affiliation: affiliationOf(a) }))
    .filter((a) => a.name !== undefined && a.name.toLowerCase() !== 'others')
    .map((a) => ({ name: a.name, ...(a.affiliation ? { affiliation: a.affiliation } : {}) }));
  const pages = first(item.page) ?? first(item['page-first']);
  const fields: Record<string, unknown> = {
    type,
    title: first(item.title),
    authors,
    venue: first(item['container-title']) ?? first(item['event-title']) ?? first(item['collection-title']),
    publisher: first(item.publisher),
    volume: first(item.volume),
    issue: first(item.issue),
    pages: pages?.replace(/[–—]/g, '-'),
    year,
    date,
    date_precision: precision,
    doi: item.DOI ? normaliseDoi(item.DOI) : undefined,
    isbn: firstId(item.ISBN),
    issn: firstId(item.ISSN),
    url: first(item.URL),
    peer_reviewed: PEER_REVIEWED_TYPES.includes(type),
    ...sourceFields(item, extras),
  };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}

/** A candidate row from a CSL item: import defaults, then the item's data (a default `peer_reviewed` beats the guess). */
export function cslRow(
  item: CslItem,
  place: { row: number; line?: number; file?: string; entry?: string },
  options: ImportOptions,
  extras: SourceExtras = {},
): CandidateRow {
  const defaults = options.defaults ?? {};
  const input = { ...defaults, ...cslToPublication(item, extras) };
  if (defaults.peer_reviewed !== undefined) input.peer_reviewed = defaults.peer_reviewed;
  return { ...place, input, errors: [] };
}

/** A parsed file that yields rows made ahead (reference formats read the whole file: they are small). */
export function readyFile(
  format: ImportFormat,
  rows: CandidateRow[],
  errors: RowError[],
  warnings: (string | ImportNote)[],
  totalBytes: number,
  options: ImportOptions,
): ParsedFile {
  const summary = emptySummary(format, 'publication', totalBytes);
  summary.fileErrors.push(...errors);
  summary.warnings.push(...warnings, ...markContainerDois(rows));
  const batches = async function* () {
    for await (const batch of inBatches(rows, options.batchSize ?? DEFAULT_BATCH_SIZE)) {
      summary.rows += batch.length;
      summary.rowsWithErrors += batch.filter((r) => r.errors.length > 0).length;
      summary.bytesRead = Math.round((totalBytes * summary.rows) / rows.length);
      options.onProgress?.({ bytesRead: summary.bytesRead, totalBytes, rows: summary.rows });
      yield batch;
    }
    summary.bytesRead = totalBytes;
  };
  return { format, type: 'publication', summary, batches: batches() };
}

/** Items of a CSL-JSON document: an array of items or a single item. */
export function cslItems(json: unknown): CslItem[] | undefined {
  if (Array.isArray(json)) return json.filter((i): i is CslItem => typeof i === 'object' && i !== null);
  if (typeof json === 'object' && json !== null) return [json as CslItem];
  return undefined;
}

/** Parses a CSL-JSON file (array or single object). */
export async function parseCslJson(path: string, options: ImportOptions = {}): Promise<ParsedFile> {
  const [text, { size }] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
  const parsedJson = parseJsonText(text);
  if ('error' in parsedJson) return readyFile('csl-json', [], [parsedJson.error], [], size, options);
  const { json } = parsedJson;
  const items = cslItems(json);
  if (!items)
    return readyFile(
      'csl-json',
      [],
      [
        {
          row: 0,
          message: 'expected a CSL-JSON item or a list of them',
          key: 'import.json.notCsl',
          params: {},
        },
      ],
      [],
      size,
      options,
    );
  const rows = items.map((item, i) =>
    cslRow(item, { row: i + 1, ...(item.id !== undefined ? { entry: String(item.id) } : {}) }, options),
  );
  return readyFile('csl-json', rows, [], [], size, options);
}
