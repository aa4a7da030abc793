/** What the schedule looks like now (entry, scope, cron, last and next due, the last job's state), for the CLI and /admin/jobs. */
import { inArray } from 'drizzle-orm';
import type { Db } from '../db/client';
import { jobs, jobSchedules } from '../db/schema';
import type { Clock } from '../lib/clock';
import { dueScopes, nextDue, scopeKey, type AnySchedule } from './schedule';

export interface ScheduleStatus {
  name: string;
  /** '' for instance-wide entries, else the project id. */
  scope: string;
  cron: string;
  lastDueAt: Date | null;
  nextDueAt: Date | null;
  lastJobId: number | null;
  lastJobState: string | null;
  lastError: string | null;
}

export async function scheduleStatus(
  db: Db,
  opts: { entries: readonly AnySchedule[]; clock: Clock },
): Promise<ScheduleStatus[]> {
  const scopes = await dueScopes(db, opts.entries);
  const states = await db.select().from(jobSchedules);
  const byKey = new Map(states.map((s) => [`${s.name}\u0000${s.scope}`, s]));
  const jobIds = states.flatMap((s) => (s.lastJobId === null ? [] : [s.lastJobId]));
  const lastJobs =
    jobIds.length > 0
      ? await db
          .select({ id: jobs.id, state: jobs.state, lastError: jobs.lastError })
          .from(jobs)
          .where(inArray(jobs.id, jobIds))
      : [];
  const jobById = new Map(lastJobs.map((j) => [j.id, j]));
  const now = opts.clock.now();
  return scopes.map(({ entry, projectId }) => {
    const scope = scopeKey(projectId);
    const s = byKey.get(`${entry.name}\u0000${scope}`);
    const last = s?.lastJobId != null ? jobById.get(s.lastJobId) : undefined;
    const from = s?.lastDueAt && s.lastDueAt > now ? s.lastDueAt : now;
    return {
      name: entry.name,
      scope,
      cron: entry.cron,
      lastDueAt: s?.lastDueAt ?? null,
      nextDueAt: nextDue(entry.cron, from),
      lastJobId: s?.lastJobId ?? null,
      lastJobState: last?.state ?? null,
      lastError: last?.state === 'failed' ? last.lastError : null,
    };
  });
}
