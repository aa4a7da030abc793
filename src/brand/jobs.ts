/**
 * Large PDFs are checked as a job (`brand.check`): the page stores the upload as `<filesDir>/brand-jobs/<upload>`,
 * the job checks it as the person who asked (their rights re-checked when it runs), keeps the result (raw diagnostics,
 * rendered in the reader's language by the page) on the job row, and removes the upload; a clean evidence-type file
 * is kept for the attach step like a small upload. `brand.cleanup` (hourly) removes uploads and pending files older
 * than a day (a job that never ran, a result never attached).
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { userActor } from '../auth/actors';
import { actorId, authorize, type Actor } from '../auth/permissions';
import { loadConfig } from '../config';
import type { Db } from '../db/client';
import { jobs } from '../db/schema';
import { notFound } from '../errors';
import { defineJob, PermanentJobError, type JobContext } from '../jobs/define';
import { enqueue } from '../jobs/queue';
import type { ScheduleEntry } from '../jobs/schedule';
import type { Clock } from '../lib/clock';
import { newId } from '../lib/ids';
import { storeFileBytes } from '../records/files';
import { cleanPending, keepPending, PENDING_TTL_MS } from './evidence';
import { checkMaterial } from './service';
import { CONTEXTS, type Diagnostic, type DocKind, type LintContext } from './types';

/** A PDF above either limit is checked as a job (the page would otherwise wait on it). */
export const LARGE_PDF = { pages: 40, bytes: 5 * 1024 * 1024 };

/**
 * Whether the bytes are a PDF above LARGE_PDF: its size, or its page objects counted in the bytes (`/Type /Page`; pages
 * inside compressed object streams are not seen, which the size limit covers for big files).
 */
export function isLargePdf(bytes: Uint8Array): boolean {
  if (Buffer.from(bytes.subarray(0, 5)).toString('latin1') !== '%PDF-') return false;
  if (bytes.length > LARGE_PDF.bytes) return true;
  const pages =
    Buffer.from(bytes)
      .toString('latin1')
      .match(/\/Type\s*\/Page(?![a-zA-Z])/g)?.length ?? 0;
  return pages > LARGE_PDF.pages;
}

const jobsDir = (filesDir: string) => join(filesDir, 'brand-jobs');
const defaultFilesDir = () => join(loadConfig().HERALD_DATA_DIR, 'files');

export const brandCheckPayload = z.object({
  projectId: z.string().min(1).max(100),
  userId: z.string().min(1).max(100),
  /** The upload's name in `brand-jobs/`. */
  upload: z.string().regex(/^[\w-]{1,64}$/),
  fileName: z.string().min(1).max(300),
  context: z.enum(CONTEXTS),
});
export type BrandCheckPayload = z.infer<typeof brandCheckPayload>;

/** What the job row keeps: the result, unrendered. */
export interface BrandJobResult {
  file: string;
  kind?: DocKind;
  diagnostics: Diagnostic[];
  errors: number;
  warnings: number;
  notes: number;
  sha256: string;
  size: number;
  context: LintContext;
  /** A clean evidence-type file waits for the attach step. */
  pending: boolean;
}

async function run(ctx: JobContext, p: BrandCheckPayload): Promise<BrandJobResult> {
  const filesDir = ctx.deps.filesDir ?? defaultFilesDir();
  const path = join(jobsDir(filesDir), p.upload);
  try {
    const actor = await userActor(ctx.db, p.userId);
    if (!actor) throw new PermanentJobError('whoever asked for the check is no longer a user');
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await readFile(path));
    } catch {
      throw new PermanentJobError('the uploaded file is no longer kept');
    }
    await ctx.progress(0, 1);
    const outcome = await checkMaterial(ctx.db, {
      actor,
      projectId: p.projectId,
      fileName: p.fileName,
      bytes,
      options: { kind: 'text', context: p.context },
    }).catch((e: unknown) => {
      throw new PermanentJobError((e as Error).message, { cause: e });
    });
    const pending = await keepPending({
      filesDir,
      projectId: p.projectId,
      fileName: p.fileName,
      bytes,
      outcome,
    });
    await ctx.progress(1, 1);
    const { result } = outcome;
    return {
      file: result.file,
      ...(result.kind ? { kind: result.kind } : {}),
      diagnostics: result.diagnostics,
      errors: outcome.errors,
      warnings: outcome.warnings,
      notes: outcome.notes,
      sha256: outcome.sha256,
      size: outcome.size,
      context: outcome.context,
      pending,
    };
  } finally {
    await rm(path, { force: true });
  }
}

