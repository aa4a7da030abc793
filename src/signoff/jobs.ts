/**
 * The sign-off requests' daily check per project (06:30 UTC), only where the plan asks for them
 * (`reminders.enabled` and `reminders.signoff.enabled`): it queues the requests due today (src/signoff/requests.ts),
 * each once by its idempotency key, for `mail.send`.
 */
import { z } from 'zod';
import { defineJob, type JobDefinition } from '../jobs/define';
import type { ScheduleEntry } from '../jobs/schedule';
import { sendSignoffRequests } from './requests';

const projectPayload = z.object({ projectId: z.string().min(1).max(100) });
type ProjectPayload = z.infer<typeof projectPayload>;

export const signoffRequestsJob: JobDefinition<ProjectPayload> = defineJob({
  kind: 'signoff.requests',
  payload: projectPayload,
  maxAttempts: 3,
  async run(ctx, p) {
    const queued = await sendSignoffRequests(ctx.db, {
      actor: ctx.actor,
      projectId: p.projectId,
      clock: ctx.clock,
      deps: ctx.deps,
    });
    return { queued };
  },
});

export const signoffRequestsSchedule: ScheduleEntry<ProjectPayload> = {
  name: 'signoff.requests',
  cron: '30 6 * * *',
  job: signoffRequestsJob,
  scope: 'project',
  when: (plan) => Boolean(plan.reminders?.enabled && plan.reminders.signoff.enabled),
  payload: ({ projectId }) => ({ projectId: projectId ?? '' }),
};
