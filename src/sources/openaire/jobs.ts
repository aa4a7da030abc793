/**
 * Running OpenAIRE for a project, recorded: `runOpenaire` loads the plan and the project's `openaire` source config
 * (settings; a disabled config means no run), records the run (beginRun → runOpenaireSuggest → finishRun) and
 * answers it. The `openaire.suggest` job runs it daily for every project (the plan always has a grant; a project
 * whose config turns OpenAIRE off is skipped); a run that failed with a time to retry enqueues one more job then.
 * Once the sources runner (src/sources/run-service.ts, runSource) lands, it may call runOpenaireSuggest itself.
 */
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { actorId, authorize, type Actor } from '../../auth/permissions';
import type { Db } from '../../db/client';
import { sourceConfigs } from '../../db/schema';
import { defineJob, type JobDefinition } from '../../jobs/define';
import { enqueue } from '../../jobs/queue';
import type { ScheduleEntry } from '../../jobs/schedule';
import type { Clock } from '../../lib/clock';
import { loadRecordContext } from '../../records/context';
import { sourceEnv, type SourceDeps } from '../env';
import { beginRun, finishRun, type RunEnd, type RunTrigger } from '../runs';
import { openaireSettings } from './settings';
import { SOURCE } from './store';
import { runOpenaireSuggest } from './suggest';

export type OpenaireOutcome = { skipped: 'disabled' } | { runId: number; end: RunEnd };

/** One recorded OpenAIRE run of a project. */
export async function runOpenaire(
  db: Db,
  o: {
    projectId: string;
    actor: Actor;
    trigger: RunTrigger;
    clock: Clock;
    deps?: SourceDeps;
    dryRun?: boolean;
  },
): Promise<OpenaireOutcome> {
  authorize(o.actor, 'sources.manage', { projectId: o.projectId });
  const { plan } = await loadRecordContext(db, o.projectId);
  const [config] = await db
    .select()
    .from(sourceConfigs)
    .where(and(eq(sourceConfigs.projectId, o.projectId), eq(sourceConfigs.source, SOURCE)));
  if (config && !config.enabled) return { skipped: 'disabled' };
  const parsed = openaireSettings.safeParse(config?.settings ?? {});
  const dryRun = o.dryRun ?? false;
  const runId = await beginRun(db, {
    projectId: o.projectId,
    source: SOURCE,
    trigger: o.trigger,
    dryRun,
    actor: actorId(o.actor),
    clock: o.clock,
  });
  let end: RunEnd;
  try {
    end = parsed.success
      ? await runOpenaireSuggest(db, {
          projectId: o.projectId,
          plan,
          settings: parsed.data,
          env: sourceEnv({ db, clock: o.clock, ...(o.deps ? { deps: o.deps } : {}) }),
          actor: o.actor,
          dryRun,
          clock: o.clock,
        })
      : { status: 'failed', errorCode: 'client_error', message: 'the OpenAIRE settings are not valid' };
  } catch (err) {
    end = {
      status: 'failed',
      errorCode: 'internal',
      message: err instanceof Error ? err.message : String(err),
    };
    await finishRun(db, runId, { ...end, clock: o.clock });
    throw err;
  }
  await finishRun(db, runId, { ...end, clock: o.clock });
  return { runId, end };
}

const payload = z.object({ projectId: z.string().min(1).max(100) });
type Payload = z.infer<typeof payload>;

export const openaireSuggestJob: JobDefinition<Payload> = defineJob({
  kind: 'openaire.suggest',
  payload,
  maxAttempts: 2,
  async run(ctx, p) {
    const out = await runOpenaire(ctx.db, {
      projectId: p.projectId,
      actor: ctx.actor,
      trigger: 'schedule',
      clock: ctx.clock,
      ...(ctx.deps.sources ? { deps: ctx.deps.sources } : {}),
    });
    if ('skipped' in out) return out;
    const { end } = out;
    let retryJob: number | undefined;
    if (end.status !== 'ok' && end.retryAt) {
      const retry = await enqueue(ctx.db, {
        job: openaireSuggestJob,
        payload: p,
        projectId: p.projectId,
        runAt: end.retryAt,
        idempotencyKey: `openaire.suggest:${p.projectId}:${end.retryAt.toISOString()}`,
        createdBy: 'system',
        clock: ctx.clock,
      });
      retryJob = retry.id;
    }
    return {
      runId: out.runId,
      status: end.status,
      items: end.items ?? 0,
      imported: end.imported ?? 0,
      ...(end.errorCode ? { errorCode: end.errorCode } : {}),
      ...(end.retryAt ? { retryAt: end.retryAt.toISOString() } : {}),
      ...(retryJob ? { retryJob } : {}),
    };
  },
});

/** Every day at 05:15 UTC, for every project (the job skips those that turned OpenAIRE off). */
export const openaireSuggestSchedule: ScheduleEntry<Payload> = {
  name: 'openaire.suggest',
  cron: '15 5 * * *',
  job: openaireSuggestJob,
  scope: 'project',
  payload: ({ projectId }) => ({ projectId: projectId ?? '' }),
};
