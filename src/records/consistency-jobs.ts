/**
 * The daily inconsistency check of each project (`records.consistency`, 06:30 UTC): runs the rules, stores the
 * run in `consistency_alerts` and, when there are NEW open alerts, queues ONE mail per coordinator in their language
 * (or the plan's `reminders.language`) listing them — all in one transaction. The mail's topic is `alerts`: a
 * coordinator who unsubscribed or snoozed it gets nothing (`mayMail`), and every mail carries the preference footer
 * and List-Unsubscribe headers. The idempotency key is per project, day and coordinator, so a retry or a second run
 * on the same day mails nobody twice (a second run finds nothing new anyway).
 */
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { authorize, type Actor } from '../auth/permissions';
import { baseUrlOf, loadConfig } from '../config';
import type { Db } from '../db/client';
import { projects } from '../db/schema';
import { translate } from '../i18n';
import { defineJob, type JobDefinition } from '../jobs/define';
import type { ScheduleEntry } from '../jobs/schedule';
import type { Clock } from '../lib/clock';
import { enqueueMail } from '../mail/enqueue';
import { mayMail } from '../mail/preferences';
import { mailLanguage, projectRecipients, topicFooter, topicLinks } from '../mail/recipients';
import { alertMessage, findAlerts, recordAlertRun } from './consistency';
import { loadRecordContext } from './context';

export interface AlertCheckResult {
  found: number;
  fresh: number;
  resolved: number;
  /** User ids of the coordinators mailed (none when nothing is new, nor those who unsubscribed or snoozed). */
  mailed: string[];
}

/** Where the alerts are read. */
export const alertsPageUrl = (baseUrl: string, projectId: string): string =>
  `${baseUrl}/p/${encodeURIComponent(projectId)}/alerts`;

/**
 * One project's check (the job's use case; `alerts.read`, which the system actor holds): the rules, the table
 * updated, and the coordinators' mails about new alerts, in one transaction.
 */
export async function checkConsistency(
  db: Db,
  opts: {
    actor: Actor;
    projectId: string;
    clock: Clock;
    baseUrl: string;
    /** The instance key file the preference links' tokens derive from (default: the config's). */
    keyFile?: string;
  },
): Promise<AlertCheckResult> {
  const { projectId, clock } = opts;
  authorize(opts.actor, 'alerts.read', { projectId });
  const today = clock.today();
  return db.transaction(async (tx) => {
    const findings = await findAlerts(tx, { projectId, today });
    const run = await recordAlertRun(tx, { projectId, findings, now: clock.now() });
    const mailed: string[] = [];
    if (run.fresh.length > 0) {
      const [project] = await tx
        .select({ acronym: projects.acronym })
        .from(projects)
        .where(eq(projects.id, projectId));
      const name = project?.acronym ?? projectId;
      const link = alertsPageUrl(opts.baseUrl, projectId);
      const { plan } = await loadRecordContext(tx as unknown as Db, projectId);
      for (const r of await projectRecipients(tx, { projectId, roles: ['coordinator'] })) {
        if (!(await mayMail(tx, { userId: r.userId, projectId, topic: 'alerts', today }))) continue;
        const lang = mailLanguage(plan.reminders?.language, r.lang);
        const list = run.fresh.map((f) => `- ${alertMessage(lang, f)}`).join('\n');
        const params = { project: name, count: run.fresh.length, list, link };
        const links = topicLinks(
          { baseUrl: opts.baseUrl, keyFile: opts.keyFile },
          { userId: r.userId, projectId, topic: 'alerts' },
        );
        const footer = topicFooter(lang, links);
        await enqueueMail(tx, {
          message: {
            purpose: 'records.consistency',
            idempotencyKey: `records.consistency:${projectId}:${today}:${r.userId}`,
            lang,
            projectId,
            to: r.email,
            subject: translate(lang, 'mail.alerts.subject', params),
            text: translate(lang, 'mail.alerts.body', params) + footer.text,
            headers: footer.headers,
          },
          clock,
        });
        mailed.push(r.userId);
      }
    }
    return { found: run.found, fresh: run.fresh.length, resolved: run.resolved, mailed };
  });
}

const projectPayload = z.object({ projectId: z.string().min(1).max(100) });
type ProjectPayload = z.infer<typeof projectPayload>;

export const consistencyCheckJob: JobDefinition<ProjectPayload> = defineJob({
  kind: 'records.consistency',
  payload: projectPayload,
  maxAttempts: 3,
  run: (ctx, p) =>
    checkConsistency(ctx.db, {
      actor: ctx.actor,
      projectId: p.projectId,
      clock: ctx.clock,
      baseUrl: ctx.deps.baseUrl ?? baseUrlOf(loadConfig()),
      keyFile: ctx.deps.keyFile,
    }),
});

/** Every day at 06:30 UTC, for every project. */
export const consistencyCheckSchedule: ScheduleEntry<ProjectPayload> = {
  name: 'records.consistency',
  cron: '30 6 * * *',
  job: consistencyCheckJob,
  scope: 'project',
  payload: ({ projectId }) => ({ projectId: projectId ?? '' }),
};
