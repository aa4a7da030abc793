/**
 * The importers' jobs: `import.commit` commits a web upload (checked whole, written in chunks, made visible at once)
 * as a durable job, for the user who asked. A restart during the commit leaves the whole import or nothing; the
 * retried attempt settles the interrupted batches and says which (src/importers/commit-job.ts). Every minute,
 * `import.recover-abandoned` aborts imports a dead process left pending (`recoverAbandoned`).
 */
import { z } from 'zod';
import type { Db } from '../db/client';
import { defineJob, type JobDefinition } from '../jobs/define';
import { enqueue } from '../jobs/queue';
import type { Clock } from '../lib/clock';
import type { Upload } from './uploads';
import type { ScheduleEntry } from '../jobs/schedule';
import { recoverAbandoned } from './pending';
import { RECORD_TYPES } from '../plan/schema';
import { IMPORT_FORMATS } from './types';
import { runImportCommit } from './commit-job';

/** What the upload page enqueues: the upload (its files stay in the upload folder), the project, who, the choices. */
export const importCommitPayload = z
  .object({
    uploadId: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
    projectId: z.string().min(1).max(100),
    /**
     * Who asked: a user (the page, or the API with a session) or an API token (the API); the job acts as them (their
     * permissions, re-checked when it runs). Exactly one of the two.
     */
    userId: z.string().min(1).max(100).optional(),
    tokenId: z.number().int().min(1).optional(),
    type: z.enum(RECORD_TYPES),
    /** What the page calls the import: the first file's name, and how many files it reads. */
    fileName: z.string().max(300),
    files: z.number().int().min(1).max(10_000),
    format: z.enum(IMPORT_FORMATS).optional(),
    /** Default lead partner of rows without one. */
    partner: z.string().max(50).optional(),
    snapshotDate: z.string().max(10).optional(),
    completeExport: z.boolean().optional(),
    account: z.string().max(200).optional(),
    /** Import the valid rows and leave the invalid ones out (the preview's second button). */
    skipInvalid: z.boolean(),
  })
  .refine((p) => (p.userId === undefined) !== (p.tokenId === undefined), {
    message: 'an import is asked for by a user or by a token',
    path: ['userId'],
  });
export type ImportCommitPayload = z.infer<typeof importCommitPayload>;

export const importCommitJob: JobDefinition<ImportCommitPayload> = defineJob({
  kind: 'import.commit',
  payload: importCommitPayload,
  // A retry reruns the check from the upload's files: a few attempts are enough.
  maxAttempts: 3,
  run: runImportCommit,
});

export const recoverImportsJob = defineJob<Record<string, never>>({
  kind: 'import.recover-abandoned',
  payload: z.object({}).strict() as z.ZodType<Record<string, never>>,
  maxAttempts: 1,
  async run(ctx) {
    const aborted = await recoverAbandoned(ctx.db, { now: ctx.clock.now() });
    if (aborted.length > 0)
      ctx.log.warn({ batches: aborted }, 'aborted imports a stopped process left unfinished');
    return { aborted };
  },
});

export const recoverImportsSchedule: ScheduleEntry<Record<string, never>> = {
  name: 'import.recover-abandoned',
  cron: '* * * * *',
  job: recoverImportsJob,
  scope: 'instance',
  payload: () => ({}),
};

/** Who asks for a commit: the signed-in user, or the API token. */
export type ImportRequester = { userId: string } | { tokenId: number };

/**
 * Queues the commit of an upload (the import page's and the API's), keyed by the upload: a second request for the
 * same upload enqueues nothing. Returns the job's id.
 */
export async function enqueueImportCommit(
  db: Db,
  opts: { upload: Upload; requester: ImportRequester; skipInvalid: boolean; clock: Clock },
): Promise<number> {
  const { upload, requester } = opts;
  const { id } = await enqueue(db, {
    job: importCommitJob,
    payload: {
      uploadId: upload.id,
      projectId: upload.projectId,
      ...requester,
      type: upload.type,
      fileName: upload.fileName,
      files: upload.files.length,
      ...(upload.format ? { format: upload.format } : {}),
      ...(upload.partner ? { partner: upload.partner } : {}),
      ...(upload.snapshotDate ? { snapshotDate: upload.snapshotDate } : {}),
      ...(upload.completeExport !== undefined ? { completeExport: upload.completeExport } : {}),
      ...(upload.account ? { account: upload.account } : {}),
      skipInvalid: opts.skipInvalid,
    },
    projectId: upload.projectId,
    idempotencyKey: upload.id,
    createdBy: 'userId' in requester ? `user:${requester.userId}` : `token:${requester.tokenId}`,
    clock: opts.clock,
  });
  return id;
}
