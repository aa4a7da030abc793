/**
 * An upload's commit job as the import page shows it: found by its idempotency key (the upload id), visible only to
 * the user who asked, in the project it imports into; its progress and result read from the `jobs` row.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { jobs } from '../db/schema';
import type { RecordType } from '../plan/schema';
import type { ImportCheckpoint, ImportJobResult } from './commit-job';
import type { ImportCommitPayload } from './jobs';
import type { ImportPhase } from './report';

/** What the progress and result views need. */
export interface ImportJob {
  /** The upload id (the page's address). */
  id: string;
  jobId: number;
  projectId: string;
  type: RecordType;
  fileName: string;
  /** How many files the import reads. */
  files: number;
  state: string;
  /** check: bytes of the files read; import: rows written. */
  step?: { phase: ImportPhase; done: number; total: number };
  result?: ImportJobResult;
  /** Why the job failed (the first line of its last error): nothing of this import was saved. */
  error?: string;
  done: boolean;
}

/** The job row of an upload's commit (kind `import.commit`, idempotency key = the upload id). */
export async function findImportJob(db: Db, uploadId: string) {
  const [row] = await db
    .select()
    .from(jobs)
    .where(and(eq(jobs.kind, 'import.commit'), eq(jobs.idempotencyKey, uploadId)));
  return row;
}

/** The commit job of upload `uploadId` in `projectId`, if `userId` (or API token `tokenId`) asked for it. */
export async function importJobFor(
  db: Db,
  q: { uploadId: string; projectId: string; userId: string | undefined; tokenId?: number },
): Promise<ImportJob | undefined> {
  const row = await findImportJob(db, q.uploadId);
  if (!row || (!q.userId && q.tokenId === undefined) || row.projectId !== q.projectId) return undefined;
  const p = row.payload as ImportCommitPayload;
  const mine =
    q.tokenId !== undefined ? p.tokenId === q.tokenId : p.userId !== undefined && p.userId === q.userId;
  if (!mine) return undefined;
  const done = row.state === 'succeeded' || row.state === 'failed' || row.state === 'cancelled';
  const checkpoint = done ? undefined : (row.result as ImportCheckpoint | null);
  const total = row.progressTotal ?? 0;
  const doneCount = row.progressDone ?? 0;
  const step: ImportJob['step'] =
    done || row.progressTotal === null
      ? undefined
      : { phase: checkpoint?.phase === 'import' ? 'import' : 'check', done: doneCount, total };
  const error =
    row.state === 'failed' || row.state === 'cancelled'
      ? (row.lastError ?? row.state).split('\n')[0]
      : undefined;
  return {
    id: q.uploadId,
    jobId: row.id,
    projectId: q.projectId,
    type: p.type,
    fileName: p.fileName,
    files: p.files,
    state: row.state,
    ...(step ? { step } : {}),
    ...(row.state === 'succeeded' && row.result ? { result: row.result as ImportJobResult } : {}),
    ...(error ? { error } : {}),
    done,
  };
}
