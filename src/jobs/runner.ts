/**
 * The runner: `tick()` runs the schedule, then claims and runs due jobs until none is left; `runUntilIdle()` repeats
 * ticks until nothing is enqueued or run (tests, `herald jobs run`); `start()` ticks on a timer (the only timers) and
 * keeps the leases of running jobs fresh. `herald serve` runs one in-process, `herald worker` runs one alone.
 */
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import { systemActor } from '../auth/permissions';
import type { Db } from '../db/client';
import type { Clock } from '../lib/clock';
import { backoffOf, PermanentJobError, type AnyJob, type JobContext, type JobDeps } from './define';
import { claimJobs, completeJob, extendLease, failJob, saveCheckpoint, type JobRow } from './queue';
import { JOBS, SCHEDULES } from './registry';
import { runSchedule, type AnySchedule } from './schedule';

export const DEFAULT_LEASE_MS = 5 * 60 * 1000;
export const DEFAULT_INTERVAL_MS = 5_000;

export interface RunnerOptions {
  db: Db;
  clock: Clock;
  log: Logger;
  deps: JobDeps;
  /** Default: every kind in the registry. */
  jobs?: readonly AnyJob[];
  /** Default: every entry in the registry; [] runs no schedule (only jobs). */
  schedules?: readonly AnySchedule[];
  /** `<host>:<pid>:<n>` by default. */
  workerId?: string;
  leaseMs?: number;
  /** Jobs run at once per claim (default 1). */
  concurrency?: number;
  /** Told every progress report (the CLI's bar). */
  onProgress?: (job: { id: number; kind: string }, done: number, total: number) => void;
}

export interface Runner {
  tick(): Promise<{ ran: number; enqueued: number }>;
  runUntilIdle(): Promise<number>;
  start(opts?: { intervalMs?: number }): void;
  /** Work was just enqueued in this process: tick now (or right after the running tick) instead of at the next beat. */
  wake(): void;
  stop(): Promise<void>;
  readonly workerId: string;
}

let runners = 0;

/** The error as stored in last_error: its message, and the stack for unexpected ones. */
const errorText = (e: unknown): string =>
  e instanceof PermanentJobError || !(e instanceof Error)
    ? e instanceof Error
      ? e.message
      : String(e)
    : (e.stack ?? e.message);

export function createRunner(opts: RunnerOptions): Runner {
  const jobs = new Map((opts.jobs ?? JOBS).map((j) => [j.kind, j]));
  const schedules = opts.schedules ?? SCHEDULES;
  const workerId = opts.workerId ?? `${hostname()}:${process.pid}:${++runners}`;
  const leaseMs = opts.leaseMs ?? DEFAULT_LEASE_MS;
  const concurrency = Math.max(1, opts.concurrency ?? 1);
  const { db, clock, log } = opts;
  const inFlight = new Set<number>();

  async function runOne(row: JobRow): Promise<void> {
    const def = jobs.get(row.kind);
    const fail = async (e: unknown, permanent: boolean) => {
      const retry = !permanent && row.attempts < row.maxAttempts;
      const state = await failJob(db, {
        id: row.id,
        workerId,
        error: errorText(e),
        clock,
        retryInMs: retry && def ? backoffOf(def, row.attempts) : undefined,
      });
      log.warn({ job: row.id, kind: row.kind, attempt: row.attempts, state, err: e }, 'job failed');
    };
    if (!def) return fail(new PermanentJobError(`no handler for job kind ${row.kind}`), true);
    if (row.attempts > row.maxAttempts) {
      // Its last attempt's process died (the lease ran out): no attempt is left.
      return fail(
        new PermanentJobError('the process running its last attempt stopped (lease expired)'),
        true,
      );
    }
    const parsed = def.payload.safeParse(row.payload);
    if (!parsed.success) return fail(new PermanentJobError(`invalid payload: ${parsed.error.message}`), true);
    const ctx: JobContext = {
      db,
      clock,
      log: log.child({ job: row.id, kind: row.kind }),
      actor: systemActor(`job:${row.kind}`),
      job: {
        id: row.id,
        kind: row.kind,
        projectId: row.projectId,
        attempt: row.attempts,
        dueAt: row.dueAt,
        checkpoint: row.attempts > 1 ? (row.result ?? null) : null,
      },
      deps: opts.deps,
      progress: async (done, total) => {
        opts.onProgress?.({ id: row.id, kind: row.kind }, done, total);
        await extendLease(db, { id: row.id, workerId, leaseMs, clock, progress: { done, total } });
      },
      checkpoint: async (state) => {
        await saveCheckpoint(db, { id: row.id, workerId, state });
      },
    };
    inFlight.add(row.id);
    try {
      const result = await def.run(ctx, parsed.data);
      if (!(await completeJob(db, { id: row.id, workerId, result, clock })))
        log.warn({ job: row.id, kind: row.kind }, 'job finished after its lease was taken over');
    } catch (e) {
      await fail(e, e instanceof PermanentJobError);
    } finally {
      inFlight.delete(row.id);
    }
  }

  let ticking: Promise<{ ran: number; enqueued: number }> | undefined;
  let timer: ReturnType<typeof setInterval> | undefined;
  let again = false;
  async function doTick(): Promise<{ ran: number; enqueued: number }> {
    const enqueued = schedules.length > 0 ? await runSchedule(db, { entries: schedules, clock }) : 0;
    let ran = 0;
    for (;;) {
      const claimed = await claimJobs(db, {
        kinds: [...jobs.keys()],
        workerId,
        leaseMs,
        clock,
        limit: concurrency,
      });
      if (claimed.length === 0) break;
      await Promise.all(claimed.map(runOne));
      ran += claimed.length;
    }
    return { ran, enqueued };
  }
  /** Concurrent calls share one tick. */
  const tick = () => {
    ticking ??= doTick().finally(() => {
      ticking = undefined;
      // A wake() during this tick: tick once more for the work enqueued meanwhile.
      if (again) {
        again = false;
        queueMicrotask(wake);
      }
    });
    return ticking;
  };

  const wake = (): void => {
    if (!timer) return;
    if (ticking) {
      again = true;
      return;
    }
    tick().catch((err: unknown) => log.error({ err }, 'running jobs failed'));
  };
  return {
    wake,
    workerId,
    tick,
    async runUntilIdle() {
      let total = 0;
      for (;;) {
        const { ran, enqueued } = await tick();
        total += ran;
        if (ran === 0 && enqueued === 0) return total;
      }
    },
    start(o = {}) {
      if (timer) return;
      const beat = () => {
        for (const id of inFlight)
          extendLease(db, { id, workerId, leaseMs, clock }).catch((err: unknown) =>
            log.error({ err, job: id }, 'extending a job lease failed'),
          );
        if (!ticking) tick().catch((err: unknown) => log.error({ err }, 'running jobs failed'));
      };
      timer = setInterval(beat, o.intervalMs ?? DEFAULT_INTERVAL_MS);
      beat();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await ticking?.catch(() => undefined);
    },
  };
}
