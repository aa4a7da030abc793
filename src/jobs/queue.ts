/**
 * The durable queue on our own `jobs` table: enqueue (idempotent per kind + key), claim (`FOR UPDATE SKIP LOCKED` with
 * a lease), lease extension, complete, fail with back-off, retry and cancel. Every time comes from the injected clock.
 */
import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import { jobs } from '../db/schema';
import { AppError } from '../errors';
import type { Clock } from '../lib/clock';
import { DEFAULT_MAX_ATTEMPTS, type JobDefinition } from './define';

export type JobRow = typeof jobs.$inferSelect;
export const JOB_STATES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type JobState = (typeof JOB_STATES)[number];

export interface EnqueueOptions<P> {
  job: JobDefinition<P>;
  payload: P;
  projectId?: string | null;
  /** Enqueueing the same key (per kind) again returns the existing job. */
  idempotencyKey?: string;
  /**
   * Coalesce: no new job while one of this kind for the same project is still queued (not yet claimed), which then
   * stands for this one too; a burst of writes gives one pending refresh. A running job does not count: it may
   * have read its input before the caller's change.
   */
  unlessQueued?: boolean;
  /** Not before (default: now). */
  runAt?: Date;
  /** `user:<id>`, `cli:<user>`, `system`, `schedule:<name>`. */
  createdBy: string;
  clock: Clock;
  /** Set by the schedule: the entry and the due time the job stands for. */
  schedule?: string;
  dueAt?: Date;
}

/** Validates the payload (zod) and inserts the job; a repeated (kind, idempotency key) returns the existing one. */
export async function enqueue<P>(
  db: Db | Tx,
  opts: EnqueueOptions<P>,
): Promise<{ id: number; created: boolean }> {
  const parsed = opts.job.payload.safeParse(opts.payload);
  if (!parsed.success) {
    throw new AppError({
      code: 'validation',
      status: 422,
      message: `job ${opts.job.kind}: invalid payload`,
      details: parsed.error.issues.map((i) => ({
        path: i.path.map(String).join('.'),
        message: i.message,
      })),
    });
  }
  const now = opts.clock.now();
  if (opts.unlessQueued) return enqueueUnlessQueued(db, { ...opts, payload: parsed.data, now });
  const [row] = await db
    .insert(jobs)
    .values({
      kind: opts.job.kind,
      projectId: opts.projectId ?? null,
      payload: parsed.data ?? null,
      idempotencyKey: opts.idempotencyKey ?? null,
      state: 'queued',
      runAt: opts.runAt ?? now,
      maxAttempts: opts.job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      schedule: opts.schedule ?? null,
      dueAt: opts.dueAt ?? null,
      createdBy: opts.createdBy,
      createdAt: now,
    })
    .onConflictDoNothing({ target: [jobs.kind, jobs.idempotencyKey] })
    .returning({ id: jobs.id });
  if (row) return { id: row.id, created: true };
  const [existing] = await db
    .select({ id: jobs.id })
    .from(jobs)
    .where(and(eq(jobs.kind, opts.job.kind), eq(jobs.idempotencyKey, opts.idempotencyKey ?? '')));
  if (!existing) throw new Error(`job ${opts.job.kind}: insert conflicted but no job has its key`);
  return { id: existing.id, created: false };
}

async function enqueueUnlessQueued<P>(
  db: Db | Tx,
  opts: EnqueueOptions<P> & { now: Date },
): Promise<{ id: number; created: boolean }> {
  const projectId = opts.projectId ?? null;
  const sameProject = projectId === null ? sql`project_id is null` : sql`project_id = ${projectId}`;
  const result = (await db.execute(sql`
    with pending as (
      select id from ${jobs} where kind = ${opts.job.kind} and ${sameProject} and state = 'queued' limit 1
    ), added as (
      insert into ${jobs} (kind, project_id, payload, state, run_at, max_attempts, created_by, created_at)
      select ${opts.job.kind}, ${projectId}, ${JSON.stringify(opts.payload ?? null)}::jsonb, 'queued',
        ${(opts.runAt ?? opts.now).toISOString()}::timestamptz, ${opts.job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS},
        ${opts.createdBy}, ${opts.now.toISOString()}::timestamptz
      where not exists (select 1 from pending)
      returning id
    )
    select id, true as created from added union all select id, false from pending`)) as unknown as {
    rows: Array<{ id: number | string; created: boolean }>;
  };
  const [row] = result.rows;
  if (!row) throw new Error(`job ${opts.job.kind}: neither queued nor found`);
  return { id: Number(row.id), created: row.created };
}

