/** BibTeX → CSL → publications with `@retorquere/bibtex-parser`; a broken entry is reported with its line, the rest parsed. */
import { parse, type Creator, type Entry, type ParseError } from '@retorquere/bibtex-parser';
import { readTextFile } from './encoding';
import { cslRow, readyFile, type CslItem, type CslName } from './csl';
import {
  note,
  type CandidateRow,
  type ImportNote,
  type ImportOptions,
  type ParsedFile,
  type RowError,
} from './types';

const TYPES: Record<string, string> = {
  article: 'article-journal',
  inproceedings: 'paper-conference',
  conference: 'paper-conference',
  incollection: 'chapter',
  inbook: 'chapter',
  book: 'book',
  phdthesis: 'thesis',
  mastersthesis: 'thesis',
  thesis: 'thesis',
};

type Fields = Entry['fields'];

const field = (fields: Fields, ...names: string[]): string | undefined => {
  for (const name of names) {
    const value = (fields as Record<string, unknown>)[name];
    const text = Array.isArray(value) ? value.join('; ') : typeof value === 'string' ? value : undefined;
    if (text?.trim()) return text.trim();
  }
  return undefined;
};

function creatorToCsl(c: Creator): CslName {
  if (c.name) return { literal: c.name };
  return {
    ...(c.lastName ? { family: c.lastName } : {}),
    ...(c.firstName ? { given: c.firstName } : {}),
    ...(c.prefix ? { 'non-dropping-particle': c.prefix } : {}),
    ...(c.suffix ? { suffix: c.suffix } : {}),
  };
}

/** `date` (biblatex) or `year` + `month` as CSL date parts. */
function issued(fields: Fields): CslItem['issued'] {
  const date = field(fields, 'date')?.match(/^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?/);
  if (date)
    return {
      'date-parts': [
        date
          .slice(1)
          .filter((p) => p !== undefined)
          .map(Number),
      ],
    };
  const year = Number(field(fields, 'year')?.match(/\d{4}/)?.[0]);
  if (Number.isNaN(year)) return undefined;
  const month = Number(field(fields, 'month'));
  const day = Number(field(fields, 'day'));
  const parts = [
    year,
    ...(month >= 1 && month <= 12 ? [month, ...(day >= 1 && day <= 31 ? [day] : [])] : []),
  ];
  return { 'date-parts': [parts] };
}

/** Container entries (proceedings, collections) that only give fields to their children through `crossref`. */
const CONTAINER_TYPES = new Set(['proceedings', 'mvproceedings', 'collection', 'mvcollection', 'periodical']);

/** True for a crossref parent that is a container, not a publication of its own: it is not imported. */
export function isCrossrefParent(entry: Entry): boolean {
  return CONTAINER_TYPES.has(entry.type.toLowerCase()) && (entry.crossref?.donated.length ?? 0) > 0;
}

/** A BibTeX entry as a CSL item (type map of the brief; venue from journal, booktitle or school). */
export function bibtexToCsl(entry: Entry): CslItem {
  const f = entry.fields;
  const type = TYPES[entry.type.toLowerCase()] ?? 'document';
  return {
    id: entry.key,
    type,
    title: field(f, 'title'),
    author: (f.author ?? f.editor ?? []).map(creatorToCsl),
    'container-title': field(f, 'journal', 'journaltitle', 'booktitle', 'series'),
    publisher: field(f, 'publisher', ...(type === 'thesis' ? ['school', 'institution'] : []), 'organization'),
    volume: field(f, 'volume'),
    issue: field(f, 'number', 'issue'),
    page: field(f, 'pages'),
    issued: issued(f),
    DOI: field(f, 'doi'),
    ISBN: field(f, 'isbn'),
    ISSN: field(f, 'issn'),
    URL: field(f, 'url'),
  };
}

/** A function giving the 1-based line of a character offset of `text`. */
export function lineFinder(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

interface Located {
  offset: number;
  row: CandidateRow;
}

/** Key of the entry a parse error's input starts, e.g. `@inproceedings{broken,` → `broken`. */
const errorKey = (e: ParseError) => e.input?.match(/^@\w+\s*[{(]\s*([^,\s]+)/)?.[1];

function parseErrorRow(e: ParseError, startLine: number): RowError {
  const at = e.error.match(/at line (\d+), column (\d+)/);
  const key = errorKey(e);
  return {
    row: 0,
    line: at ? Number(at[1]) : startLine,
    ...(at ? { col: Number(at[2]) } : {}),
    ...(key ? { entry: key } : {}),
    message: `broken BibTeX entry${key ? ` "${key}"` : ''} (starting on line ${startLine}): ${e.error}`,
    key: 'import.bibtex.broken',
    params: { start: String(startLine), error: e.error },
  };
}

/** Candidate rows of a BibTeX text, in file order: entries, and broken entries as rows that carry their error. */
export function bibtexRows(
  text: string,
  options: ImportOptions = {},
): { rows: CandidateRow[]; warnings: ImportNote[] } {
  const library = parse(text, { applyCrossRef: true, sentenceCase: false });
  const lineAt = lineFinder(text);
  const located: Located[] = [];
  const broken = new Map<Entry, RowError>();
  const warnings: ImportNote[] = [];
  for (const error of library.errors) {
    const offset = error.input?.startsWith('@') ? text.indexOf(error.input) : -1;
    if (offset < 0) {
      warnings.push(note(`BibTeX: ${error.error}`, 'import.bibtex.parserNote', { error: error.error }));
      continue;
    }
    const key = errorKey(error);
    const entry = library.entries.find((e) => e.key === key && (e.input === '' || e.input === error.input));
    const rowError = parseErrorRow(error, lineAt(offset));
    if (entry && !broken.has(entry)) broken.set(entry, rowError);
    else
      located.push({
        offset,
        row: { row: 0, line: lineAt(offset), ...(key ? { entry: key } : {}), input: {}, errors: [rowError] },
      });
  }
  let cursor = 0;
  for (const entry of library.entries) {
    const error = broken.get(entry);
    if (!error && isCrossrefParent(entry)) {
      warnings.push(
        note(
          `@${entry.type}{${entry.key}} only gives fields to its crossref children: not imported`,
          'import.bibtex.crossrefParent',
          { type: entry.type, key: entry.key },
        ),
      );
      continue;
    }
    const found = entry.input ? text.indexOf(entry.input, cursor) : -1;
    const offset = found >= 0 ? found : error ? text.indexOf(`{${entry.key}`, cursor) : cursor;
    if (found >= 0) cursor = found + entry.input.length;
    const place = { row: 0, line: lineAt(Math.max(0, offset)), entry: entry.key };
    located.push({
      offset,
      row: error ? { ...place, input: {}, errors: [error] } : cslRow(bibtexToCsl(entry), place, options),
    });
  }
  located.sort((a, b) => a.offset - b.offset);
  const rows = located.map(({ row }, i) => ({
    ...row,
    row: i + 1,
    errors: row.errors.map((e) => ({ ...e, row: i + 1 })),
  }));
  return { rows, warnings };
}

/** Parses a BibTeX file. */
export async function parseBibtex(path: string, options: ImportOptions = {}): Promise<ParsedFile> {
  const file = await readTextFile(path);
  const { rows, warnings } = bibtexRows(file.text, options);
  const parsed = readyFile('bibtex', rows, [], [...file.warnings, ...warnings], file.size, options);
  parsed.summary.encoding = file.encoding;
  return parsed;
}
