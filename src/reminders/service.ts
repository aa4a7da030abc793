/**
 * The daily reminder check of one project: which of the four reminders (monthly report, due dates, silent partner,
 * year-end collection) are due today (src/reminders/due.ts), to whom, and queues their mails, each in its
 * recipient's language with the preference footer and List-Unsubscribe headers. People who unsubscribed or snoozed
 * a topic are skipped (`mayMail`). Mails and audit entries share one transaction: one `reminder.sent` entry per kind
 * that queued something, naming the recipients by user id and what each got. Idempotency keys name the topic, the
 * project, what, the due day and the user, so a rerun, a restart or a second instance queues nothing twice.
 *
 * @example
 * await runReminderCheck(db, { actor: systemActor('job:reminders.check'), projectId: 'm-sec', clock, links: {} });
 */
import { appendAudit } from '../audit/chain';
import { authorize, type Actor } from '../auth/permissions';
import type { Db, Tx } from '../db/client';
import type { Lang } from '../i18n';
import type { Clock } from '../lib/clock';
import { enqueueMail } from '../mail/enqueue';
import { mayMail, type MailTopic } from '../mail/preferences';
import {
  mailLanguage,
  projectRecipients,
  topicFooter,
  topicLinks,
  type MailLinkDeps,
  type ProjectRecipient,
} from '../mail/recipients';
import { baseUrlOf, loadConfig } from '../config';
import { localize, type Plan } from '../plan/schema';
import { getCurrentPlan } from '../projects/repository';
import {
  calendarMonth,
  collectionEnds,
  dueItems,
  dueReminders,
  monthlyDueDays,
  projectSpan,
  silentDue,
  yearEndDue,
  type DueReminder,
} from './due';
import { dueMail, monthlyMail, silentMail, yearEndMail, type Composed } from './mail';
import { doneDeliverables, lastRecordDays, partnerMonth } from './repository';

/** At most this many records are listed in a monthly reminder (the counts cover all). */
export const MONTHLY_LIST_LIMIT = 20;

export const REMINDER_TOPICS = [
  'reminder.monthly',
  'reminder.due',
  'reminder.silent',
  'reminder.year-end',
] as const;
export type ReminderTopic = (typeof REMINDER_TOPICS)[number] & MailTopic;

export interface CheckOptions {
  actor: Actor;
  projectId: string;
  clock: Clock;
  /** Where links point and the key of the preference tokens (job deps; else the config). */
  links: MailLinkDeps;
}

/** The mails queued by one check, per topic: who (user id) got what. */
export type CheckResult = Record<ReminderTopic, Array<{ userId: string; what: string }>>;

interface Planned {
  topic: ReminderTopic;
  /** What the mail is about (in the key and the audit entry): a partner and day, a due day, a period end. */
  what: string;
  to: ProjectRecipient;
  compose: (lang: Lang) => Composed;
}

interface Setting {
  db: Db;
  plan: Plan;
  projectId: string;
  today: string;
  baseUrl: string;
  /** The project's coordinators and editors, read once and only when something is due. */
  people: () => Promise<People>;
}

interface People {
  coordinators: ProjectRecipient[];
  editors: ProjectRecipient[];
}

const partnerName = (plan: Plan, code: string, lang: Lang): string => {
  const p = plan.partners.find((x) => x.code === code);
  return p ? `${localize(p.name, lang)} (${code})` : code;
};

/** The audience of a kind: coordinators and/or the editors `keep` keeps, each person once. */
function audience(
  s: People,
  to: readonly string[],
  keep: (e: ProjectRecipient) => boolean,
): ProjectRecipient[] {
  const out = [
    ...(to.includes('coordinators') ? s.coordinators : []),
    ...(to.includes('editors') ? s.editors.filter(keep) : []),
  ];
  return out.filter((r, i) => out.findIndex((x) => x.userId === r.userId) === i);
}

