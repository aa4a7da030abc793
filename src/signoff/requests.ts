/**
 * Sign-off requests by mail (topic `signoff.request`). When a period has ended, each partner's editors get a request
 * (their language, one link to the sign-off page, the preference footer), again every `remind_every_days` until the
 * partner has confirmed or `due_days` have passed; never after it confirmed. A partner without editors: the
 * coordinators get one mail listing such partners. Each request is due on a day D (src/signoff/periods.ts) and
 * queued when D ≤ today ≤ D + `grace_days`; idempotency keys name the project, period, partner, D and the user, so
 * the daily check queues each once, however often it runs. Unsubscribed or snoozed people are skipped (`mayMail`).
 * One audit entry per check that queued something names who got which mail (user ids).
 */
import { eq } from 'drizzle-orm';
import { appendAudit } from '../audit/chain';
import { authorize, type Actor } from '../auth/permissions';
import { baseUrlOf, loadConfig } from '../config';
import type { Db, Tx } from '../db/client';
import { projects } from '../db/schema';
import { translate, type Lang } from '../i18n';
import type { Clock } from '../lib/clock';
import { enqueueMail } from '../mail/enqueue';
import { mayMail } from '../mail/preferences';
import {
  mailLanguage,
  projectRecipients,
  topicFooter,
  topicLinks,
  type MailLinkDeps,
  type ProjectRecipient,
} from '../mail/recipients';
import type { Plan } from '../plan/schema';
import { addDays, endedPeriods, requestDueOn, type SignoffPeriod } from './periods';
import { planOf, signoffGrid } from './service';

const TOPIC = 'signoff.request';

/** What one check queued: per period and due day, the partners' editors, or the coordinators for orphans. */
export interface QueuedRequest {
  period: number;
  day: string;
  /** The partner asked; absent for the coordinators' mail about partners without editors. */
  partner?: string;
  orphans?: string[];
  users: string[];
}

export interface SignoffRequestOptions {
  actor: Actor;
  projectId: string;
  clock: Clock;
  /** Where links point and the preference links' key (job deps; else the config). */
  deps: MailLinkDeps;
}

interface MailCtx {
  tx: Tx;
  opts: SignoffRequestOptions;
  plan: Plan;
  project: string;
  baseUrl: string;
}

/** Queues one mail of the topic to each recipient who may get it; the user ids of the mails newly queued. */
async function mailEach(
  m: MailCtx,
  to: readonly ProjectRecipient[],
  mail: { key: string; build: (lang: Lang) => { subject: string; text: string } },
): Promise<string[]> {
  const { tx, opts } = m;
  const queued: string[] = [];
  for (const r of to) {
    const today = opts.clock.today();
    if (!(await mayMail(tx, { userId: r.userId, projectId: opts.projectId, topic: TOPIC, today }))) continue;
    const lang = mailLanguage(m.plan.reminders?.language, r.lang);
    const footer = topicFooter(
      lang,
      topicLinks(opts.deps, { userId: r.userId, projectId: opts.projectId, topic: TOPIC }),
    );
    const { subject, text } = mail.build(lang);
    const { created } = await enqueueMail(tx, {
      message: {
        purpose: TOPIC,
        idempotencyKey: `${mail.key}:${r.userId}`,
        to: r.email,
        lang,
        subject,
        text: text + footer.text,
        headers: footer.headers,
        projectId: opts.projectId,
      },
      clock: opts.clock,
    });
    if (created) queued.push(r.userId);
  }
  return queued;
}

const periodLabel = (lang: Lang, p: SignoffPeriod) =>
  translate(lang, 'signoff.periodLabel', { n: p.n, from: p.from, to: p.to });

