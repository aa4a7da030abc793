/** Crossref REST API works JSON (`{status, message}`, a list of them, or `message.items`) → CSL → publications. */
import { readFile, stat } from 'node:fs/promises';
import { cslRow, readyFile, type CslDate, type CslItem, type CslName, type SourceExtras } from './csl';
import { parseJsonText } from './json-text';
import type { ImportOptions, ParsedFile } from './types';

/** The Crossref work fields Herald reads. */
interface CrossrefWork {
  type?: string;
  title?: string[];
  subtitle?: string[];
  author?: (CslName & { affiliation?: { name?: string }[] })[];
  'container-title'?: string[];
  publisher?: string;
  volume?: string;
  issue?: string;
  page?: string;
  issued?: CslDate;
  'published-print'?: CslDate;
  'published-online'?: CslDate;
  DOI?: string;
  ISBN?: string[];
  ISSN?: string[];
  URL?: string;
  /** Licences of the work's versions (a Creative Commons one means open access at the publisher). */
  license?: { URL?: string; 'content-version'?: string }[];
  /** Unpaywall-style open-access flag, when the answer was enriched with one. */
  'is-oa'?: boolean;
  is_oa?: boolean;
}

const TYPES: Record<string, string> = {
  'journal-article': 'article-journal',
  'proceedings-article': 'paper-conference',
  'book-chapter': 'chapter',
  'book-section': 'chapter',
  'book-part': 'chapter',
  book: 'book',
  monograph: 'book',
  'edited-book': 'book',
  'reference-book': 'book',
  dissertation: 'thesis',
};

/** A Crossref work as a CSL item (the two are close: arrays for titles, other type names). */
export function crossrefToCsl(work: CrossrefWork): CslItem {
  const issued =
    work.issued?.['date-parts']?.[0]?.[0] != null
      ? work.issued
      : (work['published-print'] ?? work['published-online']);
  return {
    type: TYPES[work.type ?? ''] ?? 'document',
    title: work.title?.[0],
    author: work.author,
    'container-title': work['container-title']?.[0],
    publisher: work.publisher,
    volume: work.volume,
    issue: work.issue,
    page: work.page,
    issued,
    DOI: work.DOI,
    ISBN: work.ISBN,
    ISSN: work.ISSN,
    URL: work.URL,
  };
}

/** Licences for text and data mining only (`tdm`) come last: the article's own (vor, am, unspecified) first. */
const licenceOrder = (l: { 'content-version'?: string }) => (l['content-version'] === 'tdm' ? 1 : 0);

/** Open-access evidence of a work: its licences (`license[].URL`) and `is-oa` flag. */
export function crossrefExtras(work: CrossrefWork): SourceExtras {
  return {
    access: {
      licenses: [...(work.license ?? [])].sort((a, b) => licenceOrder(a) - licenceOrder(b)).map((l) => l.URL),
      flags: [work['is-oa'] ?? work.is_oa],
    },
  };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The works of a Crossref answer: one work, a work list (`message.items`), or a list of answers or works. */
export function crossrefWorks(json: unknown): CrossrefWork[] | undefined {
  if (Array.isArray(json)) return json.flatMap((entry) => crossrefWorks(entry) ?? []);
  if (!isObject(json)) return undefined;
  const message = json.message;
  if (isObject(message)) {
    if (Array.isArray(message.items)) return message.items.filter(isObject) as CrossrefWork[];
    return [message as CrossrefWork];
  }
  return 'DOI' in json || 'title' in json ? [json as CrossrefWork] : undefined;
}

/** True when the JSON looks like a Crossref answer rather than CSL-JSON. */
export function looksLikeCrossref(text: string): boolean {
  return /"message-type"\s*:/.test(text) || /^\s*[[{]\s*"status"\s*:\s*"ok"/.test(text);
}

/** Parses a Crossref works JSON file. */
export async function parseCrossref(path: string, options: ImportOptions = {}): Promise<ParsedFile> {
  const [text, { size }] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
  const parsedJson = parseJsonText(text);
  if ('error' in parsedJson) return readyFile('crossref', [], [parsedJson.error], [], size, options);
  const { json } = parsedJson;
  const works = crossrefWorks(json);
  if (!works)
    return readyFile(
      'crossref',
      [],
      [
        {
          row: 0,
          message: 'expected a Crossref works answer ({"status","message"})',
          key: 'import.json.notCrossref',
          params: {},
        },
      ],
      [],
      size,
      options,
    );
  const rows = works.map((work, i) =>
    cslRow(
      crossrefToCsl(work),
      { row: i + 1, ...(work.DOI ? { entry: work.DOI } : {}) },
      options,
      crossrefExtras(work),
    ),
  );
  return readyFile('crossref', rows, [], [], size, options);
}
