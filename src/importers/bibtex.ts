/** BibTeX → CSL → publications with `@retorquere/bibtex-parser`; a broken entry is reported with its line, the rest parsed. */
import { parse, type Creator, type Entry, type ParseError } from '@retorquere/bibtex-parser';
import { checkMacroExpansion } from './bibtex-limits';
import { readTextFile } from './encoding';
import { cslRow, readyFile, type CslItem, type CslName, type SourceExtras } from './csl';
import { bibtexTitle } from './title-text';
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

/**
 * True when the entry got the field from its crossref parent. Identifying fields (`doi`, `url`, `eprint`) inherited
 * this way are the volume's, not the paper's: the DOI is kept as the container's, the others are not used.
 */
const inherited = (entry: Entry, name: string) => entry.crossref?.inherited.includes(name) ?? false;

/** The entry's own value of an identifying field (not one inherited through `crossref`). */
const own = (entry: Entry, name: string) => (inherited(entry, name) ? undefined : field(entry.fields, name));

/**
 * What a BibTeX entry gives beyond CSL: its key, the DOI inherited from its volume (as the container's DOI), its title
 * as plain text (`raw`: the title as written), and open-access evidence (`oa`, `openaccess`, `url`, `eprint`).
 */
export function bibtexExtras(entry: Entry, raw: string | undefined): SourceExtras {
  const f = entry.fields;
  const containerDoi = inherited(entry, 'doi') ? field(f, 'doi') : undefined;
  return {
    source_key: entry.key,
    ...(containerDoi ? { container_doi: containerDoi } : {}),
    title: bibtexTitle(raw ?? field(f, 'title'), field(f, 'title')),
    access: {
      urls: [own(entry, 'url'), field(f, 'pdf'), field(f, 'oaurl', 'oa_url')],
      eprint: { id: own(entry, 'eprint'), type: own(entry, 'eprinttype') ?? own(entry, 'archiveprefix') },
      licenses: [field(f, 'license', 'licence', 'copyright')],
      flags: [field(f, 'oa'), field(f, 'openaccess', 'open_access', 'open-access')],
    },
  };
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
    DOI: own(entry, 'doi'),
    ISBN: field(f, 'isbn'),
    ISSN: field(f, 'issn'),
    URL: own(entry, 'url'),
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

/**
 * A field's value as written in the entry's text (`{…}` or `"…"`, braces nested), for the original of a title; undefined
 * for a `@string` macro or a `#` concatenation (the parser's conversion is used then). A second, raw parse of the
 * whole file would cost as much again.
 */
export function rawField(input: string, name: string): string | undefined {
  const start = new RegExp(`(?:^|[^\\w-])${name}\\s*=\\s*`, 'i').exec(input);
  if (!start) return undefined;
  const i = start.index + start[0].length;
  const open = input[i];
  if (open !== '{' && open !== '"') return undefined;
  let depth = 0;
  for (let j = i + 1; j < input.length; j++) {
    const c = input[j];
    if (c === '\\') j++;
    else if (c === '{') depth++;
    else if (c === '}' && depth > 0) depth--;
    else if (depth === 0 && (open === '{' ? c === '}' : c === '"')) {
      if (/^\s*#/.test(input.slice(j + 1))) return undefined;
      return input.slice(i + 1, j);
    }
  }
  return undefined;
}

/** Marks a key given to a later entry again; the parser would otherwise resolve `crossref` by the last of them. */
const REPEAT = '--herald-repeat-';

/**
 * The text with every repeated entry key (case-insensitive, as in BibTeX) made unique, and the offset of each key's
 * first entry; the text keeps its length per line, so lines stay where they were.
 */
function renameRepeatedKeys(text: string): { text: string; firsts: Map<string, number> } {
  const firsts = new Map<string, number>();
  let n = 0;
  const renamed = text.replace(
    /^([ \t]*@(?!comment\b|string\b|preamble\b)\w+\s*[{(]\s*)([^,\s{}()]+)(?=\s*,)/gim,
    (whole: string, head: string, key: string, offset: number) => {
      const upper = key.toUpperCase();
      if (!firsts.has(upper)) {
        firsts.set(upper, offset);
        return whole;
      }
      n += 1;
      return `${head}${key}${REPEAT}${n}`;
    },
  );
  return { text: renamed, firsts };
}

/** The error of an entry whose key an earlier entry has: reported with both lines, never imported. */
function repeatedKey(entry: Entry, line: number, firstLine: (key: string) => number): RowError | undefined {
  if (!entry.key.includes(REPEAT)) return undefined;
  const key = entry.key.slice(0, entry.key.indexOf(REPEAT));
  const first = firstLine(key);
  return {
    row: 0,
    line,
    column: 'key',
    message: `BibTeX key "${key}" on line ${line} is already used by the entry on line ${first}: only that first entry is imported`,
    key: 'validation.import.repeatedKey',
    params: { key, line: String(line), first: String(first) },
  };
}

/** Candidate rows of a BibTeX text, in file order: entries, and broken entries as rows that carry their error. */
export function bibtexRows(
  source: string,
  options: ImportOptions = {},
): { rows: CandidateRow[]; warnings: ImportNote[] } {
  // Refused before the parser expands anything (a macro bomb would take gigabytes).
  checkMacroExpansion(source);
  const renamed = renameRepeatedKeys(source);
  const text = renamed.text;
  const library = parse(text, { applyCrossRef: true, sentenceCase: false });
  const lineAt = lineFinder(text);
  const firstLine = (key: string) => lineAt(renamed.firsts.get(key.toUpperCase()) ?? 0);
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
    const again = repeatedKey(entry, place.line, firstLine);
    located.push({
      offset,
      row:
        (error ?? again)
          ? { ...place, input: {}, errors: [(error ?? again)!] }
          : cslRow(bibtexToCsl(entry), place, options, bibtexExtras(entry, rawField(entry.input, 'title'))),
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
