/**
 * Imports that commit: `previewImport` reads and validates whole files (one or many) against the project (partners
 * and aliases, vocabulary, period, plan codes, the actor's partners) and finds duplicates, writing nothing (the check
 * pass: src/importers/check.ts); `commitImport` does the same, then — only when nothing is invalid, or the caller
 * explicitly chose to skip invalid rows — writes the new rows of every file in chunks, each its own short
 * transaction, under `pending` import batches that count nowhere (src/records/visibility.ts), and makes them all
 * visible at once in one short final transaction with one `import_batches` row and one audit entry per file (all
 * files or none: src/importers/pending.ts). Other requests get the database between chunks.
 *
 * Memory stays at one chunk: the files are streamed; the check pass keeps only duplicate keys, counts and the
 * first errors, and spools the valid new rows to temp NDJSON files that the commit pass streams back.
 */
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { and, desc, eq, getTableName } from 'drizzle-orm';
import { appendAudit } from '../audit/chain';
import { actorId, type Actor } from '../auth/permissions';
import type { Db, Tx } from '../db/client';
import { importBatches, type ImportBatchRow } from '../db/schema';
import { BatchRecords, insertRecordRows } from '../records/batch';
import { KIND_TABLES } from '../records/kinds';
import { duplicateKey, type AnyRecord, type Publication } from '../records/schema';
import { check, COMMIT_BATCH, committable, existingKeys, importablePartners } from './check';
import {
  abortBatches,
  beginBatches,
  clearPending,
  commitBatches,
  heartbeat,
  type PendingBatch,
} from './pending';
import type { CommitRequest, FileReport, ImportReport, ImportRequest, ImportResult } from './report';
import { DoiIndex } from './shared-doi';

export type * from './report';
export {
  COMMIT_BATCH,
  LISTED_ROWS,
  committable,
  fileSha256,
  importablePartners,
  recordLabel,
  requestFiles,
} from './check';

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

/** What the chunks of one file wrote. */
interface Written {
  records: BatchRecords;
  imported: number;
  /** Rows that became duplicates (or DOI conflicts) of records written since the check. */
  late: number;
  lateConflicts: number;
}

const nextTick = () => new Promise<void>((r) => setImmediate(r));

/**
 * Writes every file's spooled rows under its pending batch, a chunk per transaction (with a heartbeat), yielding to
 * the event loop between chunks. Rows that became duplicates since the check are left out.
 */
async function writeChunks(
  db: Db,
  req: CommitRequest,
  report: ImportReport,
  dir: string,
  batches: readonly PendingBatch[],
): Promise<Written[]> {
  const ids = batches.map((b) => b.id);
  // Loaded once no other import of this project and type is pending (beginBatches): what counts now.
  const known = await existingKeys(db, req.projectId, req.type);
  const dois = req.type === 'publication' ? await DoiIndex.load(db, req.projectId) : undefined;
  const total = report.valid;
  const out: Written[] = [];
  let written = 0;
  let skipped = 0;
  let chunk = 0;
  for (const [i, batch] of batches.entries()) {
    const w: Written = {
      records: new BatchRecords(req.type, batch.id, `import:${batch.id}`),
      imported: 0,
      late: 0,
      lateConflicts: 0,
    };
    out.push(w);
    for await (const part of spooled(join(dir, `rows-${i}.ndjson`), req.chunkSize ?? COMMIT_BATCH)) {
      const fresh = part.filter((r) => !known.has(duplicateKey(req.type, r)));
      // A record with the row's DOI under another title, written since the check: a conflict now.
      const rows = dois ? fresh.filter((r) => !dois.conflict(r as Publication, { row: 0 })) : fresh;
      w.late += part.length - fresh.length;
      w.lateConflicts += fresh.length - rows.length;
      await db.transaction(async (tx) => {
        await heartbeat(tx, ids);
        const stored = await insertRecordRows(tx, {
          actor: req.actor,
          projectId: req.projectId,
          type: req.type,
          rows,
          batchId: batch.id,
          source: w.records.source,
          pendingBatch: batch.id,
        });
        w.records.add(stored);
      });
      w.imported += rows.length;
      written += part.length;
      skipped += part.length - rows.length;
      chunk += 1;
      req.onProgress?.({ phase: 'import', done: written, total, rows: written - skipped });
      await req.afterChunk?.({ file: i, batchId: batch.id, chunk, written });
      await nextTick();
    }
  }
  return out;
}

