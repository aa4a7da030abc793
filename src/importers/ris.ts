/** RIS → CSL (`@citation-js/plugin-ris`) → publications; one row per record, located by its `TY` line. */
import core from '@citation-js/core';
import '@citation-js/plugin-ris';
import { cslRow, readyFile, type CslItem, type SourceExtras } from './csl';
import { readTextFile } from './encoding';
import type { CandidateRow, ImportOptions, ParsedFile } from './types';

const TAG = /^([A-Z][A-Z0-9]) {1,2}-(?: (.*))?$/;

/** One RIS record: its lines, its first line number and its tags (continuation lines joined). */
interface RisRecord {
  line: number;
  text: string;
  tags: Map<string, string[]>;
}

/**
 * RIS type codes of the names EndNote, Mendeley and others write instead (`TY  - Journal Article`). citation-js maps
 * authors, DOI and most fields only for known codes, so an unknown type would lose them all: unknown names become
 * `GEN` (generic), whose fields citation-js maps like any other type's.
 */
const RIS_TYPE_NAMES: Record<string, string> = {
  'journal article': 'JOUR',
  article: 'JOUR',
  'journal (full)': 'JFULL',
  'electronic article': 'EJOUR',
  'magazine article': 'MGZN',
  'newspaper article': 'NEWS',
  'conference paper': 'CPAPER',
  'conference proceeding': 'CONF',
  'conference proceedings': 'CONF',
  'book section': 'CHAP',
  'book chapter': 'CHAP',
  'electronic book section': 'ECHAP',
  book: 'BOOK',
  'whole book': 'BOOK',
  'electronic book': 'EBOOK',
  'edited book': 'EDBOOK',
  thesis: 'THES',
  'thesis/dissertation': 'THES',
  dissertation: 'THES',
  report: 'RPRT',
  generic: 'GEN',
  'unpublished work': 'UNPB',
  manuscript: 'MANSCPT',
  'web page': 'ELEC',
  dataset: 'DATA',
  'in press': 'INPR',
};

/** The RIS code of a `TY` value: a code (any case), a spelled-out name, or `GEN` for anything else. */
export function risTypeCode(value: string): string {
  const code = value.trim().toUpperCase();
  if (code === 'JOURN') return 'JOUR';
  if (code in RIS_TYPES || KNOWN_CODES.has(code)) return code;
  return RIS_TYPE_NAMES[value.trim().toLowerCase().replace(/\s+/g, ' ')] ?? 'GEN';
}

/** Splits RIS text into records (from `TY` to `ER`); text outside records (e.g. `1.`) is ignored. */
export function splitRis(text: string): RisRecord[] {
  const records: RisRecord[] = [];
  let current: { line: number; lines: string[]; tags: Map<string, string[]>; last?: string } | undefined;
  const close = () => {
    if (current) records.push({ line: current.line, text: current.lines.join('\n'), tags: current.tags });
    current = undefined;
  };
  // A byte-order mark (or one left in the middle by concatenated exports) would hide a record's `TY` line.
  text.split(/\r?\n/).forEach((line, i) => {
    const raw = line.replace(/^\uFEFF/, '');
    const m = raw.match(TAG);
    if (m?.[1] === 'TY') {
      close();
      current = { line: i + 1, lines: [], tags: new Map() };
    }
    if (!current) return;
    const value = m?.[1] === 'TY' ? risTypeCode(m[2] ?? '') : m?.[2];
    current.lines.push(m ? `${m[1]}  - ${value ?? ''}` : raw);
    if (m?.[1] === 'ER') return close();
    if (m) {
      const values = current.tags.get(m[1]!) ?? [];
      values.push((value ?? '').trim());
      current.tags.set(m[1]!, values);
      current.last = m[1];
    } else if (current.last && raw.trim() !== '') {
      const values = current.tags.get(current.last)!;
      values[values.length - 1] = `${values[values.length - 1]} ${raw.trim()}`.trim();
    }
  });
  close();
  return records;
}

