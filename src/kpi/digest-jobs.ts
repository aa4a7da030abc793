/**
 * The KPI digest's schedule: every day at 06:00 UTC, for each project whose plan enables reminders and the digest,
 * `kpi.digest` checks whether a digest is due (src/kpi/digest-window.ts) and, if so, stores it and queues its mails
 * (src/kpi/digest-service.ts) for `mail.send`.
 */
import { z } from 'zod';
import { defineJob, type JobDefinition } from '../jobs/define';
import type { ScheduleEntry } from '../jobs/schedule';
import type { Plan } from '../plan/schema';
import { sendDueDigest, type DigestCheckResult } from './digest-service';

const payload = z.object({ projectId: z.string().min(1).max(100) });
type Payload = z.infer<typeof payload>;

export const digestJob: JobDefinition<Payload> = defineJob({
  kind: 'kpi.digest',
  payload,
  maxAttempts: 3,
  run: (ctx, p): Promise<DigestCheckResult> =>
    sendDueDigest(ctx.db, {
      actor: ctx.actor,
      projectId: p.projectId,
      clock: ctx.clock,
      deps: { baseUrl: ctx.deps.baseUrl, keyFile: ctx.deps.keyFile },
    }),
});

/** Whether the plan sends digests at all (the check itself knows which days). */
export const digestEnabled = (plan: Plan): boolean =>
  Boolean(plan.reminders?.enabled && plan.reminders.digest.enabled);

export const digestSchedule: ScheduleEntry<Payload> = {
  name: 'kpi.digest',
  cron: '0 6 * * *',
  job: digestJob,
  scope: 'project',
  when: digestEnabled,
  payload: ({ projectId }) => ({ projectId: projectId ?? '' }),
};