/**
 * Validates the whole file, then imports its new valid rows, all or nothing: written in chunks under pending
 * batches, made visible by one final transaction. Without `skipInvalid`, one invalid row means nothing is imported
 * (`status: 'rejected'`). Re-importing a file adds nothing: its rows are duplicates of what the first import wrote.
 */
export async function commitImport(db: Db, req: CommitRequest): Promise<ImportResult> {
  const dir = await mkdtemp(join(tmpdir(), 'herald-commit-'));
  try {
    const report = await check(db, req, dir);
    if (!committable(report, req.skipInvalid ?? false)) return { ...report, status: 'rejected', imported: 0 };
    const batches: PendingBatch[] = report.files.map((file) => ({
      id: randomUUID(),
      projectId: req.projectId,
      type: req.type,
      format: file.format,
      fileName: file.name,
      sha256: file.sha256,
      actorId: actorId(req.actor),
    }));
    const ids = batches.map((b) => b.id);
    await req.onBatches?.(ids);
    await beginBatches(db, batches, { abandonedAfterMs: req.abandonedAfterMs });
    let written: Written[];
    let out: FileReport[];
    try {
      written = await writeChunks(db, req, report, dir, batches);
      out = await db.transaction(async (tx) => {
        await commitBatches(tx, req.projectId, ids);
        const files: FileReport[] = [];
        for (const [i, file] of report.files.entries()) {
          const w = written[i] as Written;
          const batchId = ids[i] as string;
          const complete = file.completeExport;
          const counts = {
            rows: file.rows,
            imported: w.imported,
            duplicates: file.duplicates + w.late,
            invalid: file.invalid,
          };
          await tx
            .update(importBatches)
            .set({
              ...counts,
              ...(complete ? { completeSource: complete.source, completeAsOf: complete.asOf } : {}),
            })
            .where(eq(importBatches.id, batchId));
          const done = {
            ...file,
            duplicates: counts.duplicates,
            valid: w.imported,
            imported: w.imported,
            batchId,
          };
          await auditBatch(tx, req, report, done, w, i);
          files.push(done);
        }
        return files;
      });
    } catch (error) {
      // Nothing of the import may count: its batches are aborted and their rows deleted (on failure here, the
      // clean-up on the next start does it).
      await abortBatches(db, ids).catch(() => undefined);
      throw error;
    }
    // Tidiness only: the rows are visible since the commit.
    const table = getTableName(KIND_TABLES[req.type]);
    for (const [i, w] of written.entries())
      await clearPending(db, { table, batchId: ids[i] as string, ids: w.records.ids }).catch(() => undefined);
    const imported = out.reduce((n, f) => n + (f.imported ?? 0), 0);
    const lateConflicts = written.reduce((n, w) => n + w.lateConflicts, 0);
    return {
      ...report,
      files: out,
      valid: imported,
      duplicates: out.reduce((n, f) => n + f.duplicates, 0),
      conflicts: report.conflicts + lateConflicts,
      status: 'imported',
      imported,
      ...(ids[0] ? { batchId: ids[0] } : {}),
      batchIds: ids,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A file's audit entries: its records (`record.import`, when it added any), then the batch (`import.commit`). */
async function auditBatch(
  tx: Tx,
  req: CommitRequest,
  report: ImportReport,
  file: FileReport,
  w: Written,
  i: number,
): Promise<void> {
  await w.records.audit(tx, { actor: req.actor, projectId: req.projectId });
  const complete = file.completeExport;
  const conflicts = w.lateConflicts + (i === 0 ? report.conflicts : 0);
  await appendAudit(tx, {
    projectId: req.projectId,
    actor: req.actor,
    action: 'import.commit',
    entityType: 'import_batch',
    entityId: file.batchId as string,
    after: {
      type: req.type,
      format: file.format,
      file: file.name,
      sha256: file.sha256,
      rows: file.rows,
      imported: w.imported,
      duplicates: file.duplicates,
      invalid: file.invalid,
      ...(conflicts > 0 ? { conflicts } : {}),
      ...(complete ? { complete_source: complete.source, complete_as_of: complete.asOf } : {}),
    },
  });
}

/** Past (committed) imports of a project, newest first (for the upload page). */
export async function listImportBatches(
  db: Db,
  q: { actor: Actor; projectId: string; limit?: number },
): Promise<ImportBatchRow[]> {
  importablePartners(q.actor, q.projectId);
  return db
    .select()
    .from(importBatches)
    .where(and(eq(importBatches.projectId, q.projectId), eq(importBatches.state, 'committed')))
    .orderBy(desc(importBatches.createdAt))
    .limit(q.limit ?? 20);
}
