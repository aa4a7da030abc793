/** Converts spreadsheet cells (text from CSV, typed values from XLSX) into the values a record schema expects. */

/** A cell as a reader gives it. */
export type CellValue = string | number | boolean | Date | null | undefined;

export type CellKind =
  | 'text'
  | 'code'
  | 'date'
  | 'partial-date'
  | 'int'
  | 'number'
  | 'bool'
  | 'enum'
  | 'name'
  | 'list'
  | 'enum-list'
  | 'country'
  | 'country-list'
  | 'url-list'
  | 'authors'
  | 'reach';

/** The converted value (undefined for an empty cell), or why the cell could not be read. */
export type CellResult =
  /** `also`: other fields the cell gives (a partial date's precision and year), unless the row has them. */
  | { ok: true; value: unknown; also?: Record<string, unknown> }
  | { ok: false; message: string; key?: string; params?: Record<string, string | number> };

const ok = (value: unknown): CellResult => ({ ok: true, value });
/** A failure: the English message, and its i18n key (`src/i18n/validation-messages.ts`) with params. */
const fail = (message: string, key?: string, params: Record<string, string> = {}): CellResult =>
  key === undefined ? { ok: false, message } : { ok: false, message, key, params };

/** Text of a cell; dates as ISO dates. */
export function cellText(value: CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return isoOfDate(value);
  return String(value).normalize('NFC').trim();
}

/** Lower-case, runs of anything but letters and digits as one `_`: `Press release` → `press_release`. */
export function normaliseName(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '_')
    .replace(/^_+|_+$/g, '');
}

const lookups = new WeakMap<readonly string[], Map<string, string>>();

/** The value of `values` that `text` names, ignoring case, spaces and punctuation; undefined when none. */
export function findValue(text: string, values: readonly string[]): string | undefined {
  let lookup = lookups.get(values);
  if (!lookup) {
    lookup = new Map(values.map((v) => [v, v]));
    for (const v of values) lookup.set(normaliseName(v), v);
    lookups.set(values, lookup);
  }
  return lookup.get(text) ?? lookup.get(normaliseName(text));
}

/** The value of `values` that `text` names, ignoring case, spaces and punctuation; `text` itself otherwise. */
export function matchValue(text: string, values: readonly string[] | undefined): string {
  return values ? (findValue(text, values) ?? text) : text;
}

// ---------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export function isoOfDate(d: Date): string {
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** `YYYY-MM-DD` when the day exists in that month, else undefined. */
export function isoDate(year: number, month: number, day: number): string | undefined {
  const d = new Date(Date.UTC(year, month - 1, day));
  if (year < 1000 || d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day)
    return undefined;
  return isoOfDate(d);
}

/** Excel's serial day number (1900 date system) as an ISO date. */
function excelSerialDate(serial: number): string | undefined {
  if (!Number.isInteger(serial) || serial < 1 || serial > 2_958_465) return undefined;
  return isoOfDate(new Date(Date.UTC(1899, 11, 30) + serial * 86_400_000));
}

const DATE_FORMATS: readonly [RegExp, (m: RegExpMatchArray) => string | undefined][] = [
  // 2020-03-31, 2020/03/31, 2020-03-31T10:00:00Z
  [/^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ].*)?$/, (m) => isoDate(+m[1]!, +m[2]!, +m[3]!)],
  // 31/03/2020, 31.03.2020, 31-03-2020 (day first, as in Europe)
  [/^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/, (m) => isoDate(+m[3]!, +m[2]!, +m[1]!)],
];

export const DATE_EXPECTED = 'expected YYYY-MM-DD or DD/MM/YYYY';

export function parseDate(value: CellValue): CellResult {
  if (value instanceof Date)
    return Number.isNaN(value.getTime())
      ? fail('is not a date', 'validation.import.badDate')
      : ok(isoOfDate(value));
  if (typeof value === 'number') {
    const iso = excelSerialDate(value);
    return iso
      ? ok(iso)
      : fail(`${value} is not a date (${DATE_EXPECTED})`, 'validation.import.notDateSerial', {
          input: String(value),
        });
  }
  const text = cellText(value);
  for (const [pattern, build] of DATE_FORMATS) {
    const m = text.match(pattern);
    const iso = m ? build(m) : undefined;
    if (iso) return ok(iso);
  }
  return fail(`"${text}" is not a date (${DATE_EXPECTED})`, 'validation.import.notDate', { input: text });
}

/**
 * A publication date that may be partial: a full date (any form `parseDate` reads) is exact; `2018-09`, `2018/09`,
 * `09/2018` are September 2018 (`2018-09-01`, precision month); `2018` is the year (`2018-01-01`, precision year).
 */
export function parsePartialDate(value: CellValue): CellResult {
  // A spreadsheet number 1900–2200 in a publication date column is a year, not an Excel serial day of 1905.
  const yearNumber = typeof value === 'number' && Number.isInteger(value) && value >= 1900 && value <= 2200;
  const text = typeof value === 'string' || yearNumber ? cellText(value) : '';
  const ym = text.match(/^(\d{4})[-/.](\d{1,2})$/);
  const my = text.match(/^(\d{1,2})[-/.](\d{4})$/);
  const [y, m] = ym ? [+ym[1]!, +ym[2]!] : my ? [+my[2]!, +my[1]!] : [0, 0];
  const iso = isoDate(y, m, 1);
  if (iso) return { ok: true, value: iso, also: { date_precision: 'month', year: y } };
  if (/^\d{4}$/.test(text) && +text >= 1000)
    return { ok: true, value: `${text}-01-01`, also: { date_precision: 'year', year: +text } };
  return parseDate(value);
}

