/**
 * The `import.commit` handler: commits an upload for the user who asked (their actor loaded afresh, so a right lost
 * since the upload fails the job with that reason), reporting progress to the job row. Before the batches are
 * written their ids are saved with `ctx.checkpoint`; a retried attempt (the server restarted mid-commit) settles
 * them: committed → the result says the whole import was committed before the restart; otherwise nothing of it
 * counts (aborted, rows deleted) and the commit runs again from the upload's files, or, when they are gone, the job
 * fails with "interrupted, nothing was imported".
 */
import { userActor } from '../auth/actors';
import { tokenActor } from '../auth/tokens';
import type { Actor } from '../auth/permissions';
import { isAppError } from '../errors';
import { PermanentJobError, type JobContext } from '../jobs/define';
import { commitImport, importablePartners, type ImportResult, type ImportStep } from './commit';
import type { ImportCommitPayload } from './jobs';
import { settleBatches } from './pending';
import { deleteUpload, loadUpload, type Upload } from './uploads';

/** How an earlier attempt that was interrupted (a restart) ended. */
export interface Interruption {
  batchIds: string[];
  /** `committed`: its final flip happened, the whole import counts; `aborted`: nothing of it counts. */
  outcome: 'committed' | 'aborted';
}

/** What the job keeps in `jobs.result` while it runs: its phase, its batches once known, an earlier interruption. */
export interface ImportCheckpoint {
  phase: 'check' | 'import';
  batchIds?: string[];
  interrupted?: Interruption;
}

/** The job's result: the import's (after a run, possibly a rerun), or what an interrupted attempt committed. */
export type ImportJobResult =
  | (ImportResult & { interrupted?: Interruption })
  | {
      status: 'imported';
      /** The restart came after the commit: the result is read back from the batches. */
      committedBeforeRestart: true;
      rows: number;
      imported: number;
      duplicates: number;
      invalid: number;
      batchIds: string[];
      interrupted: Interruption;
    };

export const INTERRUPTED_NOTHING_IMPORTED = 'interrupted, nothing was imported';

const asCheckpoint = (v: unknown): ImportCheckpoint | undefined => {
  if (typeof v !== 'object' || v === null) return undefined;
  const c = v as Partial<ImportCheckpoint>;
  return c.phase === 'check' || c.phase === 'import' ? (c as ImportCheckpoint) : undefined;
};

/** Coalesces the import's progress callbacks into `ctx.progress` writes, one at a time, the latest winning. */
function progressWriter(ctx: JobContext) {
  let latest: ImportStep | undefined;
  let running: Promise<void> | undefined;
  const pump = async () => {
    while (latest) {
      const step = latest;
      latest = undefined;
      await ctx.progress(step.done, step.total).catch((err: unknown) => {
        ctx.log.warn({ err, job: ctx.job.id }, 'import progress not saved');
      });
    }
    running = undefined;
  };
  return {
    report(step: ImportStep) {
      latest = step;
      running ??= pump();
    },
    flush: () => running ?? Promise.resolve(),
  };
}

/** The user's (or token's) actor, allowed to import in the project now; else the job fails for good with the reason. */
async function importingActor(ctx: JobContext, p: ImportCommitPayload): Promise<Actor> {
  const actor =
    p.tokenId !== undefined
      ? await tokenActor(ctx.db, p.tokenId)
      : p.userId !== undefined
        ? await userActor(ctx.db, p.userId)
        : undefined;
  if (!actor)
    throw new PermanentJobError(
      p.tokenId !== undefined
        ? 'the API token that asked for this import was revoked'
        : 'the account that asked for this import no longer exists',
    );
  try {
    importablePartners(actor, p.projectId);
  } catch (e) {
    if (isAppError(e)) throw new PermanentJobError(e.message);
    throw e;
  }
  return actor;
}

function requestOf(actor: Actor, p: ImportCommitPayload, upload: Upload) {
  return {
    actor,
    projectId: p.projectId,
    type: p.type,
    files: upload.files,
    ...(p.format ? { format: p.format } : {}),
    skipInvalid: p.skipInvalid,
    options: {
      ...(p.partner ? { defaults: { lead_partner: p.partner } } : {}),
      ...(p.snapshotDate ? { snapshotDate: p.snapshotDate } : {}),
      ...(p.completeExport !== undefined ? { completeExport: p.completeExport } : {}),
      ...(p.account ? { account: p.account } : {}),
    },
  };
}

const sum = (rows: readonly Record<string, unknown>[], key: string) =>
  rows.reduce((n, r) => n + (typeof r[key] === 'number' ? r[key] : 0), 0);

export async function runImportCommit(ctx: JobContext, p: ImportCommitPayload): Promise<ImportJobResult> {
  const actor = await importingActor(ctx, p);
  const earlier = asCheckpoint(ctx.job.checkpoint);
  let interrupted = earlier?.interrupted;
  if (earlier?.batchIds) {
    // An earlier attempt got as far as its batches and was interrupted: whole or nothing, and say which.
    const settled = await settleBatches(ctx.db, earlier.batchIds);
    interrupted = { batchIds: earlier.batchIds, outcome: settled.outcome };
    if (settled.outcome === 'committed') {
      await deleteUpload(p.uploadId);
      const rows = settled.batches as unknown as Record<string, unknown>[];
      return {
        status: 'imported',
        committedBeforeRestart: true,
        rows: sum(rows, 'rows'),
        imported: sum(rows, 'imported'),
        duplicates: sum(rows, 'duplicates'),
        invalid: sum(rows, 'invalid'),
        batchIds: earlier.batchIds,
        interrupted,
      };
    }
    await ctx.checkpoint({ phase: 'check', interrupted } satisfies ImportCheckpoint);
  }
  const upload = await loadUpload(p.uploadId);
  if (!upload) {
    throw new PermanentJobError(
      interrupted
        ? INTERRUPTED_NOTHING_IMPORTED
        : 'the uploaded files are gone (they are kept for an hour): upload them again',
    );
  }
  const progress = progressWriter(ctx);
  let result: ImportResult;
  try {
    result = await commitImport(ctx.db, {
      ...requestOf(actor, p, upload),
      onProgress: (step) => progress.report(step),
      onBatches: async (batchIds) => {
        await progress.flush();
        await ctx.checkpoint({ phase: 'import', batchIds, ...(interrupted ? { interrupted } : {}) });
        // The import phase counts rows from zero (the check phase counted bytes).
        await ctx.progress(0, 0);
      },
    });
    await progress.flush();
  } catch (e) {
    await progress.flush();
    // A refusal (a file error, a year closed meanwhile, a right lost): nothing was written, and retrying will not
    // change it. Anything else (the database went away) is retried; the retry settles the batches first.
    if (isAppError(e) && e.status < 500) {
      await deleteUpload(p.uploadId);
      throw new PermanentJobError(e.message);
    }
    throw e;
  }
  await deleteUpload(p.uploadId);
  return interrupted ? { ...result, interrupted } : result;
}
