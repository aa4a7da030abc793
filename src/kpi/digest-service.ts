/**
 * The KPI digest's use cases: the in-app page's digest (reads only), and the daily check that sends the digest due
 * today (src/kpi/digest-window.ts) to the coordinators and to partner editors who opted in, each in their language.
 * The check stores the digest row and queues every mail and the audit entry in ONE transaction; the row's key
 * (project, due day) makes a rerun, a restart or a second instance queue nothing twice.
 */
import { desc, eq } from 'drizzle-orm';
import { appendAudit } from '../audit/chain';
import { authorize, type Actor } from '../auth/permissions';
import { baseUrlOf, loadConfig } from '../config';
import type { Db } from '../db/client';
import { kpiDigests } from '../db/schema';
import { AppError } from '../errors';
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
import { buildDigest, type Digest } from './digest';
import { renderDigestMail } from './digest-render';
import { dueDigest, pageWindow, type LastDigest } from './digest-window';
import { loadPlanOrThrow } from './service';

/** The project's latest digest (by due day), or null. */
export async function lastDigest(db: Db, projectId: string): Promise<LastDigest | null> {
  const [row] = await db
    .select({ dueOn: kpiDigests.dueOn, until: kpiDigests.until })
    .from(kpiDigests)
    .where(eq(kpiDigests.projectId, projectId))
    .orderBy(desc(kpiDigests.dueOn))
    .limit(1);
  return row ?? null;
}

/**
 * The digest page's content: since `since` (YYYY-MM-DD) or the last digest, up to today. Every member (`report.read`).
 */
export async function readDigest(
  db: Db,
  q: { actor: Actor; projectId: string; since?: string; clock: Clock },
): Promise<Digest> {
  authorize(q.actor, 'report.read', { projectId: q.projectId });
  const { plan } = await loadPlanOrThrow(db, q.projectId);
  const today = q.clock.today();
  const window = pageWindow({ plan, today, last: await lastDigest(db, q.projectId), since: q.since });
  if (window.since > today)
    throw new AppError({
      code: 'invalid_period',
      message: `since (${window.since}) is after today (${today})`,
      params: { from: window.since, at: today },
      details: [{ path: 'since', message: 'after today' }],
    });
  return buildDigest(db, { projectId: q.projectId, since: window.since, until: window.until });
}

export interface DigestCheckOptions {
  actor: Actor;
  projectId: string;
  clock: Clock;
  /** Where the mail's links point and the preference links' key (job deps, else the config). */
  deps: MailLinkDeps;
}

export type DigestCheckResult =
  | { status: 'not-due' }
  | { status: 'sent'; dueOn: string; since: string; until: string; recipients: string[] }
  | { status: 'already-sent'; dueOn: string };

/** The coordinators (digest on by default) and partner editors who opted in, once each, coordinators first. */
async function digestRecipients(db: Db, projectId: string, today: string): Promise<ProjectRecipient[]> {
  const [coordinators, editors] = await Promise.all([
    projectRecipients(db, { projectId, roles: ['coordinator'] }),
    projectRecipients(db, { projectId, roles: ['editor'] }),
  ]);
  const out: ProjectRecipient[] = [];
  const seen = new Set<string>();
  for (const [list, defaultOn] of [
    [coordinators, true],
    [editors, false],
  ] as const) {
    for (const r of list) {
      if (seen.has(r.userId)) continue;
      if (!(await mayMail(db, { userId: r.userId, projectId, topic: 'digest', today, defaultOn }))) continue;
      seen.add(r.userId);
      out.push(r);
    }
  }
  return out;
}

/**
 * The daily check: when a digest is due (due day + grace, the project running, not sent yet), builds it, then in ONE
 * transaction stores it (kpi_digests), queues one mail per recipient (idempotency key
 * `digest:<project>:<due day>:<user>`) and appends the `kpi.digest` audit entry naming the recipients by id.
 */
export async function sendDueDigest(db: Db, o: DigestCheckOptions): Promise<DigestCheckResult> {
  authorize(o.actor, 'report.read', { projectId: o.projectId });
  const { plan } = await loadPlanOrThrow(db, o.projectId);
  const today = o.clock.today();
  const due = dueDigest({ plan, today, last: await lastDigest(db, o.projectId) });
  if (!due) return { status: 'not-due' };
  const digest = await buildDigest(db, { projectId: o.projectId, since: due.since, until: due.until });
  const recipients = await digestRecipients(db, o.projectId, today);
  const baseUrl = o.deps.baseUrl ?? baseUrlOf(loadConfig());
  const link = `${baseUrl}/p/${encodeURIComponent(o.projectId)}/digest?since=${due.since}`;
  const language = plan.reminders?.language;
  return db.transaction(async (tx): Promise<DigestCheckResult> => {
    const stored = await tx
      .insert(kpiDigests)
      .values({
        projectId: o.projectId,
        dueOn: due.dueOn,
        since: due.since,
        until: due.until,
        kpis: digest.kpis,
        createdAt: o.clock.now(),
      })
      .onConflictDoNothing()
      .returning({ dueOn: kpiDigests.dueOn });
    // Another run (a retry, a second instance) stored this due day's digest first: its mails are queued.
    if (stored.length === 0) return { status: 'already-sent', dueOn: due.dueOn };
    for (const r of recipients) {
      const lang = mailLanguage(language, r.lang);
      const links = topicLinks(o.deps, { userId: r.userId, projectId: o.projectId, topic: 'digest' });
      const footer = topicFooter(lang, links);
      const mail = renderDigestMail(digest, { lang, link, footer: footer.text, preferences: links.page });
      await enqueueMail(tx, {
        message: {
          purpose: 'kpi.digest',
          idempotencyKey: `digest:${o.projectId}:${due.dueOn}:${r.userId}`,
          to: r.email,
          lang,
          projectId: o.projectId,
          headers: footer.headers,
          ...mail,
        },
        clock: o.clock,
      });
    }
    const sent = recipients.map((r) => r.userId);
    await appendAudit(tx, {
      projectId: o.projectId,
      actor: o.actor,
      action: 'kpi.digest',
      entityType: 'kpi_digest',
      entityId: due.dueOn,
      after: { dueOn: due.dueOn, since: due.since, until: due.until, recipients: sent },
      at: o.clock.now(),
    });
    return { status: 'sent', dueOn: due.dueOn, since: due.since, until: due.until, recipients: sent };
  });
}