export const brandCheckJob = defineJob<BrandCheckPayload>({
  kind: 'brand.check',
  payload: brandCheckPayload,
  maxAttempts: 2,
  run,
});

/** Stores the upload and starts its check; the job's id. Only signed-in members (the API checks in the request). */
export async function requestBrandCheck(
  db: Db,
  opts: {
    actor: Actor;
    projectId: string;
    fileName: string;
    bytes: Uint8Array;
    context: LintContext;
    filesDir: string;
    clock: Clock;
  },
): Promise<number> {
  authorize(opts.actor, 'record.read', { projectId: opts.projectId });
  if (opts.actor.kind !== 'user') throw notFound('brand check job');
  const upload = newId();
  await mkdir(jobsDir(opts.filesDir), { recursive: true });
  await storeFileBytes(jobsDir(opts.filesDir), upload, opts.bytes);
  const { id } = await enqueue(db, {
    job: brandCheckJob,
    payload: {
      projectId: opts.projectId,
      userId: opts.actor.userId,
      upload,
      fileName: opts.fileName,
      context: opts.context,
    },
    projectId: opts.projectId,
    idempotencyKey: upload,
    createdBy: actorId(opts.actor),
    clock: opts.clock,
  });
  return id;
}

export interface BrandJobView {
  jobId: number;
  state: string;
  done: boolean;
  result: BrandJobResult | null;
  error: string | null;
}

/** A check job as its requester sees it (anybody else's job is not found). */
export async function brandJobStatus(
  db: Db,
  opts: { actor: Actor; projectId: string; jobId: number },
): Promise<BrandJobView> {
  authorize(opts.actor, 'record.read', { projectId: opts.projectId });
  const [row] = await db
    .select()
    .from(jobs)
    .where(
      and(
        eq(jobs.id, opts.jobId),
        eq(jobs.kind, brandCheckJob.kind),
        eq(jobs.projectId, opts.projectId),
        eq(jobs.createdBy, actorId(opts.actor)),
      ),
    );
  if (!row) throw notFound('brand check job');
  const succeeded = row.state === 'succeeded';
  return {
    jobId: row.id,
    state: row.state,
    done: succeeded || row.state === 'failed' || row.state === 'cancelled',
    result: succeeded ? (row.result as BrandJobResult) : null,
    error:
      row.state === 'failed' || row.state === 'cancelled'
        ? ((row.lastError ?? row.state).split('\n')[0] ?? null)
        : null,
  };
}

/** Removes uploads of jobs and pending files older than a day. */
export async function cleanBrandFiles(filesDir: string, now: Date): Promise<number> {
  let removed = await cleanPending(filesDir, now);
  const dir = jobsDir(filesDir);
  if (!existsSync(dir)) return removed;
  for (const name of await readdir(dir)) {
    const path = join(dir, name);
    const { mtimeMs } = await stat(path).catch(() => ({ mtimeMs: Infinity }));
    if (now.getTime() - mtimeMs > PENDING_TTL_MS) {
      await rm(path, { force: true });
      removed++;
    }
  }
  return removed;
}

export const brandCleanupJob = defineJob<Record<string, never>>({
  kind: 'brand.cleanup',
  payload: z.object({}).strict() as unknown as z.ZodType<Record<string, never>>,
  maxAttempts: 1,
  run: async (ctx) => ({
    removed: await cleanBrandFiles(ctx.deps.filesDir ?? defaultFilesDir(), ctx.clock.now()),
  }),
});

export const brandCleanupSchedule: ScheduleEntry<Record<string, never>> = {
  name: 'brand.cleanup',
  cron: '23 * * * *',
  job: brandCleanupJob,
  scope: 'instance',
  payload: () => ({}),
};
