/** Shared types of the importers: candidate rows, row errors, options, the parsed-file handle and its summary. */
import type { ErrorDetail } from '../errors';
import type { RecordType } from '../plan/schema';

export const IMPORT_FORMATS = [
  'csv',
  'xlsx',
  'bibtex',
  'ris',
  'csl-json',
  'crossref',
  'x-analytics',
  'zenodo-stats',
  'metrics-csv',
  'x-account-overview',
] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** What a file's `row` numbers count: spreadsheet rows, RIS records, BibTeX entries or JSON items. */
export type EntryUnit = 'row' | 'record' | 'entry' | 'item';

/** One problem of one row (or of the file, with `row` 0), located as precisely as its format allows. */
export interface RowError {
  /** Data row as a spreadsheet shows it (header = row 1), or the entry number for reference formats; 0 = file. */
  row: number;
  /** What `row` counts (default `row`): `record` (RIS), `entry` (BibTeX), `item` (CSL-JSON, Crossref). */
  unit?: EntryUnit;
  /** The entry's own name, when it has one: BibTeX citation key, CSL-JSON id, Crossref DOI. */
  entry?: string;
  /** XLSX: the sheet the row is on. */
  sheet?: string;
  /** The column as the file names it (or the field name when the file has no columns). */
  column?: string;
  /** Physical line (1-based) for text formats. */
  line?: number;
  /** Character position in the line (1-based), when the parser gives one. */
  col?: number;
  /** The file, when several files are read together. */
  file?: string;
  /** The English text (what the CLI and logs print). */
  message: string;
  /** i18n key of the message, when it has one (the preview shows it translated). */
  key?: string;
  /** Values of the key's `{name}` placeholders. */
  params?: Record<string, string | number>;
  /** Which part of the row the message is about (`author 2 (partner): `), translated before the message. */
  prefix?: { key: string; params: Record<string, string | number> };
}

/** A note about a file that does not block its import (unknown column, encoding fallback), translatable. */
export interface ImportNote {
  /** The English text (CLI, logs). */
  message: string;
  key?: string;
  params?: Record<string, string | number>;
  /** The file, when several files are read together. */
  file?: string;
}

/** A note with its i18n key (keys of src/importers/parser-messages.ts). */
export const note = (
  message: string,
  key: string,
  params: Record<string, string | number> = {},
): ImportNote => ({
  message,
  key,
  params,
});

/** A warning as an ImportNote (parsers may still push plain English strings). */
export const asNote = (w: string | ImportNote): ImportNote => (typeof w === 'string' ? { message: w } : w);

/** A row read from a file, not yet validated against the record schema. */
export interface CandidateRow {
  row: number;
  line?: number;
  file?: string;
  /** The entry's own name (BibTeX key, CSL-JSON id, Crossref DOI): errors of the row carry it. */
  entry?: string;
  /** What `row` counts, and the XLSX sheet (set by `parseFile` for the format). */
  unit?: EntryUnit;
  sheet?: string;
  /** Field → value, shaped for the record schema (cells already converted: dates ISO, numbers, lists). */
  input: Record<string, unknown>;
  /** Problems found while reading the row (a cell that is not a date, a broken entry, ...). */
  errors: RowError[];
  /** Field → the column the value came from, so validation errors name the file's column. */
  columns?: Record<string, string>;
  /** The DOI that entries of the file with different titles share, moved to `container_doi` (src/importers/shared-doi.ts). */
  sharedDoi?: string;
}

/** Where a row is: the location fields of a candidate row that its errors repeat. */
export type RowPlace = Pick<RowError, 'row' | 'line' | 'file' | 'entry' | 'unit' | 'sheet'>;

/** The location of a candidate (or validated) row, for the errors found in it. */
export function placeOf(r: RowPlace): RowPlace {
  return {
    row: r.row,
    ...(r.line !== undefined ? { line: r.line } : {}),
    ...(r.file !== undefined ? { file: r.file } : {}),
    ...(r.entry !== undefined ? { entry: r.entry } : {}),
    ...(r.unit !== undefined ? { unit: r.unit } : {}),
    ...(r.sheet !== undefined ? { sheet: r.sheet } : {}),
  };
}

export interface ImportProgress {
  bytesRead: number;
  totalBytes: number;
  rows: number;
}