async function monthly(s: Setting): Promise<Planned[]> {
  const r = s.plan.reminders!;
  if (!r.monthly_report.enabled) return [];
  const span = projectSpan(s.plan);
  const days = monthlyDueDays({
    ...span,
    day: r.monthly_report.day,
    today: s.today,
    graceDays: r.grace_days,
  });
  if (days.length === 0) return [];
  const people = await s.people();
  const out: Planned[] = [];
  for (const day of days) {
    const { from, to } = calendarMonth(day);
    for (const partner of s.plan.partners) {
      const editors = people.editors.filter((e) => e.partnerCode === partner.code);
      // A partner without an editor gets nothing: the silent-partner warning covers it.
      if (editors.length === 0) continue;
      // Read before the mails' transaction (PGlite has one connection).
      const report = await partnerMonth(s.db, {
        projectId: s.projectId,
        partnerCode: partner.code,
        from,
        to,
        limit: MONTHLY_LIST_LIMIT,
      });
      for (const to of audience(people, r.monthly_report.to, (e) => e.partnerCode === partner.code))
        out.push({
          topic: 'reminder.monthly',
          what: `${partner.code}:${day}`,
          to,
          compose: (lang) =>
            monthlyMail(lang, {
              baseUrl: s.baseUrl,
              projectId: s.projectId,
              project: s.plan.project.acronym,
              partner: partnerName(s.plan, partner.code, lang),
              day,
              report,
              leads: s.plan.project.dissemination_leads.map((c) => partnerName(s.plan, c, lang)),
            }),
        });
    }
  }
  return out;
}

async function dueDates(s: Setting): Promise<Planned[]> {
  const r = s.plan.reminders!;
  if (!r.due_dates.enabled) return [];
  const candidates = dueReminders(dueItems(s.plan, new Set()), {
    today: s.today,
    graceDays: r.grace_days,
    daysBefore: r.due_dates.days_before,
  });
  // The deliverables' states and the people are read only when something is due.
  if (candidates.length === 0) return [];
  const done = await doneDeliverables(s.db, s.projectId);
  const due = candidates.filter((d) => d.item.kind !== 'deliverable' || !done.has(d.item.code));
  const people = await s.people();
  const byDay = new Map<string, DueReminder[]>();
  for (const d of due) byDay.set(d.day, [...(byDay.get(d.day) ?? []), d]);
  const out: Planned[] = [];
  for (const [day, list] of byDay) {
    const partners = new Set(list.flatMap((d) => d.item.partners));
    for (const to of audience(
      people,
      r.due_dates.to,
      (e) => e.partnerCode !== null && partners.has(e.partnerCode),
    )) {
      const mine = list.filter(
        (d) => to.role === 'coordinator' || d.item.partners.includes(to.partnerCode ?? ''),
      );
      out.push({
        topic: 'reminder.due',
        what: day,
        to,
        compose: (lang) =>
          dueMail(lang, {
            baseUrl: s.baseUrl,
            projectId: s.projectId,
            project: s.plan.project.acronym,
            day,
            reminders: mine,
          }),
      });
    }
  }
  return out;
}

async function silent(s: Setting): Promise<Planned[]> {
  const r = s.plan.reminders!;
  const span = projectSpan(s.plan);
  // A silence is warned of only while the project runs.
  if (!r.silent_partner.enabled || s.today > span.end) return [];
  const last = await lastRecordDays(s.db, s.projectId);
  const out: Planned[] = [];
  for (const partner of s.plan.partners) {
    const due = silentDue({
      ...span,
      months: r.silent_partner.months,
      lastRecord: last.get(partner.code) ?? null,
      today: s.today,
      graceDays: r.grace_days,
    });
    if (!due) continue;
    for (const to of (await s.people()).coordinators)
      out.push({
        topic: 'reminder.silent',
        what: `${partner.code}:${due.since}`,
        to,
        compose: (lang) =>
          silentMail(lang, {
            baseUrl: s.baseUrl,
            projectId: s.projectId,
            project: s.plan.project.acronym,
            partner: partnerName(s.plan, partner.code, lang),
            since: due.since,
            months: r.silent_partner.months,
          }),
      });
  }
  return out;
}

