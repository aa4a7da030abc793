/**
 * Imports that commit: `previewImport` reads and validates whole files (one or many) against the project (partners
 * and aliases, vocabulary, period, plan codes, the actor's partners) and finds duplicates, writing nothing (the check
 * pass: src/importers/check.ts); `commitImport` runs the same pass once and writes the new rows as it finds them —
 * in chunks, each its own short transaction (COPY: src/records/copy-writer.ts), under `pending` import batches that
 * count nowhere (src/records/visibility.ts) — and, only when nothing was invalid (or the caller explicitly chose to
 * skip invalid rows), makes them all visible at once in one short final transaction with one `import_batches` row
 * and one audit entry per file (all files or none: src/importers/pending.ts); otherwise its rows are deleted. The
 * rows' `pending_batch` markers are cleared afterwards by a background job (`import.tidy`), never on the way.
 * Other requests get the database between chunks. Memory stays at one chunk: the files are streamed; the pass
 * keeps only duplicate keys, counts and the first errors.
 */
import { randomUUID } from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import { appendAudit } from '../audit/chain';
import { actorId, type Actor } from '../auth/permissions';
import type { Db, Tx } from '../db/client';
import { importBatches, type ImportBatchRow } from '../db/schema';
import { loadRecordContext } from '../records/context';
import {
  BatchRecords,
  encodeRecordRows,
  loadPartnerTraits,
  writeEncodedRows,
  type EncodedRows,
} from '../records/batch';
import type { PartnerTraits } from '../records/validate';
import { systemClock } from '../lib/clock';
import type { AnyRecord } from '../records/schema';
import { check, COMMIT_BATCH, committable, importablePartners, requestFiles, type RowSink } from './check';
import {
  abortBatches,
  beginBatches,
  commitBatches,
  discardBatches,
  heartbeat,
  type PendingBatch,
} from './pending';
import type { CommitRequest, FileReport, ImportReport, ImportRequest, ImportResult } from './report';
import { enqueueTidy } from './tidy-job';

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

/** What the chunks of one file wrote. */
interface Written {
  records: BatchRecords;
  imported: number;
}

const nextTick = () => new Promise<void>((r) => setImmediate(r));

/**
 * The commit's writer (the check pass's sink): buffers each file's new valid rows and writes them under the file's
 * pending batch, a chunk per short transaction (with a heartbeat), yielding to the event loop between chunks. It
 * stops writing once the pass meets an invalid row (unless the caller skips them) or a file error: the import is
 * rejected then, and what it wrote is aborted.
 */
class ChunkWriter implements RowSink {
  readonly written: Written[];
  private buffer: AnyRecord[] = [];
  /** The chunk being written while the pass goes on. */
  private inflight: Promise<void> = Promise.resolve();
  private rowsWritten = 0;
  private chunk = 0;
  /** The share of the files' bytes the pass has read (to estimate the rows to come). */
  read = 0;
  private readonly size: number;
  private readonly ids: string[];
  private partners?: ReadonlyMap<string, PartnerTraits>;

  constructor(
    private readonly db: Db,
    private readonly req: CommitRequest,
    private readonly batches: readonly PendingBatch[],
  ) {
    this.size = req.chunkSize ?? COMMIT_BATCH;
    this.ids = batches.map((b) => b.id);
    this.written = batches.map((b) => ({
      records: new BatchRecords(req.type, b.id, `import:${b.id}`),
      imported: 0,
    }));
  }

  /** Whether the import can still commit: no invalid row (unless skipped), no file error. */
  private wanted(report: ImportReport): boolean {
    return report.fileErrors.length === 0 && (this.req.skipInvalid === true || report.errorCount === 0);
  }

  async rows(file: number, rows: AnyRecord[], report: ImportReport): Promise<void> {
    if (!this.wanted(report)) {
      this.buffer = [];
      return;
    }
    // Read once per import (the computed fields' region and sector), so that a chunk is encoded without waiting.
    this.partners ??= await loadPartnerTraits(this.db, this.req.projectId);
    for (const r of rows) this.buffer.push(r);
    while (this.buffer.length >= this.size) await this.write(file, this.buffer.splice(0, this.size));
  }

  async endFile(file: number, report: ImportReport): Promise<void> {
    const rest = this.buffer;
    this.buffer = [];
    if (rest.length > 0 && this.wanted(report)) await this.write(file, rest);
    await this.inflight;
  }

  /** Waits for the chunk in flight, whatever its outcome (before its batches are aborted). */
  settle(): Promise<void> {
    return this.inflight.catch(() => undefined);
  }

  /** The last progress step: every row written. */
  finish(): void {
    const n = this.rowsWritten;
    this.req.onProgress?.({ phase: 'import', done: n, total: n, rows: n });
  }

