/** Opening a file for import: its format (content, then extension) and the parser of that format. */
import { basename, extname } from 'node:path';
import type { RecordType } from '../plan/schema';
import { AppError, isAppError } from '../errors';
import { normaliseName } from '../records/cells';
import { parseCslJson } from './csl';
import { looksLikeCrossref, parseCrossref } from './crossref';
import { parseCsv } from './csv';
import { peekFile } from './csv-reader';
import { parseMetricsCsv } from './metrics-csv';
import { parseXAnalytics } from './x-analytics';
import { isAccountOverview, parseXOverview } from './x-overview';
import { parseZenodoStats } from './zenodo';
import { isDoiList } from '../sources/doi/list';
import type { CandidateRow, EntryUnit, ImportFormat, ImportOptions, ParsedFile, RowError } from './types';

/** Formats that read publications only, and metric snapshots only; CSV and XLSX read every type. */
const FORMAT_TYPES: Partial<Record<ImportFormat, RecordType>> = {
  bibtex: 'publication',
  ris: 'publication',
  'csl-json': 'publication',
  crossref: 'publication',
  'x-analytics': 'metric',
  'zenodo-stats': 'metric',
  'metrics-csv': 'metric',
  'x-account-overview': 'metric',
};

/** The record type a format is limited to, if any. */
export function formatRecordType(format: ImportFormat): RecordType | undefined {
  return FORMAT_TYPES[format];
}

const EXTENSIONS: Record<string, ImportFormat> = {
  '.xlsx': 'xlsx',
  '.bib': 'bibtex',
  '.bibtex': 'bibtex',
  '.ris': 'ris',
  '.json': 'csl-json',
  '.csljson': 'csl-json',
  '.csv': 'csv',
  '.txt': 'csv',
};

