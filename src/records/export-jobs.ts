/**
 * Large record exports as a job (`records.export`): the streamed export (src/records/export-stream.ts) written to
 * a file in the export folder with its progress on the job row, for the person who asked (their rights re-checked
 * when it runs; only they see the job and its file). The file is written as `<job>.part` and renamed once whole:
 * an interrupted attempt never leaves a file that looks finished. `records.export-cleanup` (hourly) deletes files
 * older than a day, and `.part` leftovers of attempts a stopped process left.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { userActor } from '../auth/actors';
import { actorId, authorize, type Actor } from '../auth/permissions';
import { loadConfig } from '../config';
import type { Db } from '../db/client';
import { apiTokens, jobs } from '../db/schema';
import { AppError, notFound } from '../errors';
import { defineJob, PermanentJobError, type JobContext } from '../jobs/define';
import { enqueue } from '../jobs/queue';
import type { ScheduleEntry } from '../jobs/schedule';
import type { Clock } from '../lib/clock';
import { newId } from '../lib/ids';
import { RECORD_TYPES, type RecordType } from '../plan/schema';
import {
  CONTENT_TYPES,
  countRecordExport,
  EXPORT_FORMATS,
  openRecordExport,
  type ExportFormat,
} from './export-stream';
import type { RecordFilter } from './service';

/** How long a finished export waits for its download. */
export const EXPORT_TTL_MS = 24 * 60 * 60 * 1000;

/** Where finished exports wait (HERALD_EXPORT_DIR, else a folder in the system temp folder). */
export const exportRoot = (): string => loadConfig().HERALD_EXPORT_DIR ?? join(tmpdir(), 'herald-exports');

/** Above this many records the list page offers its exports as a job (HERALD_EXPORT_JOB_ROWS, default 5,000). */
export const exportJobThreshold = (): number => loadConfig().HERALD_EXPORT_JOB_ROWS;

const text = z.string().max(500).optional();
const filterSchema = z.strictObject({
  partner: text,
  q: text,
  year: z.number().int().min(1).max(99).optional(),
  from: text,
  to: text,
  kindValue: text,
  type: text,
  status: text,
  audience: text,
  openAccess: text,
  deleted: z.enum(['exclude', 'only']).optional(),
});

export const recordExportPayload = z.object({
  projectId: z.string().min(1).max(100),
  type: z.enum(RECORD_TYPES),
  format: z.enum(EXPORT_FORMATS),
  filter: filterSchema,
  /** Who asked: the job acts as them. */
  userId: z.string().max(100).nullable(),
  tokenId: z.number().int().nullable(),
});
export type RecordExportPayload = z.infer<typeof recordExportPayload>;

const partPath = (jobId: number) => join(exportRoot(), `${jobId}.part`);
const filePath = (jobId: number, format: ExportFormat) => join(exportRoot(), `${jobId}.${format}`);

/** The actor of a token still valid (not revoked), by id. */
async function tokenActor(db: Db, tokenId: number): Promise<Actor | undefined> {
  const [row] = await db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.id, tokenId), isNull(apiTokens.revokedAt)));
  if (!row) return undefined;
  return {
    kind: 'token',
    tokenId: row.id,
    projectId: row.projectId,
    partnerCode: row.partnerCode,
    access: row.access === 'write' ? 'write' : 'read',
  };
}

/** The export result kept on the job row. */
export interface ExportResult {
  fileName: string;
  rows: number;
  bytes: number;
  sha256: string;
}

async function run(ctx: JobContext, p: RecordExportPayload): Promise<ExportResult> {
  const actor = p.userId
    ? await userActor(ctx.db, p.userId)
    : p.tokenId !== null
      ? await tokenActor(ctx.db, p.tokenId)
      : ctx.actor;
  if (!actor) throw new PermanentJobError('whoever asked for the export can no longer read the records');
  await mkdir(exportRoot(), { recursive: true, mode: 0o700 });
  const part = partPath(ctx.job.id);
  let total = 0;
  // Progress writes are chained, one at a time, the latest value winning.
  let chain = Promise.resolve();
  const file = await openRecordExport(ctx.db, {
    actor,
    projectId: p.projectId,
    type: p.type,
    format: p.format,
    filter: p.filter as RecordFilter,
    clock: ctx.clock,
    onRows: (done) => {
      chain = chain.then(() => ctx.progress(done, Math.max(total, done))).catch(() => undefined);
    },
  });
  total = file.total;
  await ctx.progress(0, total);
  const hash = createHash('sha256');
  let bytes = 0;
  const count = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  try {
    await pipeline(Readable.from(file.chunks), count, createWriteStream(part, { mode: 0o600 }));
    await chain;
    await rename(part, filePath(ctx.job.id, p.format));
  } finally {
    await rm(part, { force: true });
  }
  return { fileName: file.fileName, rows: total, bytes, sha256: hash.digest('hex') };
}

export const recordExportJob = defineJob<RecordExportPayload>({
  kind: 'records.export',
  payload: recordExportPayload,
  maxAttempts: 2,
  run,
});