// ---------------------------------------------------------------------------
// Numbers and booleans
// ---------------------------------------------------------------------------

/** `1234`, `1,234`, `1 234`, `1.234,5`, `12,5`, `4715.0` → number; undefined when not a number. */
export function parseNumber(text: string): number | undefined {
  let s = text.trim().replace(/[\s\u00a0\u202f']/g, '');
  if (s === '' || s === '-') return undefined;
  if (/^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) s = s.replace(/,/g, '');
  else if (/^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$/.test(s)) s = s.replace(/\./g, '').replace(',', '.');
  else if (/^[+-]?\d*,\d+$/.test(s)) s = s.replace(',', '.');
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s)) return undefined;
  return Number(s);
}

function parseNumberCell(value: CellValue, integer: boolean): CellResult {
  const n = typeof value === 'number' ? value : parseNumber(cellText(value));
  const input = cellText(value);
  if (n === undefined || !Number.isFinite(n))
    return fail(`"${input}" is not a number`, 'validation.import.notNumber', { input });
  if (integer && !Number.isInteger(n))
    return fail(`"${input}" is not a whole number`, 'validation.import.notWholeNumber', { input });
  return ok(n);
}

const TRUE_WORDS = new Set(['yes', 'y', 'true', '1', 'x', 'si', 'sí', 'oui', 'ja', 'はい', '✓']);
const FALSE_WORDS = new Set(['no', 'n', 'false', '0', 'non', 'nein', 'いいえ']);

function parseBool(value: CellValue): CellResult {
  if (typeof value === 'boolean') return ok(value);
  const text = cellText(value).toLowerCase();
  if (TRUE_WORDS.has(text)) return ok(true);
  if (FALSE_WORDS.has(text)) return ok(false);
  return fail(`"${cellText(value)}" is not yes or no`, 'validation.import.notBool', {
    input: cellText(value),
  });
}

// ---------------------------------------------------------------------------
// Lists, authors, reach per audience
// ---------------------------------------------------------------------------

/** Items of a list cell, separated by `;`, `|` or line breaks (never `,`: funder labels contain commas). */
export function splitList(text: string): string[] {
  return text
    .split(/[;|\n]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/**
 * `Family, Given (Affiliation) [PARTNER]; Family2, Given2` → authors. The affiliation in parentheses and the
 * partner code in brackets are optional.
 */
export function parseAuthors(text: string): { name: string; affiliation?: string; partner?: string }[] {
  return splitList(text).map((item) => {
    const partner = item.match(/\[([^\]]+)\]\s*$/);
    let rest = partner ? item.slice(0, partner.index).trim() : item;
    const affiliation = rest.match(/\(([^)]+)\)\s*$/);
    if (affiliation) rest = rest.slice(0, affiliation.index).trim();
    return {
      name: rest,
      ...(affiliation?.[1] ? { affiliation: affiliation[1].trim() } : {}),
      ...(partner?.[1] ? { partner: partner[1].trim() } : {}),
    };
  });
}

/** Formats authors back into the cell syntax of `parseAuthors`. */
export function formatAuthors(
  authors: readonly { name: string; affiliation?: string; partner?: string }[],
): string {
  return authors
    .map((a) =>
      [a.name, a.affiliation ? `(${a.affiliation})` : undefined, a.partner ? `[${a.partner}]` : undefined]
        .filter((part) => part !== undefined)
        .join(' '),
    )
    .join('; ');
}

/** `Citizens: 120; Research communities: 40` → `{ Citizens: 120, ... }`. */
function parseReach(text: string, audiences: readonly string[] | undefined): CellResult {
  const out: Record<string, number> = {};
  for (const item of splitList(text)) {
    const m = item.match(/^(.*\S)\s*[:=]\s*([\d\s.,]+)$/);
    const n = m ? parseNumber(m[2]!) : undefined;
    if (!m || n === undefined || !Number.isInteger(n))
      return fail(
        `"${item}" is not "audience: number" (e.g. "Citizens: 120; Research communities: 40")`,
        'validation.import.notReach',
        { input: item },
      );
    out[matchValue(m[1]!, audiences)] = n;
  }
  return ok(out);
}

// ---------------------------------------------------------------------------
// Entry point
// ---------------------------------------------------------------------------

/**
 * Converts one cell. Empty cells give `undefined` (the field is left out, so schema defaults apply). `values` is
 * the closed vocabulary of an enum column: names are matched ignoring case and punctuation.
 */
export function convertCell(kind: CellKind, value: CellValue, values?: readonly string[]): CellResult {
  const text = cellText(value);
  if (text === '') return ok(undefined);
  switch (kind) {
    case 'date':
      return parseDate(value);
    case 'partial-date':
      return parsePartialDate(value);
    case 'int':
      return parseNumberCell(value, true);
    case 'number':
      return parseNumberCell(value, false);
    case 'bool':
      return parseBool(value);
    case 'enum':
      return ok(matchValue(text, values));
    case 'name':
      // An open vocabulary (metric names): a common value as spelled there, else the text as a snake_case name.
      return ok(findValue(text, values ?? []) ?? normaliseName(text));
    case 'list':
      return ok(splitList(text));
    case 'enum-list':
      return ok(splitList(text).map((v) => matchValue(v, values)));
    case 'country':
      return ok(text.toUpperCase());
    case 'country-list':
      return ok(splitList(text.replace(/,/g, ';')).map((c) => c.toUpperCase()));
    case 'url-list':
      return ok(splitList(text.replace(/\s+/g, ';')));
    case 'authors':
      return ok(parseAuthors(text));
    case 'reach':
      return parseReach(text, values);
    case 'code':
    case 'text':
      return ok(text);
  }
}
