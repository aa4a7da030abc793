/**
 * Durable jobs: work that runs outside a request (import commits, scheduled reminders, signing, digests), survives a
 * restart and never runs twice. A job is claimed with `FOR UPDATE SKIP LOCKED` and a lease; a lease that runs out
 * (its process died) makes the job claimable again. Times are written from the injected clock, never `now()`, so
 * tests can move time through a project year.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { projects } from './projects';

export const jobs = pgTable(
  'jobs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** The job kind (`import.commit`, `year.close-reminder`, …): names its zod-validated payload and its handler. */
    kind: text('kind').notNull(),
    /** The project the job works for, when it has one. */
    projectId: text('project_id').references(() => projects.id, { onDelete: 'cascade' }),
    payload: jsonb('payload').notNull(),
    /** Enqueueing the same key (per kind) again returns the existing job: the same work runs once. */
    idempotencyKey: text('idempotency_key'),
    /** queued | running | succeeded | failed | cancelled */
    state: text('state').notNull().default('queued'),
    /** Not before: the first run, or the next attempt after a back-off. */
    runAt: timestamp('run_at', { withTimezone: true }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(5),
    /** Which process holds the job (`<host>:<pid>:<n>`) and until when; an expired lease can be claimed again. */
    lockedBy: text('locked_by'),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    /** The last error (message and stack), kept after the final failure. */
    lastError: text('last_error'),
    /** What the handler returned (e.g. the import's counts, or that nothing was written). */
    result: jsonb('result'),
    /** The schedule entry that produced it and the due time it stands for (null for one-off jobs). */
    schedule: text('schedule'),
    dueAt: timestamp('due_at', { withTimezone: true }),
    /** Who asked for it: `user:<id>`, `cli:<user>` or `system`. */
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    /** Progress of a long job, 0…total, shown by the CLI bar and the admin page. */
    progressDone: integer('progress_done'),
    progressTotal: integer('progress_total'),
  },
  (t) => [
    uniqueIndex('jobs_idempotency').on(t.kind, t.idempotencyKey),
    index('jobs_due')
      .on(t.runAt)
      .where(sql`state = 'queued'`),
    index('jobs_kind_state').on(t.kind, t.state),
    index('jobs_project').on(t.projectId),
  ],
);

/**
 * One row per recurring schedule entry (and project, '' for instance-wide ones): the last due time a job was
 * enqueued for. Advancing it is a conditional update, so of several instances exactly one enqueues each due time,
 * and after a restart that missed due times the latest one is run once (no burst).
 */
export const jobSchedules = pgTable(
  'job_schedules',
  {
    name: text('name').notNull(),
    /** '' for an instance-wide entry. */
    scope: text('scope').notNull().default(''),
    lastDueAt: timestamp('last_due_at', { withTimezone: true }),
    lastJobId: bigint('last_job_id', { mode: 'number' }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.name, t.scope] })],
);
