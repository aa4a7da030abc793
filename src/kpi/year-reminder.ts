/**
 * The year-close reminder: which project years have ended and are still open, and the mail that asks the project's
 * coordinators (each in their own language) to close them. It never closes a year: closing stays a person's act.
 */
import { and, asc, eq, isNotNull, isNull } from 'drizzle-orm';
import { appendAudit } from '../audit/chain';
import { authorize, type Actor } from '../auth/permissions';
import type { Db } from '../db/client';
import { memberships, projects, users, yearClosures } from '../db/schema';
import type { Clock } from '../lib/clock';
import { enqueueMail } from '../mail/enqueue';
import { mayMail } from '../mail/preferences';
import { mailLanguage, topicFooter, topicLinks } from '../mail/recipients';
import { isLang, translate, type Lang } from '../i18n';
import { loadPlanOrThrow } from './service';
import { endedYears, yearClosure, yearWindow } from './snapshots';

/** The preference topic of the year-close reminder: the year-end reminders'. */
const TOPIC = 'reminder.year-end';

/** A project year whose last day (`at`) lies before today and that has no closure. */
export interface OpenYear {
  year: number;
  at: string;
}

/** The ended years of a project that are not closed, as of `today` (YYYY-MM-DD). */
export async function openEndedYears(db: Db, q: { projectId: string; today: string }): Promise<OpenYear[]> {
  const { plan } = await loadPlanOrThrow(db, q.projectId);
  const closed = new Set(
    (
      await db
        .select({ year: yearClosures.year })
        .from(yearClosures)
        .where(eq(yearClosures.projectId, q.projectId))
    ).map((r) => r.year),
  );
  return endedYears(plan, q.today)
    .filter((y) => !closed.has(y))
    .map((year) => ({ year, at: yearWindow(plan, year).to }));
}

const DAY_MS = 86_400_000;
const addDays = (iso: string, n: number): string =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);

/**
 * The open ended years whose reminder is due today: due on the day after the year's end (D), sent when
 * D ≤ today ≤ D + the plan's `reminders.grace_days` (7 by default), the shared rule of Herald's own mail. An instance
 * that was down catches up within the grace days; a project imported long after its years ended (or an instance
 * down for longer) sends nothing about them.
 */
export async function yearsToRemind(db: Db, q: { projectId: string; today: string }): Promise<OpenYear[]> {
  const { plan } = await loadPlanOrThrow(db, q.projectId);
  const grace = plan.reminders?.grace_days ?? 7;
  return (await openEndedYears(db, q)).filter((y) => q.today <= addDays(y.at, 1 + grace));
}

export interface Recipient {
  userId: string;
  email: string;
  lang: Lang;
}

/** The project's coordinators with an address (deleted accounts left out), in a stable order. */
export async function coordinatorsOf(db: Db, projectId: string): Promise<Recipient[]> {
  const rows = await db
    .select({ userId: users.id, email: users.email, lang: users.lang })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(memberships.projectId, projectId),
        eq(memberships.role, 'coordinator'),
        isNull(users.deletedAt),
        isNotNull(users.email),
      ),
    )
    .orderBy(asc(users.id));
  return rows.flatMap((r) =>
    r.email ? [{ userId: r.userId, email: r.email, lang: isLang(r.lang) ? r.lang : 'en' }] : [],
  );
}

/** Where a year is closed: the dashboard's yearly figures of that year. */
export const yearPageUrl = (baseUrl: string, projectId: string, year: number): string =>
  `${baseUrl}/p/${encodeURIComponent(projectId)}/dashboard?year=${year}#snapshots`;

/** The reminder in `lang`. */
export function reminderMail(
  lang: Lang,
  m: { to: string; project: string; year: number; at: string; link: string },
): { to: string; subject: string; text: string } {
  const params = { project: m.project, year: m.year, at: m.at, link: m.link };
  return {
    to: m.to,
    subject: translate(lang, 'mail.yearClose.subject', params),
    text: translate(lang, 'mail.yearClose.body', params),
  };
}

export interface SendReminderOptions {
  actor: Actor;
  projectId: string;
  year: number;
  clock: Clock;
  /** e.g. https://herald.example.org (no trailing slash). */
  baseUrl: string;
  /** The instance key file the preference links' tokens derive from (default: the config's). */
  keyFile?: string;
}

export type SendReminderResult =
  | { status: 'sent'; year: number; recipients: string[] }
  | { status: 'closed' | 'not-ended'; year: number; recipients: [] };

/**
 * Queues the year-close reminder of one project year for every coordinator (in their language, with a link to the
 * year), unless the year has been closed meanwhile or has not ended; then appends the `year.close-reminder` audit
 * entry (recipients by user id). Needs `year.close` in the project (a job acts as the system actor).
 */
export async function sendYearCloseReminder(db: Db, opts: SendReminderOptions): Promise<SendReminderResult> {
  authorize(opts.actor, 'year.close', { projectId: opts.projectId });
  const { plan } = await loadPlanOrThrow(db, opts.projectId);
  const at = yearWindow(plan, opts.year).to;
  if (!(at < opts.clock.today())) return { status: 'not-ended', year: opts.year, recipients: [] };
  if (await yearClosure(db, opts.projectId, opts.year))
    return { status: 'closed', year: opts.year, recipients: [] };
  const [project] = await db
    .select({ acronym: projects.acronym })
    .from(projects)
    .where(eq(projects.id, opts.projectId));
  const link = yearPageUrl(opts.baseUrl, opts.projectId, opts.year);
  const recipients = await coordinatorsOf(db, opts.projectId);
  const sent: string[] = [];
  // The mails and the audit entry in one transaction; the `mail.send` job sends them. A retry of this job enqueues
  // nothing twice (one idempotency key per project, year and coordinator). The mail is of the `reminder.year-end`
  // topic: a coordinator who unsubscribed from it (or from all) or snoozed it gets none, and it carries the
  // preference footer and List-Unsubscribe headers like every other reminder.
  await db.transaction(async (tx) => {
    const today = opts.clock.today();
    for (const r of recipients) {
      const subject = { userId: r.userId, projectId: opts.projectId, topic: TOPIC } as const;
      if (!(await mayMail(tx, { ...subject, today }))) continue;
      const lang = mailLanguage(plan.reminders?.language, r.lang);
      const footer = topicFooter(lang, topicLinks({ baseUrl: opts.baseUrl, keyFile: opts.keyFile }, subject));
      const mail = reminderMail(lang, {
        to: r.email,
        project: project?.acronym ?? opts.projectId,
        year: opts.year,
        at,
        link,
      });
      await enqueueMail(tx, {
        message: {
          purpose: 'year.close-reminder',
          idempotencyKey: `year.close-reminder:${opts.projectId}:${opts.year}:${r.userId}`,
          lang,
          projectId: opts.projectId,
          ...mail,
          text: mail.text + footer.text,
          headers: footer.headers,
        },
        clock: opts.clock,
      });
      sent.push(r.userId);
    }
    await appendAudit(tx, {
      projectId: opts.projectId,
      actor: opts.actor,
      action: 'year.close-reminder',
      entityType: 'project_year',
      entityId: String(opts.year),
      after: { year: opts.year, at, recipients: sent },
      at: opts.clock.now(),
    });
  });
  return { status: 'sent', year: opts.year, recipients: sent };
}
