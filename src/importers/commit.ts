/**
 * Imports that commit: `previewImport` reads and validates whole files (one or many) against the project (partners
 * and aliases, vocabulary, period, plan codes, the actor's partners) and finds duplicates, writing nothing (the check
 * pass: src/importers/check.ts); `commitImport` does the same, then — only when nothing is invalid, or the caller
 * explicitly chose to skip invalid rows — inserts the new rows of every file in ONE transaction through the records
 * service, records one `import_batches` row and one audit entry per file (all files or none).
 *
 * Memory stays at one batch: the files are streamed; the check pass keeps only duplicate keys, counts and the
 * first errors, and spools the valid new rows to temp NDJSON files that the commit pass streams back.
 */
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { desc, eq, sql } from 'drizzle-orm';
import { appendAudit } from '../audit/chain';
import { actorId, type Actor } from '../auth/permissions';
import type { Db } from '../db/client';
import { importBatches, type ImportBatchRow } from '../db/schema';
import type { RecordType } from '../plan/schema';
import { duplicateKey, type AnyRecord, type Publication } from '../records/schema';
import { check, COMMIT_BATCH, committable, existingKeys, importablePartners } from './check';
import type { CompleteExport } from './complete-export';
import type { DateNotes } from './date-notes';
import type { ErrorGroup } from './error-groups';
import { DoiIndex, type ConflictRow } from './shared-doi';
import type { ImportFormat, ImportNote, ImportOptions, RowError } from './types';

export {
  COMMIT_BATCH,
  LISTED_ROWS,
  committable,
  fileSha256,
  importablePartners,
  recordLabel,
  requestFiles,
} from './check';

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

export interface CommitRequest extends ImportRequest {
  /** Import the valid rows and leave the invalid ones out (an explicit choice; otherwise one invalid row stops all). */
  skipInvalid?: boolean;
}

export interface ImportResult extends ImportReport {
  /** `imported`: the transaction committed (possibly adding 0 rows); `rejected`: nothing was written. */
  status: 'imported' | 'rejected';
  imported: number;
  /** The first file's `import_batches` row (records have `source = import:<batchId>`); `batchIds` has each. */
  batchId?: string;
  batchIds?: string[];
}

// ---------------------------------------------------------------------------
// Entry points
// ---------------------------------------------------------------------------

/** Reads and validates the whole file, finds duplicates; writes nothing. */
export function previewImport(db: Db, req: ImportRequest): Promise<ImportReport> {
  return check(db, req);
}

/** Rows of a spool file, in batches. */
async function* spooled(path: string, size: number): AsyncGenerator<AnyRecord[]> {
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  let batch: AnyRecord[] = [];
  for await (const line of lines) {
    if (line === '') continue;
    batch.push(JSON.parse(line) as AnyRecord);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/**
 * Validates the whole file, then imports its new valid rows in one transaction (all or nothing). Without
 * `skipInvalid`, one invalid row means nothing is imported (`status: 'rejected'`). Re-importing a file adds nothing:
 * its rows are duplicates of what the first import wrote.
 */
export async function commitImport(db: Db, req: CommitRequest): Promise<ImportResult> {
  const dir = await mkdtemp(join(tmpdir(), 'herald-commit-'));
  try {
    const report = await check(db, req, dir);
    if (!committable(report, req.skipInvalid ?? false)) return { ...report, status: 'rejected', imported: 0 };
    const { insertRecords } = await import('../records/service');
    const total = report.valid;
    const files = await db.transaction(async (tx) => {
      // One import per project and record type at a time, so two imports of one file cannot both add its rows.
      await tx.execute(
        sql`select pg_advisory_xact_lock(hashtext(${`herald-import:${req.projectId}:${req.type}`}))`,
      );
      // Rows written since the check are duplicates now.
      const known = await existingKeys(tx, req.projectId, req.type);
      const dois = req.type === 'publication' ? await DoiIndex.load(tx, req.projectId) : undefined;
      let written = 0;
      let conflicts = report.conflicts;
      const out: FileReport[] = [];
      // Every file in the same transaction: all of them are imported, or none.
      for (const [i, file] of report.files.entries()) {
        const batchId = randomUUID();
        const source = `import:${batchId}`;
        let imported = 0;
        let late = 0;
        let lateConflicts = 0;
        for await (const batch of spooled(join(dir, `rows-${i}.ndjson`), COMMIT_BATCH)) {
          const fresh = batch.filter((r) => !known.has(duplicateKey(req.type, r)));
          // A record with the row's DOI under another title, written since the check: a conflict now.
          const rows = dois ? fresh.filter((r) => !dois.conflict(r as Publication, { row: 0 })) : fresh;
          late += batch.length - fresh.length;
          lateConflicts += fresh.length - rows.length;
          if (rows.length > 0)
            await insertRecords(tx, {
              actor: req.actor,
              projectId: req.projectId,
              type: req.type,
              rows,
              source,
            });
          imported += rows.length;
          written += batch.length;
          req.onProgress?.({ phase: 'import', done: written, total, rows: written - late - lateConflicts });
        }
        conflicts += lateConflicts;
        const complete = file.completeExport;
        const counts = {
          rows: file.rows,
          imported,
          duplicates: file.duplicates + late,
          invalid: file.invalid,
        };
        await tx.insert(importBatches).values({
          id: batchId,
          projectId: req.projectId,
          recordType: req.type,
          format: file.format,
          fileName: file.name,
          sha256: file.sha256,
          ...counts,
          actorId: actorId(req.actor),
          ...(complete ? { completeSource: complete.source, completeAsOf: complete.asOf } : {}),
        });
        await appendAudit(tx, {
          projectId: req.projectId,
          actor: req.actor,
          action: 'import.commit',
          entityType: 'import_batch',
          entityId: batchId,
          after: {
            type: req.type,
            format: file.format,
            file: file.name,
            sha256: file.sha256,
            ...counts,
            ...(lateConflicts > 0 || (i === 0 && report.conflicts > 0)
              ? { conflicts: lateConflicts + (i === 0 ? report.conflicts : 0) }
              : {}),
            ...(complete ? { complete_source: complete.source, complete_as_of: complete.asOf } : {}),
          },
        });
        out.push({ ...file, duplicates: counts.duplicates, valid: imported, imported, batchId });
      }
      return { out, conflicts };
    });
    const imported = files.out.reduce((n, f) => n + (f.imported ?? 0), 0);
    const batchIds = files.out.map((f) => f.batchId ?? '');
    return {
      ...report,
      files: files.out,
      valid: imported,
      duplicates: files.out.reduce((n, f) => n + f.duplicates, 0),
      conflicts: files.conflicts,
      status: 'imported',
      imported,
      ...(batchIds[0] ? { batchId: batchIds[0] } : {}),
      batchIds,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Past imports of a project, newest first (for the upload page). */
export async function listImportBatches(
  db: Db,
  q: { actor: Actor; projectId: string; limit?: number },
): Promise<ImportBatchRow[]> {
  importablePartners(q.actor, q.projectId);
  return db
    .select()
    .from(importBatches)
    .where(eq(importBatches.projectId, q.projectId))
    .orderBy(desc(importBatches.createdAt))
    .limit(q.limit ?? 20);
}
