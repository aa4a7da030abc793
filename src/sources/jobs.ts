/**
 * The sources' jobs (issue 25 item 3):
 * - `sources.daily` (05:00 UTC, per project) enqueues one `sources.fetch` job per enabled configured source, keyed
 *   `sources.fetch:<project>:<source>:<day>:0`, so each source runs in its own job: one failing source never blocks
 *   the others, and a retried or repeated tick enqueues nothing twice.
 * - `sources.fetch` runs the source (runSource, trigger `schedule`). A failure is recorded on the run, not thrown:
 *   when it is worth trying again (RETRYABLE: rate limited, service error, network) a follow-up job is enqueued at
 *   the run's retryAt (else in an hour; never sooner than 15 minutes), at most FOLLOW_UPS_PER_DAY per source and day (the key's last part counts
 *   them). A failed or partial run mails the coordinators once per failure streak (src/sources/alerts.ts).
 *   A source turned off or removed since the tick is skipped. A crash mid-run leaves its import unwritten (all or
 *   nothing); its `running` row is marked failed by the source's next run.
 * - `sources.cache-purge` (04:30 UTC) removes expired `source_cache` answers.
 */
import { z } from 'zod';
import { baseUrlOf, keyFileOf, loadConfig } from '../config';
import type { Db } from '../db/client';
import { isAppError } from '../errors';
import { defineJob, type JobDefinition } from '../jobs/define';
import { enqueue } from '../jobs/queue';
import type { ScheduleEntry } from '../jobs/schedule';
import type { Clock } from '../lib/clock';
import { failingSources, mailSourceAlert } from './alerts';
import { configRows } from './config-repo';
import { RETRYABLE, SourceHttp, type FetchStatus } from './http';
import { sourceDescriptor } from './registry';
import { runSource } from './run-service';

/** Follow-up runs of one source on one day after retryable failures. */
export const FOLLOW_UPS_PER_DAY = 3;
/** When a retryable failure names no time. */
export const DEFAULT_RETRY_MS = 60 * 60 * 1000;
/** The earliest follow-up (a back-off of seconds is for the HTTP client's own retries, not for a new run). */
export const MIN_FOLLOW_UP_MS = 15 * 60 * 1000;

const projectPayload = z.object({ projectId: z.string().min(1).max(100) });
type ProjectPayload = z.infer<typeof projectPayload>;

const fetchPayload = z.object({
  projectId: z.string().min(1).max(100),
  source: z.string().min(1).max(40),
  /** The schedule's day (YYYY-MM-DD) and the follow-up's number (0: the day's first run). */
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  followUp: z.number().int().min(0).max(FOLLOW_UPS_PER_DAY),
});
export type FetchPayload = z.infer<typeof fetchPayload>;

export const fetchKey = (p: FetchPayload): string =>
  `sources.fetch:${p.projectId}:${p.source}:${p.day}:${p.followUp}`;

/**
 * Enqueues today's fetch job of every enabled configured source of the project (OpenAIRE's suggestions too, once a
 * coordinator turned them on: Herald asks no outside service by itself). Returns the job ids created.
 */
export async function enqueueDailyFetches(db: Db, o: { projectId: string; clock: Clock }): Promise<number[]> {
  const day = o.clock.today();
  const ids: number[] = [];
  const rows = await configRows(db, o.projectId);
  const sources = rows.filter((r) => r.enabled && sourceDescriptor(r.source)).map((r) => r.source);
  for (const source of sources) {
    const payload = { projectId: o.projectId, source, day, followUp: 0 };
    const { id, created } = await enqueue(db, {
      job: sourcesFetchJob,
      payload,
      projectId: o.projectId,
      idempotencyKey: fetchKey(payload),
      createdBy: 'schedule:sources.daily',
      clock: o.clock,
    });
    if (created) ids.push(id);
  }
  return ids;
}

export const sourcesDailyJob: JobDefinition<ProjectPayload> = defineJob({
  kind: 'sources.daily',
  payload: projectPayload,
  maxAttempts: 3,
  run: async (ctx, p) => ({
    enqueued: await enqueueDailyFetches(ctx.db, { projectId: p.projectId, clock: ctx.clock }),
  }),
});

export const sourcesDailySchedule: ScheduleEntry<ProjectPayload> = {
  name: 'sources.daily',
  cron: '0 5 * * *',
  job: sourcesDailyJob,
  scope: 'project',
  payload: ({ projectId }) => ({ projectId: projectId ?? '' }),
};

export const sourcesFetchJob: JobDefinition<FetchPayload> = defineJob({
  kind: 'sources.fetch',
  payload: fetchPayload,
  // The run records its own failure and schedules its own follow-up; the job's attempts cover a crash only.
  maxAttempts: 2,
  async run(ctx, p) {
    const keyFile = ctx.deps.keyFile ?? keyFileOf(loadConfig());
    let result;
    try {
      result = await runSource(ctx.db, {
        projectId: p.projectId,
        source: p.source,
        trigger: 'schedule',
        dryRun: false,
        actor: ctx.actor,
        clock: ctx.clock,
        keyFile,
        log: ctx.log,
        ...(ctx.deps.sources ? { deps: ctx.deps.sources } : {}),
      });
    } catch (e) {
      // Turned off, removed or unknown since the tick: nothing to do.
      if (isAppError(e) && ['source_disabled', 'source_not_configured', 'not_found'].includes(e.code))
        return { skipped: e.code };
      throw e;
    }
    const { run } = result;
    let followUp: number | undefined;
    if (
      run.status !== 'ok' &&
      run.errorCode &&
      RETRYABLE.has(run.errorCode as FetchStatus) &&
      p.followUp < FOLLOW_UPS_PER_DAY
    ) {
      const next = { ...p, followUp: p.followUp + 1 };
      const now = ctx.clock.now().getTime();
      const runAt = new Date(
        Math.max(run.retryAt?.getTime() ?? now + DEFAULT_RETRY_MS, now + MIN_FOLLOW_UP_MS),
      );
      followUp = (
        await enqueue(ctx.db, {
          job: sourcesFetchJob,
          payload: next,
          projectId: p.projectId,
          idempotencyKey: fetchKey(next),
          runAt,
          createdBy: `job:${ctx.job.id}`,
          clock: ctx.clock,
        })
      ).id;
    }
    let mailed: string[] = [];
    if (run.status !== 'ok') {
      const failing = (await failingSources(ctx.db, p.projectId)).find((f) => f.source === p.source);
      if (failing)
        mailed = await mailSourceAlert(ctx.db, {
          projectId: p.projectId,
          failing,
          clock: ctx.clock,
          baseUrl: ctx.deps.baseUrl ?? baseUrlOf(loadConfig()),
          actor: ctx.actor,
          ...(ctx.deps.keyFile ? { keyFile: ctx.deps.keyFile } : {}),
        });
    }
    return { run: run.id, status: run.status, ...(followUp ? { followUp } : {}), mailed: mailed.length };
  },
});

export const sourcesCachePurgeJob: JobDefinition<Record<string, never>> = defineJob({
  kind: 'sources.cache-purge',
  payload: z.object({}).strict() as unknown as z.ZodType<Record<string, never>>,
  maxAttempts: 3,
  run: async (ctx) => ({ removed: await SourceHttp.purgeExpired(ctx.db, ctx.clock.now()) }),
});

export const sourcesCachePurgeSchedule: ScheduleEntry<Record<string, never>> = {
  name: 'sources.cache-purge',
  cron: '30 4 * * *',
  job: sourcesCachePurgeJob,
  scope: 'instance',
  payload: () => ({}),
};
