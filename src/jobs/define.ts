/** What a job kind is: its zod payload, attempts and back-off, and the handler that runs it (the jobs contract). */
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { Actor } from '../auth/permissions';
import type { Db } from '../db/client';
import type { Clock } from '../lib/clock';
import type { Mailer } from '../mail/mailer';
import type { MailPolicy } from '../mail/sender';
import type { SourceDeps } from '../sources/env';

/** What `herald serve` / `herald worker` pass in to every handler. */
export interface JobDeps {
  /** Where `mail.send` hands messages (default: the local outbox). */
  mailer?: Mailer;
  /** SMTP_RATE_PER_SECOND, SMTP_PAUSE_AFTER_ERRORS, SMTP_PAUSE_MINUTES (default: DEFAULT_MAIL_POLICY). */
  mailPolicy?: Partial<MailPolicy>;
  /** The content-addressed file store (`<dir>/<sha256>`): mail attachments. */
  filesDir?: string;
  /** A real wait, for short gaps between rate-limit slots (the server and the worker); tests pass none. */
  sleep?: (ms: number) => Promise<void>;
  baseUrl?: string;
  keyFile?: string;
  /** Live sources (src/sources): endpoints, contact, HTTP policy and waits (default: the real services). */
  sources?: SourceDeps;
}

export interface JobContext {
  /** Handlers open their own transactions (and audit inside them, like a use case). */
  db: Db;
  clock: Clock;
  log: Logger;
  /** `systemActor('job:<kind>')`: handlers call the same use cases with it (permission checks + audit). */
  actor: Actor;
  job: {
    id: number;
    kind: string;
    projectId: string | null;
    attempt: number;
    dueAt: Date | null;
    /** What an earlier, interrupted attempt saved with checkpoint() (null on the first attempt). */
    checkpoint: unknown;
  };
  deps: JobDeps;
  /** Sets jobs.progress_done/total and extends the lease. */
  progress(done: number, total: number): Promise<void>;
  /** Saved in jobs.result while running; read back by a retry as `job.checkpoint`. */
  checkpoint(state: unknown): Promise<void>;
}

export interface JobDefinition<P> {
  /** 'import.commit', 'year.close-reminder', 'audit.sign-heads', … */
  kind: string;
  /** Validated on enqueue AND on run. */
  payload: z.ZodType<P>;
  /** Default 5. */
  maxAttempts?: number;
  /** Default 30 s · 2^(attempt-1), capped at 1 h. */
  backoffMs?: (attempt: number) => number;
  /** The returned JSON is stored in jobs.result. */
  run(ctx: JobContext, payload: P): Promise<unknown>;
}

/** Any job kind, as the registry and the runner hold them. */
export type AnyJob = JobDefinition<unknown>;

export function defineJob<P>(d: JobDefinition<P>): JobDefinition<P> {
  return d;
}

/** Thrown by a handler: the job fails at once, with no more attempts (bad payload, a missing project, …). */
export class PermanentJobError extends Error {
  constructor(message: string, opts?: { cause?: unknown }) {
    super(message, opts);
    this.name = 'PermanentJobError';
  }
}

export const DEFAULT_MAX_ATTEMPTS = 5;
const BACKOFF_BASE_MS = 30_000;
const BACKOFF_CAP_MS = 60 * 60 * 1000;

/** 30 s, 1 min, 2 min, … capped at 1 h: the wait before attempt `attempt + 1`. */
export const defaultBackoffMs = (attempt: number): number =>
  Math.min(BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1), BACKOFF_CAP_MS);

export const backoffOf = (job: AnyJob, attempt: number): number =>
  (job.backoffMs ?? defaultBackoffMs)(attempt);
