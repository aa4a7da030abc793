/**
 * What an import reads, reports and returns: the request (files, actor, options, progress), per-file and total
 * counts, duplicates, and the result of a commit.
 */
import type { Actor } from '../auth/permissions';
import type { RecordType } from '../plan/schema';
import type { CompleteExport } from './complete-export';
import type { DateNotes } from './date-notes';
import type { ErrorGroup } from './error-groups';
import type { ConflictRow } from './shared-doi';
import type { ImportFormat, ImportNote, ImportOptions, RowError } from './types';
import type { Clock } from '../lib/clock';

export type ImportPhase = 'check' | 'import';

/** Progress of an import: the check pass counts bytes of the file, the import pass counts rows written. */
export interface ImportStep {
  phase: ImportPhase;
  done: number;
  total: number;
  /** Rows read so far (check) or written so far (import). */
  rows: number;
}

/** A file to import: `name` is what reports and the batch record call it (default: the path's base name). */
export interface ImportFileRef {
  path: string;
  name?: string;
}

export interface ImportRequest {
  actor: Actor;
  projectId: string;
  type: RecordType;
  /** The file on disk (one file), or `files` (several files read as one import). */
  file?: ImportFileRef;
  /** Several files, checked together and committed in one transaction (one `import_batches` row each). */
  files?: readonly ImportFileRef[];
  /**
   * Receives every error, however many (the report keeps the first LISTED_ROWS): row errors as they are found,
   * then each file's file errors (`kind: 'file'`). Every error names its file.
   */
  onErrors?: (errors: readonly RowError[], kind: 'row' | 'file') => void | Promise<void>;
  /** Detected from the content and the name when left out. */
  format?: ImportFormat;
  /** Parser options (delimiter, sheet, snapshot date, defaults such as `{ lead_partner: 'WLI' }`). */
  options?: Omit<ImportOptions, 'onProgress' | 'batchSize'>;
  onProgress?: (step: ImportStep) => void;
  /** Whose "today" the checks use (no snapshot after it; X's running month; default: the system clock). */
  clock?: Clock;
}

/** A valid row that is not imported because the database or an earlier row of the file already has it. */
export interface DuplicateRow {
  row: number;
  /** The row's file (always set by the import). */
  file?: string;
  /** The file of the row it repeats, when `of` is a row of another file. */
  ofFile?: string;
  /** What the row is (title, name, initiative, or channel · metric · date). */
  label: string;
  /** `database`, or the row of the file that has it first. */
  of: 'database' | number;
}

/** One file of an import: its counts and facts. */
export interface FileReport {
  name: string;
  format: ImportFormat;
  sha256: string;
  rows: number;
  valid: number;
  duplicates: number;
  invalid: number;
  /** Errors of the file's rows (`fileErrors` not counted). */
  errorCount: number;
  fileErrors: RowError[];
  encoding?: string;
  delimiter?: string;
  sheet?: string;
  /** Set when the file is imported as a complete export of its source: the items it lacks stop counting. */
  completeExport?: CompleteExport;
  /** After a commit: rows written, and the file's `import_batches` row. */
  imported?: number;
  batchId?: string;
}

/** What files would import: counts (totals and per file), the first errors, error groups, duplicates, notes. */
export interface ImportReport {
  projectId: string;
  type: RecordType;
  /** The first file's format, name and hash (`files` has each). */
  format: ImportFormat;
  fileName: string;
  sha256: string;
  files: FileReport[];
  /** Rows read from the files. */
  rows: number;
  /** Valid rows that are new: what an import adds. */
  valid: number;
  duplicates: number;
  /** Rows with at least one error. */
  invalid: number;
  /** Problems with the whole file (a missing column, unreadable text): nothing can be imported. */
  fileErrors: RowError[];
  /** Row errors, the first LISTED_ROWS of them (`errorCount` counts all). */
  errors: RowError[];
  errorCount: number;
  /** Every row error counted by problem (i18n key or message) and column. */
  errorGroups: ErrorGroup[];
  duplicateRows: DuplicateRow[];
  /** Publications left out because their DOI is another's under another title (src/importers/shared-doi.ts). */
  conflicts: number;
  /** The first LISTED_ROWS conflicts. */
  conflictRows: ConflictRow[];
  warnings: ImportNote[];
  encoding?: string;
  delimiter?: string;
  /** File column → record field. */
  columns?: Record<string, string>;
  /** The (last) file imported as a complete export of its source: the items it lacks stop counting. */
  completeExport?: CompleteExport;
  /** Approximate dates and rows outside the project period, among the rows the import adds. */
  dates?: DateNotes;
}

/** Where a chunked commit stands after a chunk (for tests: they may hold the import there, or make it fail). */
export interface ChunkInfo {
  /** The file's index, its batch, the chunk's number in the whole import (from 1) and rows handled so far. */
  file: number;
  batchId: string;
  chunk: number;
  written: number;
}

export interface CommitRequest extends ImportRequest {
  /** Import the valid rows and leave the invalid ones out (an explicit choice; otherwise one invalid row stops all). */
  skipInvalid?: boolean;
  /** Rows per chunk (each its own short transaction); default COMMIT_BATCH (1,000). */
  chunkSize?: number;
  /** Called after each chunk's transaction, before the next: a test holds the import here, or throws to fail it. */
  afterChunk?: (info: ChunkInfo) => void | Promise<void>;
  /** A pending batch silent this long is another process's abandoned import (default 10 minutes). */
  abandonedAfterMs?: number;
  /**
   * Called with the import's batch ids before any of them is written (and so before the final flip): a job saves
   * them, so that a retry after a restart can see whether they were committed or abandoned.
   */
  onBatches?: (batchIds: string[]) => Promise<void>;
}

export interface ImportResult extends ImportReport {
  /** `imported`: the import committed (possibly adding 0 rows); `rejected`: nothing was written. */
  status: 'imported' | 'rejected';
  imported: number;
  /** The first file's `import_batches` row (records have `source = import:<batchId>`); `batchIds` has each. */
  batchId?: string;
  batchIds?: string[];
}