export async function getJob(db: Db, id: number): Promise<JobRow | undefined> {
  const [row] = await db.select().from(jobs).where(eq(jobs.id, id));
  return row;
}

export interface ListJobsFilter {
  state?: JobState;
  kind?: string;
  projectId?: string;
  limit?: number;
}

/** The most recent jobs first. */
export function listJobs(db: Db, f: ListJobsFilter = {}): Promise<JobRow[]> {
  const where: SQL[] = [];
  if (f.state) where.push(eq(jobs.state, f.state));
  if (f.kind) where.push(eq(jobs.kind, f.kind));
  if (f.projectId) where.push(eq(jobs.projectId, f.projectId));
  return db
    .select()
    .from(jobs)
    .where(and(...where))
    .orderBy(desc(jobs.createdAt), desc(jobs.id))
    .limit(f.limit ?? 50);
}

const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;

/**
 * Claims up to `limit` jobs of the given kinds for `workerId`: queued and due, or running with an expired lease (its
 * process died). Rows another transaction holds are skipped, so concurrent runners never claim the same job.
 * A plain read comes first: when nothing is due (the runner's idle beat every 5 s) no write runs, so the write
 * generation stays put and nothing is notified (src/db/write-generation.ts): caches survive an idle runner.
 */
export async function claimJobs(
  db: Db,
  opts: { kinds: string[]; workerId: string; leaseMs: number; clock: Clock; limit: number },
): Promise<JobRow[]> {
  if (opts.kinds.length === 0 || opts.limit <= 0) return [];
  const now = opts.clock.now();
  const claimable = sql`${inArray(jobs.kind, opts.kinds)}
      and ((${jobs.state} = 'queued' and ${jobs.runAt} <= ${ts(now)})
        or (${jobs.state} = 'running' and ${jobs.lockedUntil} < ${ts(now)}))`;
  const [any] = await db.select({ id: jobs.id }).from(jobs).where(claimable).limit(1);
  if (!any) return [];
  const due = sql`(select ${jobs.id} from ${jobs}
    where ${claimable}
    order by ${jobs.runAt}, ${jobs.id}
    limit ${opts.limit}
    for update skip locked)`;
  return db
    .update(jobs)
    .set({
      state: 'running',
      attempts: sql`${jobs.attempts} + 1`,
      lockedBy: opts.workerId,
      lockedUntil: new Date(now.getTime() + opts.leaseMs),
      startedAt: now,
    })
    .where(inArray(jobs.id, due))
    .returning();
}

/** Extends the lease (and records progress when given); false when the job is no longer this worker's. */
export async function extendLease(
  db: Db,
  opts: {
    id: number;
    workerId: string;
    leaseMs: number;
    clock: Clock;
    progress?: { done: number; total: number };
  },
): Promise<boolean> {
  const rows = await db
    .update(jobs)
    .set({
      lockedUntil: new Date(opts.clock.now().getTime() + opts.leaseMs),
      ...(opts.progress ? { progressDone: opts.progress.done, progressTotal: opts.progress.total } : {}),
    })
    .where(and(eq(jobs.id, opts.id), eq(jobs.lockedBy, opts.workerId), eq(jobs.state, 'running')))
    .returning({ id: jobs.id });
  return rows.length > 0;
}

