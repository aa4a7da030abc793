/**
 * Correcting a record a submitted report locked: in one transaction the corrected fields become a new record, the
 * original is withdrawn (soft deleted: the one change a locked record allows; audited as `record.withdraw` with the
 * reason and the correction's id) and a `record_corrections` row flags the correction for the next report (its
 * `reported_in` is set when a later report is submitted).
 */
import { eq } from 'drizzle-orm';
import { appendAudit } from '../audit/chain';
import { actorId, authorize, type Actor } from '../auth/permissions';
import type { Db } from '../db/client';
import { recordCorrections } from '../db/schema';
import { AppError, notFound } from '../errors';
import type { Clock } from '../lib/clock';
import { rowToData, type RecordKind } from '../records/kinds';
import { lockOf } from '../records/locks';
import { findRow, updateRow } from '../records/repository';
import { createRecord, toStored, type StoredRecord } from '../records/service';

export interface CorrectRecordOptions {
  actor: Actor;
  projectId: string;
  kind: RecordKind;
  /** The locked original. */
  id: string;
  /** The corrected record, whole (as a create form sends it). */
  input: unknown;
  reason: string;
  clock?: Clock;
  /** How the correction arrived: `form` (default) or `api`. */
  source?: string;
}

export interface CorrectionResult {
  correction: StoredRecord;
  original: StoredRecord;
  correctionId: string;
  reportId: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function reasonRequired(): AppError {
  return new AppError({
    code: 'validation',
    status: 422,
    message: 'a reason is required',
    messageKey: 'error.reason_required',
    details: [{ path: 'reason', message: 'a reason is required', key: 'error.reason_required' }],
  });
}

/** The correction made of a record, if it was corrected. */
export async function correctionOf(db: Db, kind: RecordKind, originalId: string) {
  const rows = await db.select().from(recordCorrections).where(eq(recordCorrections.originalId, originalId));
  return rows.find((r) => r.kind === kind);
}

/** The original a record corrects, if it is a correction. */
export async function originalOf(db: Db, kind: RecordKind, correctionId: string) {
  const rows = await db
    .select()
    .from(recordCorrections)
    .where(eq(recordCorrections.correctionId, correctionId));
  return rows.find((r) => r.kind === kind);
}

export async function correctRecord(db: Db, opts: CorrectRecordOptions): Promise<CorrectionResult> {
  const { actor, projectId, kind } = opts;
  const reason = opts.reason.trim();
  const original = UUID.test(opts.id) ? await findRow(db, kind, projectId, opts.id) : undefined;
  if (!original || original.deletedAt) throw notFound('record');
  authorize(actor, 'record.update', { projectId, partnerCode: original.leadPartner });
  const lock = await lockOf(db, kind, original.id);
  if (!lock)
    throw new AppError({
      code: 'not_locked',
      status: 409,
      message: 'only a record that a submitted report locked is corrected; edit this one instead',
    });
  if (reason.length === 0) throw reasonRequired();
  return db.transaction(async (tx) => {
    const correction = await createRecord(tx as unknown as Db, {
      actor,
      projectId,
      kind,
      input: opts.input,
      source: opts.source ?? 'form',
      clock: opts.clock,
    });
    const who = actorId(actor);
    const withdrawn = await updateRow(
      tx,
      kind,
      { projectId, id: original.id, version: original.version },
      { deletedAt: new Date(), deletedBy: who },
    );
    if (!withdrawn)
      throw new AppError({
        code: 'conflict',
        status: 409,
        message: 'The record changed since you loaded it: reload it and correct it again',
        messageKey: 'records.error.conflict',
        params: { current: original.version + 1, given: original.version },
      });
    const [row] = await tx
      .insert(recordCorrections)
      .values({
        projectId,
        kind,
        originalId: original.id,
        correctionId: correction.id,
        reportId: lock.reportId,
        reason,
        createdBy: who,
      })
      .returning();
    await appendAudit(tx, {
      projectId,
      actor,
      action: 'record.withdraw',
      entityType: kind,
      entityId: original.id,
      before: { id: original.id, version: original.version, ...rowToData(kind, original) },
      after: { correctionId: correction.id, reportId: lock.reportId, reason },
    });
    return {
      correction,
      original: toStored(kind, withdrawn),
      correctionId: (row as { id: string }).id,
      reportId: lock.reportId,
    };
  });
}
