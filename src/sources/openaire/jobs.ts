/**
 * Running OpenAIRE for a project, recorded: `runOpenaire` loads the plan and the project's `openaire` source config
 * (settings; a disabled config means no run), records the run (beginRun → runOpenaireSuggest → finishRun) and
 * answers it: the suggestions page's "check now". The scheduled runs are the sources' daily `sources.fetch` jobs
 * (src/sources/jobs.ts: every project with a grant unless its config turns OpenAIRE off), through runSource, with
 * their bounded follow-ups and the failing-source alert.
 */
import { and, eq } from 'drizzle-orm';
import { actorId, authorize, type Actor } from '../../auth/permissions';
import type { Db } from '../../db/client';
import { sourceConfigs } from '../../db/schema';
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
