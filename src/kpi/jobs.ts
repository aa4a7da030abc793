/**
 * The KPI domain's jobs: the dashboard's figure refresh (enqueued by every project audit entry, coalesced, and a
 * sweep every 5 minutes for stale or missing rows) and the year-close reminder. Daily per project,
 * `year.close-reminder` looks for project years that have ended and are not closed, whose reminder is due (the day
 * after the end, within the grace days: src/kpi/year-reminder.ts `yearsToRemind`), and enqueues one
 * `year.close-reminder.mail` per such year (idempotency key `year-close:<project>:<year>`, so a year is reminded of
 * once however many days it stays open), which queues the coordinators' mails (their language, topic
 * `reminder.year-end`) for `mail.send`. Neither ever closes a year.
 */
import { tryGetContext } from 'hono/context-storage';
import { z } from 'zod';
import { onProjectAudit } from '../audit/hooks';
import { baseUrlOf, loadConfig } from '../config';
import { defineJob, type JobDefinition } from '../jobs/define';
import { enqueue } from '../jobs/queue';
import type { ScheduleEntry } from '../jobs/schedule';
import type { AppEnv } from '../web/env';
import { projectsNeedingFigures } from './figure-cache';
import { enqueueFigureRefresh, refreshFigures } from './figure-refresh';
import { sendYearCloseReminder, yearsToRemind, type SendReminderResult } from './year-reminder';

const projectPayload = z.object({ projectId: z.string().min(1).max(100) });
type ProjectPayload = z.infer<typeof projectPayload>;

const yearPayload = z.object({
  projectId: z.string().min(1).max(100),
  year: z.number().int().min(1).max(100),
});
type YearPayload = z.infer<typeof yearPayload>;

/** Queues one project year's reminder for its coordinators, once (unless the year was closed meanwhile). */
export const yearCloseReminderMailJob: JobDefinition<YearPayload> = defineJob({
  kind: 'year.close-reminder.mail',
  payload: yearPayload,
  async run(ctx, p): Promise<SendReminderResult> {
    return sendYearCloseReminder(ctx.db, {
      actor: ctx.actor,
      projectId: p.projectId,
      year: p.year,
      clock: ctx.clock,
      baseUrl: ctx.deps.baseUrl ?? baseUrlOf(loadConfig()),
      keyFile: ctx.deps.keyFile,
    });
  },
});

/** The daily check of one project: a mail job per ended, open year (each enqueued once for good). */
export const yearCloseReminderJob: JobDefinition<ProjectPayload> = defineJob({
  kind: 'year.close-reminder',
  payload: projectPayload,
  maxAttempts: 3,
  async run(ctx, p) {
    const open = await yearsToRemind(ctx.db, { projectId: p.projectId, today: ctx.clock.today() });
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

/** Computes one project's dashboard figures and charts and stores them (skipped when the row is already fresh). */
export const refreshFiguresJob: JobDefinition<ProjectPayload> = defineJob({
  kind: 'kpi.refresh-figures',
  payload: projectPayload,
  maxAttempts: 3,
  run: (ctx, p) => refreshFigures(ctx.db, { projectId: p.projectId, clock: ctx.clock }),
});

/** Every project whose default figures are missing or stale (one query) gets a refresh (coalesced per project). */
export const refreshFiguresSweepJob: JobDefinition<Record<string, never>> = defineJob({
  kind: 'kpi.refresh-figures.sweep',
  payload: z.object({}).strict() as z.ZodType<Record<string, never>>,
  maxAttempts: 1,
  async run(ctx) {
    const stale = await projectsNeedingFigures(ctx.db, ctx.clock.today());
    let enqueued = 0;
    for (const projectId of stale) {
      const { created } = await enqueueFigureRefresh(ctx.db, {
        job: refreshFiguresJob,
        projectId,
        at: ctx.clock.now(),
        createdBy: 'schedule:kpi.refresh-figures.sweep',
      });
      if (created) enqueued++;
    }
    return { stale: stale.length, enqueued };
  },
});

/** Every 5 minutes: the date rolling over at midnight, and writes made where no hook ran (e.g. a CLI alone). */
export const refreshFiguresSweepSchedule: ScheduleEntry<Record<string, never>> = {
  name: 'kpi.refresh-figures.sweep',
  cron: '*/5 * * * *',
  job: refreshFiguresSweepJob,
  scope: 'instance',
  payload: () => ({}),
};

/**
 * Every entry appended to a project's chain (record writes, imports, deliverable states, year closures, plan
 * imports…) changes the figures' key: a refresh is enqueued in the same transaction, and a web request that did so
 * wakes the server's runner when it has answered (src/web/app.tsx), after its transaction committed.
 */
onProjectAudit(async (tx, entry) => {
  await enqueueFigureRefresh(tx, {
    job: refreshFiguresJob,
    projectId: entry.projectId,
    at: new Date(entry.at),
    createdBy: `audit:${entry.action}`,
  });
  tryGetContext<AppEnv>()?.set('jobsEnqueued', true);
});