async function yearEnd(s: Setting): Promise<Planned[]> {
  const r = s.plan.reminders!;
  if (!r.year_end.enabled) return [];
  const ends = collectionEnds({
    start: s.plan.project.start_date,
    durationMonths: s.plan.project.duration_months,
    everyMonths: s.plan.reporting?.kpi_collection_every_months ?? 12,
  });
  const due = yearEndDue(ends, {
    today: s.today,
    graceDays: r.grace_days,
    daysBefore: r.year_end.days_before,
  });
  if (due.length === 0) return [];
  const people = await s.people();
  return due.flatMap(({ end }) =>
    audience(people, r.year_end.to, () => true).map((to): Planned => ({
      topic: 'reminder.year-end',
      what: end,
      to,
      compose: (lang) =>
        yearEndMail(lang, {
          baseUrl: s.baseUrl,
          projectId: s.projectId,
          project: s.plan.project.acronym,
          end,
        }),
    })),
  );
}

const emptyResult = (): CheckResult => ({
  'reminder.monthly': [],
  'reminder.due': [],
  'reminder.silent': [],
  'reminder.year-end': [],
});

/** Queues every reminder of the project due today (or in its grace days) that has not been queued yet. */
export async function runReminderCheck(db: Db, o: CheckOptions): Promise<CheckResult> {
  authorize(o.actor, 'member.manage', { projectId: o.projectId });
  const result = emptyResult();
  const current = await getCurrentPlan(db, o.projectId);
  if (!current?.plan.reminders?.enabled) return result;
  const plan = current.plan;
  let people: People | undefined;
  const setting: Setting = {
    db,
    plan,
    projectId: o.projectId,
    today: o.clock.today(),
    baseUrl: o.links.baseUrl ?? baseUrlOf(loadConfig()),
    people: async () =>
      (people ??= {
        coordinators: await projectRecipients(db, { projectId: o.projectId, roles: ['coordinator'] }),
        editors: await projectRecipients(db, { projectId: o.projectId, roles: ['editor'] }),
      }),
  };
  const planned = [
    ...(await monthly(setting)),
    ...(await dueDates(setting)),
    ...(await silent(setting)),
    ...(await yearEnd(setting)),
  ];
  if (planned.length === 0) return result;
  const links = { ...o.links, baseUrl: setting.baseUrl };
  await db.transaction(async (tx) => {
    for (const p of planned)
      if (await queue(tx, { p, o, plan, today: setting.today, links }))
        result[p.topic].push({ userId: p.to.userId, what: p.what });
    for (const topic of REMINDER_TOPICS) {
      if (result[topic].length === 0) continue;
      await appendAudit(tx, {
        projectId: o.projectId,
        actor: o.actor,
        action: 'reminder.sent',
        entityType: 'reminder',
        entityId: `${topic}:${setting.today}`,
        after: { topic, day: setting.today, mails: result[topic] },
        at: o.clock.now(),
      });
    }
  });
  return result;
}

/** Queues one planned mail unless its recipient opted out or snoozed; true when it was queued now. */
async function queue(
  tx: Tx,
  q: { p: Planned; o: CheckOptions; plan: Plan; today: string; links: MailLinkDeps },
): Promise<boolean> {
  const { p, o } = q;
  const subject = { userId: p.to.userId, projectId: o.projectId, topic: p.topic };
  if (!(await mayMail(tx, { ...subject, today: q.today }))) return false;
  const lang = mailLanguage(q.plan.reminders?.language, p.to.lang);
  const mail = p.compose(lang);
  const footer = topicFooter(lang, topicLinks(q.links, subject));
  const { created } = await enqueueMail(tx, {
    message: {
      purpose: p.topic,
      idempotencyKey: `${p.topic}:${o.projectId}:${p.what}:${p.to.userId}`,
      to: p.to.email,
      lang,
      subject: mail.subject,
      text: mail.text + footer.text,
      headers: footer.headers,
      projectId: o.projectId,
    },
    clock: o.clock,
  });
  return created;
}
