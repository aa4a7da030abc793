/** RIS → CSL (`@citation-js/plugin-ris`) → publications; one row per record, located by its `TY` line. */
import core from '@citation-js/core';
import '@citation-js/plugin-ris';
import { cslRow, readyFile, type CslItem } from './csl';
import { readTextFile } from './encoding';
import type { CandidateRow, ImportOptions, ParsedFile } from './types';

const TAG = /^([A-Z][A-Z0-9]) {1,2}-(?: (.*))?$/;

/** One RIS record: its lines, its first line number and its tags (continuation lines joined). */
interface RisRecord {
  line: number;
  text: string;
  tags: Map<string, string[]>;
}

/** Splits RIS text into records (from `TY` to `ER`); text outside records (e.g. `1.`) is ignored. */
export function splitRis(text: string): RisRecord[] {
  const records: RisRecord[] = [];
  let current: { line: number; lines: string[]; tags: Map<string, string[]>; last?: string } | undefined;
  const close = () => {
    if (current) records.push({ line: current.line, text: current.lines.join('\n'), tags: current.tags });
    current = undefined;
  };
  text.split(/\r?\n/).forEach((raw, i) => {
    const m = raw.match(TAG);
    if (m?.[1] === 'TY') {
      close();
      current = { line: i + 1, lines: [], tags: new Map() };
    }
    if (!current) return;
    current.lines.push(m ? `${m[1]}  - ${m[2] ?? ''}` : raw);
    if (m?.[1] === 'ER') return close();
    if (m) {
      const values = current.tags.get(m[1]!) ?? [];
      values.push((m[2] ?? '').trim());
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

/** Candidate rows of a RIS text. */
export function risRows(text: string, options: ImportOptions = {}): CandidateRow[] {
  return splitRis(text).map((record, i) => {
    const place = { row: i + 1, line: record.line };
    try {
      return cslRow(risRecordToCsl(record), place, options);
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