/** The requests of one period due today: each unconfirmed partner's editors, the coordinators for orphans. */
async function periodRequests(
  m: MailCtx,
  p: SignoffPeriod,
  day: string,
  open: string[],
): Promise<QueuedRequest[]> {
  const s = m.plan.reminders?.signoff;
  const every = s?.remind_every_days ?? 7;
  const due = addDays(p.to, s?.due_days ?? 30);
  const out: QueuedRequest[] = [];
  const orphans: string[] = [];
  const base = `${m.baseUrl}/p/${encodeURIComponent(m.opts.projectId)}/signoff`;
  for (const partner of open) {
    const editors = await projectRecipients(m.tx, {
      projectId: m.opts.projectId,
      roles: ['editor'],
      partnerCode: partner,
    });
    if (editors.length === 0) {
      orphans.push(partner);
      continue;
    }
    const link = `${base}?partner=${encodeURIComponent(partner)}`;
    const users = await mailEach(m, editors, {
      key: `${TOPIC}:${m.opts.projectId}:${p.n}:${partner}:${day}`,
      build: (lang) => {
        const params = { project: m.project, partner, period: periodLabel(lang, p), link, due, every };
        return {
          subject: translate(lang, 'mail.signoff.subject', params),
          text: translate(lang, 'mail.signoff.body', params),
        };
      },
    });
    if (users.length > 0) out.push({ period: p.n, day, partner, users });
  }
  if (orphans.length > 0) {
    const coordinators = await projectRecipients(m.tx, {
      projectId: m.opts.projectId,
      roles: ['coordinator'],
    });
    const users = await mailEach(m, coordinators, {
      key: `${TOPIC}.orphans:${m.opts.projectId}:${p.n}:${day}`,
      build: (lang) => {
        const params = {
          project: m.project,
          period: periodLabel(lang, p),
          partners: orphans.join(', '),
          link: base,
        };
        return {
          subject: translate(lang, 'mail.signoff.orphans.subject', params),
          text: translate(lang, 'mail.signoff.orphans.body', params),
        };
      },
    });
    if (users.length > 0) out.push({ period: p.n, day, orphans, users });
  }
  return out;
}

/**
 * The daily check of one project: queues the sign-off requests due today (see the module comment) and audits
 * `signoff.request` when it queued any. Needs `period.signoff` for the project (the job acts as the system actor).
 */
export async function sendSignoffRequests(db: Db, opts: SignoffRequestOptions): Promise<QueuedRequest[]> {
  authorize(opts.actor, 'period.signoff', { projectId: opts.projectId });
  const plan = await planOf(db, opts.projectId);
  const r = plan.reminders;
  if (!r?.enabled || !r.signoff.enabled) return [];
  const today = opts.clock.today();
  const grid = await signoffGrid(db, { projectId: opts.projectId, plan });
  const due = endedPeriods(plan, today).flatMap((period) => {
    const day = requestDueOn({
      period,
      every: r.signoff.remind_every_days,
      dueDays: r.signoff.due_days,
      graceDays: r.grace_days,
      today,
    });
    const open = (grid.get(period.n) ?? []).filter((s) => s.state !== 'confirmed').map((s) => s.partner);
    return day && open.length > 0 ? [{ period, day, open }] : [];
  });
  if (due.length === 0) return [];
  const [row] = await db
    .select({ acronym: projects.acronym })
    .from(projects)
    .where(eq(projects.id, opts.projectId));
  const baseUrl = opts.deps.baseUrl ?? baseUrlOf(loadConfig());
  return db.transaction(async (tx) => {
    const m: MailCtx = { tx, opts, plan, project: row?.acronym ?? opts.projectId, baseUrl };
    const queued: QueuedRequest[] = [];
    for (const d of due) queued.push(...(await periodRequests(m, d.period, d.day, d.open)));
    if (queued.length > 0)
      await appendAudit(tx, {
        projectId: opts.projectId,
        actor: opts.actor,
        action: 'signoff.request',
        entityType: 'period_signoff_requests',
        entityId: today,
        after: { today, mails: queued },
        at: opts.clock.now(),
      });
    return queued;
  });
}
