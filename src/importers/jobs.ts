/**
 * The importers' jobs: `import.commit` commits a web upload (checked whole, written in chunks, made visible at once)
 * as a durable job, for the user who asked. A restart during the commit leaves the whole import or nothing; the
 * retried attempt settles the interrupted batches and says which (src/importers/commit-job.ts). Every minute,
 * `import.recover-abandoned` aborts imports a dead process left pending (`recoverAbandoned`).
 */
import { z } from 'zod';
import { defineJob, type JobDefinition } from '../jobs/define';
import type { ScheduleEntry } from '../jobs/schedule';
import { recoverAbandoned } from './pending';
import { RECORD_TYPES } from '../plan/schema';
import { IMPORT_FORMATS } from './types';
import { runImportCommit } from './commit-job';

/** What the upload page enqueues: the upload (its files stay in the upload folder), the project, who, the choices. */
export const importCommitPayload = z.object({
  uploadId: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  projectId: z.string().min(1).max(100),
  /** The user who asked: the job acts as them (their permissions, re-checked when it runs). */
  userId: z.string().min(1).max(100),
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