  /**
   * Encodes a chunk at once (COPY text, ids, digests: its row objects die young, never kept while the database
   * works), then starts writing it once the one before it is written (its failure throws here): the pass reads and
   * validates the next rows while the database writes these. One chunk at most is in flight.
   */
  private async write(file: number, rows: AnyRecord[]): Promise<void> {
    const batch = this.batches[file] as PendingBatch;
    const encoded = encodeRecordRows({
      actor: this.req.actor,
      projectId: this.req.projectId,
      type: this.req.type,
      rows,
      batchId: batch.id,
      source: (this.written[file] as Written).records.source,
      pendingBatch: batch.id,
      partners: this.partners ?? new Map(),
    });
    await this.inflight;
    const writing = this.writeNow(file, encoded);
    // Awaited by the next chunk, endFile or settle; never left unhandled meanwhile.
    writing.catch(() => undefined);
    this.inflight = writing;
  }

  private async writeNow(file: number, rows: EncodedRows): Promise<void> {
    const batch = this.batches[file] as PendingBatch;
    const w = this.written[file] as Written;
    await this.db.transaction(async (tx) => {
      await heartbeat(tx, this.ids);
      await writeEncodedRows(tx, rows);
    });
    w.records.addEncoded(rows);
    w.imported += rows.count;
    this.rowsWritten += rows.count;
    this.chunk += 1;
    const n = this.rowsWritten;
    // The rows to come are estimated from the bytes read so far; the last step says the exact count.
    const total = this.read > 0 ? Math.max(n, Math.round(n / this.read)) : n;
    this.req.onProgress?.({ phase: 'import', done: n, total, rows: n });
    await this.req.afterChunk?.({ file, batchId: batch.id, chunk: this.chunk, written: n });
    await nextTick();
  }
}

/**
 * Imports the new valid rows of the files, all or nothing, in ONE pass: each row is parsed, validated, checked for
 * duplicates and written (in chunks under pending batches) as it is read; one final transaction makes them visible.
 * Without `skipInvalid`, one invalid row means nothing is imported (`status: 'rejected'`, with the same report as
 * the preview: every error): the pass stops writing at the first one and its rows are deleted. Re-importing a file
 * adds nothing: its rows are duplicates of what the first import wrote.
 */
export async function commitImport(db: Db, req: CommitRequest): Promise<ImportResult> {
  const files = requestFiles(req);
  importablePartners(req.actor, req.projectId);
  // An unknown project is refused before any batch is begun (the pass loads the same, cached, context again).
  await loadRecordContext(db, req.projectId);
  // Format and checksum are known once the pass has read the files: the final transaction records them.
  const batches: PendingBatch[] = files.map((file) => ({
    id: randomUUID(),
    projectId: req.projectId,
    type: req.type,
    format: req.format ?? '',
    fileName: file.name,
    sha256: '',
    actorId: actorId(req.actor),
  }));
  const ids = batches.map((b) => b.id);
  await req.onBatches?.(ids);
  await beginBatches(db, batches, { abandonedAfterMs: req.abandonedAfterMs });
  const writer = new ChunkWriter(db, req, batches);
  let report: ImportReport;
  let out: FileReport[];
  try {
    // The pass's byte progress feeds the writer's estimate; the import reports rows written.
    report = await check(
      db,
      { ...req, onProgress: (s) => (writer.read = s.total > 0 ? s.done / s.total : 0) },
      writer,
    );
    if (!committable(report, req.skipInvalid ?? false)) {
      await discardBatches(db, ids);
      return { ...report, status: 'rejected', imported: 0 };
    }
    writer.finish();
    const done = report;
    out = await db.transaction(async (tx) => {
      await commitBatches(tx, req.projectId, ids);
      const files: FileReport[] = [];
      for (const [i, file] of done.files.entries()) {
        const w = writer.written[i] as Written;
        const batchId = ids[i] as string;
        const complete = file.completeExport;
        await tx
          .update(importBatches)
          .set({
            format: file.format,
            sha256: file.sha256,
            rows: file.rows,
            imported: w.imported,
            duplicates: file.duplicates,
            invalid: file.invalid,
            ...(complete ? { completeSource: complete.source, completeAsOf: complete.asOf } : {}),
          })
          .where(eq(importBatches.id, batchId));
        const result = { ...file, valid: w.imported, imported: w.imported, batchId };
        await auditBatch(tx, req, done, result, w, i);
        files.push(result);
      }
      // The rows' markers are cleared in the background: they count from this commit on, whatever their marker.
      await enqueueTidy(tx, {
        projectId: req.projectId,
        type: req.type,
        batchIds: ids,
        createdBy: actorId(req.actor),
        clock: req.clock ?? systemClock,
      });
      return files;
    });
  } catch (error) {
    await writer.settle();
    // Nothing of the import may count: its batches are aborted and their rows deleted (on failure here, the
    // clean-up on the next start does it).
    await abortBatches(db, ids).catch(() => undefined);
    throw error;
  }
  const imported = out.reduce((n, f) => n + (f.imported ?? 0), 0);
  return {
    ...report,
    files: out,
    valid: imported,
    status: 'imported',
    imported,
    ...(ids[0] ? { batchId: ids[0] } : {}),
    batchIds: ids,
  };
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
  const conflicts = i === 0 ? report.conflicts : 0;
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