/** Options of `parseFile`; each format reads the ones it needs. */
export interface ImportOptions {
  /** Rows per batch (default 1,000). */
  batchSize?: number;
  onProgress?: (progress: ImportProgress) => void;
  /** Values for fields the file does not give (e.g. `{ lead_partner: 'WLI' }`); a cell wins over a default. */
  defaults?: Record<string, unknown>;
  /** CSV: force the delimiter instead of detecting it from the header line. */
  delimiter?: ',' | ';' | '\t';
  /** XLSX: the sheet to read (default: the first). */
  sheet?: string;
  /** Metric formats: the snapshot date (Zenodo stats carry none). */
  snapshotDate?: string;
  /** Metric formats: project (default) or partner accounts. */
  channelScope?: 'project' | 'partner';
  /**
   * Metric formats: whether the file is a complete export of its source on its date (items absent from it stop
   * counting). Default per format: Zenodo stats yes, others no.
   */
  completeExport?: boolean;
  /** X account overview: the account the file is about (`@handle` or profile URL); the export does not name it. */
  account?: string;
  /** Today's date (the caller's clock; default the system's): X overview dates its running month's row on it. */
  today?: string;
}

/** What a metric file is as a whole: the `source` of its snapshots and whether it is that source's complete state. */
export interface SourceExport {
  source: string;
  complete: boolean;
}

/** Counts and notes about one parsed file; complete once its batches have been read to the end. */
export interface ImportSummary {
  format: ImportFormat;
  type: RecordType;
  /** Candidate rows produced. */
  rows: number;
  /** Candidate rows that already carry a read error. */
  rowsWithErrors: number;
  /** Problems with the whole file (missing column, unreadable file); when any, nothing may be imported. */
  fileErrors: RowError[];
  /** Notes that do not block an import: unknown columns, encoding fallback, skipped blank rows. */
  warnings: (string | ImportNote)[];
  /** Text formats: how the bytes were decoded, e.g. `UTF-8 with BOM`, `Windows-1252 (Latin-1)`. */
  encoding?: string;
  delimiter?: string;
  sheet?: string;
  /** Columns of the file matched to fields: column → field. */
  columns?: Record<string, string>;
  /** Metric formats: the file's source, and whether it is imported as a complete export of it. */
  export?: SourceExport;
  bytesRead: number;
  totalBytes: number;
}

/** A file being parsed: stream its batches, then read the summary. */
export interface ParsedFile {
  format: ImportFormat;
  type: RecordType;
  batches: AsyncIterable<CandidateRow[]>;
  summary: ImportSummary;
}

/** `entry 3 "key"`, `record 4`, `row 12`, `sheet "Data", row 12`: the entry an error is about (English). */
export function entryText(e: Pick<RowError, 'row' | 'unit' | 'entry' | 'sheet'>): string | undefined {
  if (e.row <= 0) return e.entry !== undefined ? `"${e.entry}"` : undefined;
  const unit = `${e.unit ?? 'row'} ${e.row}${e.entry !== undefined ? ` "${e.entry}"` : ''}`;
  return e.sheet !== undefined ? `sheet "${e.sheet}", ${unit}` : unit;
}

/** `a.csv, row 12, line 12, column "date": message` (the parts that are known). */
export function formatRowError(e: RowError): string {
  const where = [
    e.file,
    entryText(e),
    e.line !== undefined ? `line ${e.line}${e.col !== undefined ? `, column ${e.col}` : ''}` : undefined,
    e.column !== undefined ? `column "${e.column}"` : undefined,
  ].filter((s) => s !== undefined);
  return where.length > 0 ? `${where.join(', ')}: ${e.message}` : e.message;
}

/** The error as an AppError detail (the API's shape): `path` names the file, entry and column. */
export function toErrorDetail(e: RowError): ErrorDetail {
  const path = [e.file, entryText(e), e.column !== undefined ? `column ${e.column}` : undefined]
    .filter((s) => s !== undefined)
    .join(', ');
  return {
    ...(path ? { path } : {}),
    message: e.message,
    ...(e.key !== undefined ? { key: e.key } : {}),
    ...(e.params !== undefined ? { params: e.params } : {}),
    ...(e.row > 0 ? { row: e.row } : {}),
    ...(e.line !== undefined ? { line: e.line } : {}),
    ...(e.col !== undefined ? { column: e.col } : {}),
    ...(e.file !== undefined ? { file: e.file } : {}),
    ...(e.entry !== undefined ? { entry: e.entry } : {}),
  };
}

export function emptySummary(format: ImportFormat, type: RecordType, totalBytes = 0): ImportSummary {
  return {
    format,
    type,
    rows: 0,
    rowsWithErrors: 0,
    fileErrors: [],
    warnings: [],
    bytesRead: 0,
    totalBytes,
  };
}