const RIS_TYPES: Record<string, string> = {
  JOUR: 'article-journal',
  JFULL: 'article-journal',
  EJOUR: 'article-journal',
  CONF: 'paper-conference',
  CPAPER: 'paper-conference',
  CHAP: 'chapter',
  BOOK: 'book',
  EBOOK: 'book',
  EDBOOK: 'book',
  THES: 'thesis',
};

/** Codes citation-js knows besides those Herald maps to its publication types. */
const KNOWN_CODES = new Set(
  'ABST ADVS AGGR ANCIENT ART BILL BLOG CASE CHART CLSWK COMP CPAPER CTLG DATA DBASE DICT ECHAP ELEC ENCYC EQUA FIGURE GEN GOVDOC GRANT HEAR ICOMM INPR LEGAL MANSCPT MAP MGZN MPCT MULTI MUSIC NEWS PAMP PAT PCOMM RPRT SER SLIDE SOUND STAND STAT UNBILL UNPB VIDEO'.split(
    ' ',
  ),
);

const tag = (r: RisRecord, ...names: string[]) => names.map((n) => r.tags.get(n)?.[0]).find((v) => v);

/** Fields citation-js leaves out for some types (conference venue and year, chapter book title), from the raw tags. */
function fillGaps(item: CslItem, r: RisRecord): CslItem {
  const year = tag(r, 'PY', 'Y1', 'DA')?.match(/\d{4}/)?.[0];
  const out: CslItem = {
    ...item,
    type: item.type ?? RIS_TYPES[tag(r, 'TY') ?? ''] ?? 'document',
    title: item.title ?? tag(r, 'TI', 'T1', 'CT'),
    'container-title': item['container-title'] ?? tag(r, 'T2', 'JF', 'JO', 'BT', 'JA', 'J2', 'T3'),
    ...(!item.issued && !item['event-date'] && year ? { issued: { 'date-parts': [[Number(year)]] } } : {}),
  };
  const affiliations = r.tags.get('AD') ?? [];
  if (out.author && affiliations.length === out.author.length)
    out.author = out.author.map((a, i) => ({ ...a, affiliation: affiliations[i] }));
  return out;
}

/** The CSL item of one RIS record. */
export function risRecordToCsl(r: RisRecord): CslItem {
  let items: unknown[] = [];
  try {
    items = core.plugins.input.chain(r.text, { generateGraph: false });
  } finally {
    core.logger._log.length = 0;
  }
  const item = (items[0] ?? {}) as CslItem;
  return fillGaps(item, r);
}

/** The record number (`ID`, else its place in the file) as the source key, and its links as access evidence. */
function risExtras(r: RisRecord, ordinal: number): SourceExtras {
  const links = ['UR', 'L1', 'L2', 'L4', 'LK'].flatMap((t) => r.tags.get(t) ?? []);
  return { source_key: tag(r, 'ID') ?? String(ordinal), access: { urls: links } };
}

/** Candidate rows of a RIS text. */
export function risRows(text: string, options: ImportOptions = {}): CandidateRow[] {
  return splitRis(text).map((record, i) => {
    const place = { row: i + 1, line: record.line };
    try {
      return cslRow(risRecordToCsl(record), place, options, risExtras(record, i + 1));
    } catch (error) {
      return {
        ...place,
        input: {},
        errors: [
          {
            ...place,
            message: `unreadable RIS record: ${(error as Error).message}`,
            key: 'import.ris.unreadable',
            params: { error: (error as Error).message },
          },
        ],
      };
    }
  });
}

/** Parses a RIS file (BOM and Windows-1252 handled; multi-line values joined). */
export async function parseRis(path: string, options: ImportOptions = {}): Promise<ParsedFile> {
  const file = await readTextFile(path);
  const rows = risRows(file.text, options);
  const errors =
    rows.length === 0
      ? [
          {
            row: 0,
            message: 'no RIS record found (a record starts with "TY  - ")',
            key: 'import.ris.noRecord',
            params: {},
          },
        ]
      : [];
  const parsed = readyFile('ris', rows, errors, file.warnings, file.size, options);
  parsed.summary.encoding = file.encoding;
  return parsed;
}
