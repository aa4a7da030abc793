/**
 * Records a submitted report froze (`report_locks`, written by src/reports/submit.ts): such a record is never edited,
 * deleted or restored in place; it is corrected instead (src/reports/corrections.ts: a new record, the original
 * withdrawn). `lockOf` finds the report that locked one; `lockedError` is the refusal every write path gives.
 */
import { and, eq } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import { reportLocks, reports } from '../db/schema';
import { AppError } from '../errors';
import type { RecordKind } from './kinds';

export interface RecordLock {
  reportId: string;
  scope: string;
  lang: string;
  /** The day the report was submitted (YYYY-MM-DD). */
  submittedOn: string;
  version: number;
  digest: string;
}

/** The submitted report that locked this record (the first one), or undefined. */
export async function lockOf(db: Db | Tx, kind: RecordKind, id: string): Promise<RecordLock | undefined> {
  const rows = await db
    .select({
      reportId: reportLocks.reportId,
      scope: reports.scope,
      lang: reports.lang,
      submittedAt: reports.submittedAt,
      createdAt: reports.createdAt,
      version: reportLocks.version,
      digest: reportLocks.digest,
    })
    .from(reportLocks)
    .innerJoin(reports, eq(reports.id, reportLocks.reportId))
    .where(and(eq(reportLocks.kind, kind), eq(reportLocks.recordId, id)))
    .orderBy(reports.createdAt)
    .limit(1);
  const r = rows[0];
  if (!r) return undefined;
  return {
    reportId: r.reportId,
    scope: r.scope,
    lang: r.lang,
    submittedOn: (r.submittedAt ?? r.createdAt).toISOString().slice(0, 10),
    version: r.version,
    digest: r.digest,
  };
}

/** How a message names a report: its scope, language and submission day (`year:1 · en · 2019-07-02`). */
export const reportName = (lock: Pick<RecordLock, 'scope' | 'lang' | 'submittedOn'>): string =>
  `${lock.scope} · ${lock.lang} · ${lock.submittedOn}`;

/** 409 `record_locked`: the record was reported as Delivered in a submitted report; correct it instead. */
export function lockedError(lock: RecordLock): AppError {
  const report = reportName(lock);
  return new AppError({
    code: 'record_locked',
    status: 409,
    message:
      `This record was reported as Delivered in the submitted report ${report}: it can no longer be changed in ` +
      `place. Correct it instead (the correction becomes a new record, flagged for the next report).`,
    params: { report },
  });
}

/** Throws `record_locked` when a submitted report froze the record. */
export async function refuseIfLocked(db: Db | Tx, kind: RecordKind, id: string): Promise<void> {
  const lock = await lockOf(db, kind, id);
  if (lock) throw lockedError(lock);
}