/** Saves a handler's checkpoint in jobs.result while it runs. */
export async function saveCheckpoint(
  db: Db,
  opts: { id: number; workerId: string; state: unknown },
): Promise<boolean> {
  const rows = await db
    .update(jobs)
    .set({ result: opts.state ?? null })
    .where(and(eq(jobs.id, opts.id), eq(jobs.lockedBy, opts.workerId), eq(jobs.state, 'running')))
    .returning({ id: jobs.id });
  return rows.length > 0;
}

/** Marks the job succeeded with its result; false when the lease was lost (another runner owns it now). */
export async function completeJob(
  db: Db,
  opts: { id: number; workerId: string; result: unknown; clock: Clock },
): Promise<boolean> {
  const rows = await db
    .update(jobs)
    .set({
      state: 'succeeded',
      result: opts.result ?? null,
      finishedAt: opts.clock.now(),
      lockedBy: null,
      lockedUntil: null,
    })
    .where(and(eq(jobs.id, opts.id), eq(jobs.lockedBy, opts.workerId), eq(jobs.state, 'running')))
    .returning({ id: jobs.id });
  return rows.length > 0;
}

/**
 * Records a failed attempt: back to `queued` at now + back-off while attempts remain (and the error is not
 * permanent), else `failed` with the error kept. Returns the new state, or undefined when the lease was lost.
 */
export async function failJob(
  db: Db,
  opts: {
    id: number;
    workerId: string;
    error: string;
    clock: Clock;
    /** The wait before the next attempt; undefined = no more attempts. */
    retryInMs: number | undefined;
  },
): Promise<'queued' | 'failed' | undefined> {
  const now = opts.clock.now();
  const again = opts.retryInMs !== undefined;
  const rows = await db
    .update(jobs)
    .set(
      again
        ? {
            state: 'queued',
            runAt: new Date(now.getTime() + (opts.retryInMs ?? 0)),
            lastError: opts.error,
            lockedBy: null,
            lockedUntil: null,
          }
        : { state: 'failed', lastError: opts.error, finishedAt: now, lockedBy: null, lockedUntil: null },
    )
    .where(and(eq(jobs.id, opts.id), eq(jobs.lockedBy, opts.workerId), eq(jobs.state, 'running')))
    .returning({ state: jobs.state });
  return rows[0]?.state as 'queued' | 'failed' | undefined;
}

/**
 * A failed job runs again: back to `queued`, due now, with ONE more attempt (max_attempts = attempts + 1; the attempts
 * already made stay counted, so the history is not rewritten). Runs in the caller's transaction (audited there).
 */
export async function requeueFailed(
  tx: Db | Tx,
  opts: { id: number; clock: Clock },
): Promise<JobRow | undefined> {
  const [row] = await tx
    .update(jobs)
    .set({
      state: 'queued',
      runAt: opts.clock.now(),
      maxAttempts: sql`${jobs.attempts} + 1`,
      finishedAt: null,
    })
    .where(and(eq(jobs.id, opts.id), eq(jobs.state, 'failed')))
    .returning();
  return row;
}

/** Cancels a job that has not started (queued, or failed and waiting for a retry); false otherwise. */
export async function cancelJob(db: Db | Tx, opts: { id: number; clock: Clock }): Promise<boolean> {
  const rows = await db
    .update(jobs)
    .set({ state: 'cancelled', finishedAt: opts.clock.now(), lockedBy: null, lockedUntil: null })
    .where(and(eq(jobs.id, opts.id), inArray(jobs.state, ['queued', 'failed'])))
    .returning({ id: jobs.id });
  return rows.length > 0;
}

/**
 * PGlite: one process holds the data folder, so a job still `running` when a process opens it was left by a dead
 * process; its lease ends now (the job is claimed again and, on its retry, settles what the dead attempt left)
 * instead of when the lease would have run out. Never on PostgreSQL, where other instances may be running them.
 */
export async function releaseOrphanedLeases(db: Db): Promise<number> {
  const rows = await db
    .update(jobs)
    .set({ lockedUntil: new Date(0) })
    .where(eq(jobs.state, 'running'))
    .returning({ id: jobs.id });
  return rows.length;
}
