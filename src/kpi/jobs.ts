/**
 * The KPI domain's jobs: the year-close reminder. Daily per project, `year.close-reminder` looks for project years
 * that have ended and are not closed, and enqueues one `year.close-reminder.mail` per such year (idempotency key
 * `year-close:<project>:<year>`, so a year is reminded of once however many days it stays open), which mails the
 * coordinators in their language. Neither ever closes a year.
 */
import { z } from 'zod';
import { baseUrlOf, loadConfig } from '../config';
import { defineJob, PermanentJobError, type JobDefinition } from '../jobs/define';
import { enqueue } from '../jobs/queue';
import type { ScheduleEntry } from '../jobs/schedule';
import { openEndedYears, sendYearCloseReminder, type SendReminderResult } from './year-reminder';

const projectPayload = z.object({ projectId: z.string().min(1).max(100) });
type ProjectPayload = z.infer<typeof projectPayload>;

const yearPayload = z.object({
  projectId: z.string().min(1).max(100),
  year: z.number().int().min(1).max(100),
});
type YearPayload = z.infer<typeof yearPayload>;

/** What an interrupted mail job saved: the coordinators already mailed (not mailed again on retry). */
const asSent = (checkpoint: unknown): string[] => {
  const sent = (checkpoint as { sent?: unknown } | null)?.sent;
  return Array.isArray(sent) ? sent.filter((s): s is string => typeof s === 'string') : [];
};

/** Mails one project year's reminder to its coordinators, once (unless the year was closed meanwhile). */
export const yearCloseReminderMailJob: JobDefinition<YearPayload> = defineJob({
  kind: 'year.close-reminder.mail',
  payload: yearPayload,
  async run(ctx, p): Promise<SendReminderResult> {
    if (!ctx.deps.mailer) throw new PermanentJobError('no mailer configured');
    return sendYearCloseReminder(ctx.db, {
      actor: ctx.actor,
      projectId: p.projectId,
      year: p.year,
      clock: ctx.clock,
      mailer: ctx.deps.mailer,
      baseUrl: ctx.deps.baseUrl ?? baseUrlOf(loadConfig()),
      alreadySent: asSent(ctx.job.checkpoint),
      onSent: (sent) => ctx.checkpoint({ sent }),
    });
  },
});

/** The daily check of one project: a mail job per ended, open year (each enqueued once for good). */
export const yearCloseReminderJob: JobDefinition<ProjectPayload> = defineJob({
  kind: 'year.close-reminder',
  payload: projectPayload,
  maxAttempts: 3,
  async run(ctx, p) {
    const open = await openEndedYears(ctx.db, { projectId: p.projectId, today: ctx.clock.today() });
    const enqueued: number[] = [];
    for (const { year } of open) {
      const { created } = await enqueue(ctx.db, {
        job: yearCloseReminderMailJob,
        payload: { projectId: p.projectId, year },
        projectId: p.projectId,
        idempotencyKey: `year-close:${p.projectId}:${year}`,
        createdBy: 'schedule:year.close-reminder',
        clock: ctx.clock,
      });
      if (created) enqueued.push(year);
    }
    return { open: open.map((y) => y.year), enqueued };
  },
});

/** Every day at 06:00 UTC, for every project. */
export const yearCloseReminderSchedule: ScheduleEntry<ProjectPayload> = {
  name: 'year.close-reminder',
  cron: '0 6 * * *',
  job: yearCloseReminderJob,
  scope: 'project',
  payload: ({ projectId }) => ({ projectId: projectId ?? '' }),
};