/** The CSV flavour its header names: X analytics, Zenodo stats, generic metrics, or a record CSV. */
function csvFlavour(headerLine: string): ImportFormat {
  const headers = headerLine.split(/[,;\t]/).map((h) => h.replace(/"/g, ''));
  const names = new Set(headers.map((h) => normaliseName(h)));
  if (names.has('tweet_permalink') && names.has('impressions')) return 'x-analytics';
  if ((names.has('id') || names.has('recid')) && names.has('downloads') && names.has('views'))
    return 'zenodo-stats';
  if (['date', 'channel', 'metric', 'value'].every((n) => names.has(n))) return 'metrics-csv';
  if (isAccountOverview(headers)) return 'x-account-overview';
  return 'csv';
}

/** The format of a file from its first bytes (content first, then the extension). */
export function detectFormat(fileName: string, firstBytes: Uint8Array): ImportFormat | undefined {
  const bytes = Buffer.from(firstBytes);
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return 'xlsx';
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  const start = text.trimStart();
  if (/^TY {1,2}- /m.test(text)) return 'ris';
  if (/^\s*(%[^\n]*\n\s*)*@\w+\s*[{(]/.test(text)) return 'bibtex';
  if (start.startsWith('{') || start.startsWith('['))
    return looksLikeCrossref(start) ? 'crossref' : 'csl-json';
  const byExtension = EXTENSIONS[extname(fileName).toLowerCase()];
  if (byExtension === 'xlsx' || byExtension === 'bibtex' || byExtension === 'ris') return byExtension;
  if (byExtension === 'csv' || byExtension === undefined) {
    const firstLine = start.split(/\r?\n/)[0] ?? '';
    return firstLine.includes(',') || firstLine.includes(';') || firstLine.includes('\t')
      ? csvFlavour(firstLine)
      : byExtension;
  }
  return byExtension;
}

export interface ParseFileRequest {
  path: string;
  /** What errors call the file (an upload's original name); left out, errors name no file. */
  name?: string;
  type: RecordType;
  /** Detected from the content and the file name when left out. */
  format?: ImportFormat;
  options?: ImportOptions;
}

/** Opens a file for import: stream `batches` (candidate rows), then read `summary`. */
export async function parseFile(request: ParseFileRequest): Promise<ParsedFile> {
  const { path, type, options = {} } = request;
  const head = request.format === undefined ? await peekFile(path, 4096) : undefined;
  const format = request.format ?? detectFormat(path, head ?? new Uint8Array());
  // A file of DOIs is no record file: it needs a lookup (src/sources/doi), said plainly rather than misread as a CSV.
  if (head && (format === 'csv' || format === undefined) && isDoiList(Buffer.from(head).toString('utf8')))
    throw new AppError({
      code: 'import_format_unknown',
      message: `${request.name ?? basename(path)} is a list of DOIs: add them on the "Add by DOI" page, or with herald import and this file alone`,
      messageKey: 'doi.error.isList',
      params: { file: request.name ?? basename(path) },
    });
  if (format === undefined)
    throw new AppError({
      code: 'import_format_unknown',
      message: `cannot tell the format of ${basename(path)}: use CSV, XLSX, BibTeX, RIS, CSL-JSON or Crossref JSON`,
      messageKey: 'validation.import.unknownFormat',
      params: { file: basename(path) },
    });
  const only = FORMAT_TYPES[format];
  // A record CSV of metrics is the generic metrics file.
  const effective = format === 'csv' && type === 'metric' ? 'metrics-csv' : format;
  if (only !== undefined && only !== type)
    throw new AppError({
      code: 'import_format_type',
      message: `a ${format} file holds ${only} records, not ${type} records`,
      messageKey: 'validation.import.formatType',
      params: { format, type, expected: only },
    });
  const file = request.name ?? basename(path);
  const parsed = await open(effective, path, type, options).catch((e: unknown) => {
    throw located(e, file);
  });
  return locate(
    parsed,
    { unit: UNITS[effective], ...(request.name !== undefined ? { file: request.name } : {}) },
    file,
  );
}

/**
 * Whatever a parser throws, as a 400 AppError that names the file: an AppError keeps its key and gets the file on
 * its details; anything else (a library's own exception on a damaged file) says the file cannot be read.
 */
export function located(error: unknown, file: string): AppError {
  if (isAppError(error)) {
    if (error.status >= 500) return error;
    for (const d of error.details)
      if (d.file === undefined) Object.assign(d, { file, path: d.path ? `${file}, ${d.path}` : file });
    if (error.params.file === '' || error.params.file === undefined) Object.assign(error.params, { file });
    // A refused file's message starts with its place; the file comes first.
    if (error.code === 'import_file_refused' && file && !error.message.startsWith(file))
      error.message = `${file}, ${error.message}`;
    return error;
  }
  const message = error instanceof Error ? error.message : String(error);
  return new AppError({
    code: 'import_file_refused',
    status: 400,
    message: `${file}: the file cannot be read: ${message}`,
    messageKey: 'import.parse.unreadable',
    params: { file, error: message },
    details: [
      {
        path: file,
        file,
        message: `the file cannot be read: ${message}`,
        key: 'import.parse.unreadable',
        params: { file, error: message },
      },
    ],
    cause: error,
  });
}

/** What a format's rows are: spreadsheet rows, RIS records, BibTeX entries, JSON items. */
const UNITS: Record<ImportFormat, EntryUnit> = {
  csv: 'row',
  xlsx: 'row',
  bibtex: 'entry',
  ris: 'record',
  'csl-json': 'item',
  crossref: 'item',
  'x-analytics': 'row',
  'zenodo-stats': 'row',
  'metrics-csv': 'row',
  'x-account-overview': 'row',
};

/** Every row and error of a parsed file names its file (when given), its unit and its XLSX sheet. */
function locate(parsed: ParsedFile, where: { unit: EntryUnit; file?: string }, name: string): ParsedFile {
  const { summary } = parsed;
  const place = (): Partial<RowError> => ({
    ...(where.file !== undefined ? { file: where.file } : {}),
    unit: where.unit,
    ...(summary.sheet !== undefined ? { sheet: summary.sheet } : {}),
  });
  const error = (e: RowError, row?: CandidateRow): RowError => ({
    ...place(),
    ...(row?.entry !== undefined ? { entry: row.entry } : {}),
    ...e,
  });
  // File errors are located in place: parsers compare them by identity.
  const locateFileErrors = () => {
    for (const e of summary.fileErrors) Object.assign(e, { ...place(), ...e });
  };
  async function* batches(): AsyncGenerator<CandidateRow[]> {
    try {
      for await (const batch of parsed.batches)
        yield batch.map((r) => ({ ...place(), ...r, errors: r.errors.map((e) => error(e, r)) }));
    } catch (e) {
      throw located(e, name);
    }
    locateFileErrors();
  }
  locateFileErrors();
  return { ...parsed, batches: batches() };
}

function open(
  format: ImportFormat,
  path: string,
  type: RecordType,
  options: ImportOptions,
): Promise<ParsedFile> {
  switch (format) {
    case 'csv':
      return parseCsv({ path, type, options });
    // The heaviest parsers load when a file needs them (a parse worker starts faster).
    case 'xlsx':
      return import('./xlsx').then((m) => m.parseXlsx(path, type, options));
    case 'bibtex':
      return import('./bibtex').then((m) => m.parseBibtex(path, options));
    case 'ris':
      return import('./ris').then((m) => m.parseRis(path, options));
    case 'csl-json':
      return parseCslJson(path, options);
    case 'crossref':
      return parseCrossref(path, options);
    case 'x-analytics':
      return parseXAnalytics(path, options);
    case 'zenodo-stats':
      return parseZenodoStats(path, options);
    case 'metrics-csv':
      return parseMetricsCsv(path, options);
    case 'x-account-overview':
      return parseXOverview(path, options);
  }
}