/** Starts an export job (checks `record.read` and the filter first); the job's id and how many records it holds. */
export async function requestRecordExport(
  db: Db,
  opts: {
    actor: Actor;
    projectId: string;
    type: RecordType;
    format: ExportFormat;
    filter?: RecordFilter | undefined;
    clock: Clock;
  },
): Promise<{ jobId: number; total: number }> {
  const { actor } = opts;
  const filter = Object.fromEntries(
    Object.entries(opts.filter ?? {}).filter(([, v]) => v !== undefined && v !== ''),
  ) as RecordFilter;
  const total = await countRecordExport(db, { ...opts, filter });
  const { id } = await enqueue(db, {
    job: recordExportJob,
    payload: {
      projectId: opts.projectId,
      type: opts.type,
      format: opts.format,
      filter,
      userId: actor.kind === 'user' ? actor.userId : null,
      tokenId: actor.kind === 'token' ? actor.tokenId : null,
    },
    projectId: opts.projectId,
    idempotencyKey: newId(),
    createdBy: actorId(actor),
    clock: opts.clock,
  });
  return { jobId: id, total };
}

export interface ExportJobView {
  jobId: number;
  state: string;
  done: boolean;
  type: RecordType;
  format: ExportFormat;
  rowsDone: number;
  rowsTotal: number | null;
  /** 0..1 */
  progress: number;
  /** Succeeded and its file still there. */
  available: boolean;
  result: ExportResult | null;
  error: string | null;
}

/** An export job as its requester sees it (`record.read`; anybody else's job is not found). */
export async function exportJobStatus(
  db: Db,
  opts: { actor: Actor; projectId: string; jobId: number },
): Promise<ExportJobView> {
  authorize(opts.actor, 'record.read', { projectId: opts.projectId });
  const [row] = await db
    .select()
    .from(jobs)
    .where(
      and(
        eq(jobs.id, opts.jobId),
        eq(jobs.kind, recordExportJob.kind),
        eq(jobs.projectId, opts.projectId),
        eq(jobs.createdBy, actorId(opts.actor)),
      ),
    );
  if (!row) throw notFound('export job');
  const payload = recordExportPayload.parse(row.payload);
  const succeeded = row.state === 'succeeded';
  const result = succeeded ? (row.result as ExportResult) : null;
  const available = succeeded && (await exists(filePath(row.id, payload.format)));
  const total = row.progressTotal ?? null;
  const doneRows = succeeded ? (result?.rows ?? 0) : (row.progressDone ?? 0);
  return {
    jobId: row.id,
    state: row.state,
    done: succeeded || row.state === 'failed' || row.state === 'cancelled',
    type: payload.type,
    format: payload.format,
    rowsDone: doneRows,
    rowsTotal: succeeded ? doneRows : total,
    progress: succeeded ? 1 : total ? Math.min(1, doneRows / total) : 0,
    available,
    result,
    error:
      row.state === 'failed' || row.state === 'cancelled'
        ? ((row.lastError ?? row.state).split('\n')[0] ?? null)
        : null,
  };
}

const exists = (path: string) =>
  stat(path).then(
    (s) => s.isFile(),
    () => false,
  );

/** The finished file of an export job (its requester only): a 409 while it runs, 404 once expired or failed. */
export async function exportJobFile(
  db: Db,
  opts: { actor: Actor; projectId: string; jobId: number },
): Promise<{ path: string; fileName: string; contentType: string; bytes: number; sha256: string }> {
  const job = await exportJobStatus(db, opts);
  if (!job.done)
    throw new AppError({
      code: 'conflict',
      status: 409,
      message: 'The export is not finished yet',
      messageKey: 'export.job.notReady',
    });
  if (!job.available || !job.result) throw notFound('export file');
  return {
    path: filePath(job.jobId, job.format),
    fileName: job.result.fileName,
    contentType: CONTENT_TYPES[job.format],
    bytes: job.result.bytes,
    sha256: job.result.sha256,
  };
}

/** Deletes finished exports older than the TTL and `.part` files of attempts a stopped process left. */
export async function cleanExports(opts: { now: Date; ttlMs?: number }): Promise<{ removed: string[] }> {
  const root = exportRoot();
  const names = await readdir(root).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names) {
    if (!/^\d+\.(?:csv|xlsx|part)$/.test(name)) continue;
    const info = await stat(join(root, name)).catch(() => undefined);
    if (!info || opts.now.getTime() - info.mtimeMs < (opts.ttlMs ?? EXPORT_TTL_MS)) continue;
    await rm(join(root, name), { force: true });
    removed.push(name);
  }
  return { removed };
}

export const exportCleanupJob = defineJob<Record<string, never>>({
  kind: 'records.export-cleanup',
  payload: z.object({}).strict() as z.ZodType<Record<string, never>>,
  maxAttempts: 1,
  run: (ctx) => cleanExports({ now: ctx.clock.now() }),
});

export const exportCleanupSchedule: ScheduleEntry<Record<string, never>> = {
  name: 'records.export-cleanup',
  cron: '17 * * * *',
  job: exportCleanupJob,
  scope: 'instance',
  payload: () => ({}),
};
