/**
 * The reminders' job: every day at 06:30 UTC, for each project whose plan enables reminders, one `reminders.check`
 * computes the four reminders due today (or in their grace days) and queues their mails for `mail.send`. A rerun or a
 * second instance queues nothing twice (the mails' idempotency keys); a missed day is caught up within the grace.
 */
import { z } from 'zod';
import { defineJob, type JobDefinition } from '../jobs/define';
import type { ScheduleEntry } from '../jobs/schedule';
import { runReminderCheck, type CheckResult } from './service';

const projectPayload = z.object({ projectId: z.string().min(1).max(100) });
type ProjectPayload = z.infer<typeof projectPayload>;

/** One project's daily check: returns how many mails of each topic it queued. */
export const reminderCheckJob: JobDefinition<ProjectPayload> = defineJob({
  kind: 'reminders.check',
  payload: projectPayload,
  maxAttempts: 3,
  async run(ctx, p): Promise<Record<keyof CheckResult, number>> {
    const r = await runReminderCheck(ctx.db, {
      actor: ctx.actor,
      projectId: p.projectId,
      clock: ctx.clock,
      links: { baseUrl: ctx.deps.baseUrl, keyFile: ctx.deps.keyFile },
    });
    return {
      'reminder.monthly': r['reminder.monthly'].length,
      'reminder.due': r['reminder.due'].length,
      'reminder.silent': r['reminder.silent'].length,
      'reminder.year-end': r['reminder.year-end'].length,
    };
  },
});

/** Every day at 06:30 UTC, for every project whose plan enables reminders. */
export const reminderCheckSchedule: ScheduleEntry<ProjectPayload> = {
  name: 'reminders.check',
  cron: '30 6 * * *',
  job: reminderCheckJob,
  scope: 'project',
  when: (plan) => plan.reminders?.enabled === true,
  payload: ({ projectId }) => ({ projectId: projectId ?? '' }),
};
