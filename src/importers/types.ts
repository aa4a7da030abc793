/** Shared types of the importers: candidate rows, row errors, options, the parsed-file handle and its summary. */
import type { ErrorDetail } from '../errors';
import type { RecordType } from '../plan/schema';
import type { FunderVocabulary } from '../records/vocabularies';

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

/** One problem of one row (or of the file, with `row` 0). */
export interface RowError {
  /** Data row as a spreadsheet shows it (header = row 1), or the entry number for reference formats; 0 = file. */
  row: number;
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
}

/** A row read from a file, not yet validated against the record schema. */
export interface CandidateRow {
  row: number;
  line?: number;
  file?: string;
  /** Field → value, shaped for the record schema (cells already converted: dates ISO, numbers, lists). */
  input: Record<string, unknown>;
  /** Problems found while reading the row (a cell that is not a date, a broken entry, ...). */
  errors: RowError[];
  /** Field → the column the value came from, so validation errors name the file's column. */
  columns?: Record<string, string>;
  /** The DOI that entries of the file with different titles share, moved to `container_doi` (src/importers/shared-doi.ts). */
  sharedDoi?: string;
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
}

/** What a metric file is as a whole: the `source` of its snapshots and whether it is that source's complete state. */
export interface SourceExport {
  source: string;
  complete: boolean;
}

/** What validation knows about the project. */
export interface ValidationContext {
  /** Partner code or alias → partner code; keys are matched case-insensitively. */
  partners: ReadonlyMap<string, string>;
  vocabulary: FunderVocabulary;
  /** ISO dates; activity, event and synergy dates must fall inside when given. */
  projectStart?: string;
  projectEnd?: string;
  /** Known plan codes: when given, `wp`, `deliverable`, `timeline_item` and `kpi` must be among them. */
  links?: {
    wp?: ReadonlySet<string>;
    deliverable?: ReadonlySet<string>;
    timeline_item?: ReadonlySet<string>;
    kpi?: ReadonlySet<string>;
  };
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
  warnings: string[];
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

/** `row 12, column "date": message` (with line and file when known). */
export function formatRowError(e: RowError): string {
  const where = [
    e.file,
    e.row > 0 ? `row ${e.row}` : undefined,
    e.line !== undefined ? `line ${e.line}${e.col !== undefined ? `, column ${e.col}` : ''}` : undefined,
    e.column !== undefined ? `column "${e.column}"` : undefined,
  ].filter((s) => s !== undefined);
  return where.length > 0 ? `${where.join(', ')}: ${e.message}` : e.message;
}

/** The error as an AppError detail. */
export function toErrorDetail(e: RowError): ErrorDetail {
  const path = [
    e.row > 0 ? `row ${e.row}` : undefined,
    e.column !== undefined ? `column ${e.column}` : undefined,
  ]
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
