/**
 * Sending an issue. `sendIssue` (the coordinator's "send"): in ONE transaction the issue becomes `sending` and ONE
 * message per confirmed subscriber is queued in their language (multi-row INSERT … ON CONFLICT DO NOTHING on the
 * idempotency key `newsletter.issue:<issueId>:<subscriberId>`, in batches), with one coalesced `mail.send` job and
 * the `newsletter.send` job that watches it. The mail queue sends (rate limit, retries, breaker, leases: a crash
 * resends nothing that was accepted). `finishIssue` (the job, every minute while needed): once no message of the
 * issue is queued or sending, the issue becomes `sent` and, in the same transaction, a communication activity
 * (kind newsletter, channel Newsletter, Delivered) is recorded through the records' use case, so the KPI counts it.
 */
import { tryGetContext } from 'hono/context-storage';
import { and, asc, eq, gt, like, sql } from 'drizzle-orm';
import { z } from 'zod';
import { appendAudit } from '../audit/chain';
import { authorize, type Actor } from '../auth/permissions';
import type { Db, Tx } from '../db/client';
import { mailQueue, newsletterIssues, newsletterSubscribers, type NewsletterIssueRow } from '../db/schema';
import { isAppError, notFound } from '../errors';
import type { Lang } from '../i18n';
import { defineJob, type JobDefinition } from '../jobs/define';
import { enqueue } from '../jobs/queue';
import type { Clock } from '../lib/clock';
import { messageIdFor } from '../mail/enqueue';
import { mailSendJob } from '../mail/jobs';
import { getCurrentPlan } from '../projects/repository';
import { createRecord } from '../records/service';
import { audiencesFor, vocabularyFor } from '../records/vocabularies';
import type { AppEnv } from '../web/env';
import { personalise, renderIssue, type RenderedIssue } from './issue-render';
import { archiveUrl, findIssue, issueIdentity, notDraft } from './issues';
import { listHeaders, subscriberLinks } from './mail';
import { unsubscribeToken } from './secrets';

/** Messages per INSERT. */
export const SEND_BATCH = 500;
export const ISSUE_PURPOSE = 'newsletter.issue';
const keyPrefix = (issueId: string) => `${ISSUE_PURPOSE}:${issueId}:`;

export interface SendIssueOptions {
  actor: Actor;
  projectId: string;
  id: string;
  clock: Clock;
  /** The instance's newsletter secret (unsubscribe tokens). */
  secret: Buffer;
  /** The site's root for links (`https://www.example.eu` or `<app>/site/<project>`). */
  root: string;
}

/** Queues the issue to every confirmed subscriber; the number of messages queued. */
export async function sendIssue(db: Db, o: SendIssueOptions): Promise<{ recipients: number }> {
  authorize(o.actor, 'newsletter.manage', { projectId: o.projectId });
  const issue = await findIssue(db, o);
  if (!issue) throw notFound('issue');
  const rendered = new Map<Lang, RenderedIssue>();
  for (const lang of ['en', 'ja'] as const) {
    const identity = await issueIdentity(db, { projectId: o.projectId, lang, root: o.root });
    rendered.set(lang, renderIssue({ issue, lang, identity, webUrl: archiveUrl(o.root, lang, issue.id) }));
  }
  const acronym = (await getCurrentPlan(db, o.projectId))?.plan.project.acronym ?? o.projectId;
  const now = o.clock.now();
  return db.transaction(async (tx) => {
    const [marked] = await tx
      .update(newsletterIssues)
      .set({ state: 'sending', sendingAt: now, updatedAt: now })
      .where(
        and(
          eq(newsletterIssues.id, issue.id),
          eq(newsletterIssues.projectId, o.projectId),
          eq(newsletterIssues.state, 'draft'),
        ),
      )
      .returning({ id: newsletterIssues.id });
    if (!marked) throw notDraft((await findIssue(tx, o))?.state ?? 'gone');
    let recipients = 0;
    let after = '';
    for (;;) {
      const batch = await tx
        .select({
          id: newsletterSubscribers.id,
          address: newsletterSubscribers.address,
          lang: newsletterSubscribers.lang,
        })
        .from(newsletterSubscribers)
        .where(
          and(
            eq(newsletterSubscribers.projectId, o.projectId),
            eq(newsletterSubscribers.status, 'confirmed'),
            gt(newsletterSubscribers.id, after),
          ),
        )
        .orderBy(asc(newsletterSubscribers.id))
        .limit(SEND_BATCH);
      if (batch.length === 0) break;
      after = batch[batch.length - 1]!.id;
      const rows = batch.map((s) => {
        const lang: Lang = s.lang === 'ja' ? 'ja' : 'en';
        const r = rendered.get(lang) as RenderedIssue;
        const token = unsubscribeToken(o.secret, s.id);
        const { html, text } = personalise(
          r,
          subscriberLinks({ root: o.root, lang, unsubscribeToken: token }).unsubscribe,
        );
        const idempotencyKey = `${keyPrefix(issue.id)}${s.id}`;
        return {
          purpose: ISSUE_PURPOSE,
          idempotencyKey,
          messageId: messageIdFor(idempotencyKey),
          to: s.address,
          lang,
          subject: r.subject,
          text,
          html,
          headers: listHeaders({
            root: o.root,
            lang,
            unsubscribeToken: token,
            projectId: o.projectId,
            acronym,
          }),
          status: 'queued',
          nextAttemptAt: now,
          projectId: o.projectId,
          createdAt: now,
        };
      });
      const inserted = await tx
        .insert(mailQueue)
        .values(rows)
        .onConflictDoNothing({ target: mailQueue.idempotencyKey })
        .returning({ id: mailQueue.id });
      recipients += inserted.length;
    }
    await tx.update(newsletterIssues).set({ recipients }).where(eq(newsletterIssues.id, issue.id));
    if (recipients > 0)
      await enqueue(tx, {
        job: mailSendJob,
        payload: {},
        unlessQueued: true,
        createdBy: `mail:${ISSUE_PURPOSE}`,
        clock: o.clock,
      });
    await enqueue(tx, {
      job: newsletterSendJob,
      payload: { projectId: o.projectId, issueId: issue.id },
      projectId: o.projectId,
      idempotencyKey: `issue:${issue.id}:${now.toISOString()}`,
      createdBy: `newsletter:${issue.id}`,
      clock: o.clock,
    });
    tryGetContext<AppEnv>()?.set('jobsEnqueued', true);
    await appendAudit(tx, {
      projectId: o.projectId,
      actor: o.actor,
      action: 'newsletter.issue.send',
      entityType: 'newsletter_issue',
      entityId: issue.id,
      after: { state: 'sending', recipients },
    });
    return { recipients };
  });
}

export type IssueProgress = Record<'queued' | 'sending' | 'sent' | 'failed' | 'cancelled', number> & {
  total: number;
};

/** The issue's messages by status (SQL aggregate). */
export async function progressOf(db: Db | Tx, issueId: string): Promise<IssueProgress> {
  const rows = await db
    .select({ status: mailQueue.status, n: sql<number>`count(*)::int` })
    .from(mailQueue)
    .where(like(mailQueue.idempotencyKey, `${keyPrefix(issueId)}%`))
    .groupBy(mailQueue.status);
  const out: IssueProgress = { queued: 0, sending: 0, sent: 0, failed: 0, cancelled: 0, total: 0 };
  for (const r of rows) {
    if (r.status in out) out[r.status as keyof IssueProgress] = r.n;
    out.total += r.n;
  }
  return out;
}

/** The coordinator's view of the progress. */
export async function issueProgress(
  db: Db,
  o: { actor: Actor; projectId: string; id: string },
): Promise<{ issue: NewsletterIssueRow; progress: IssueProgress }> {
  authorize(o.actor, 'newsletter.manage', { projectId: o.projectId });
  const issue = await findIssue(db, o);
  if (!issue) throw notFound('issue');
  return { issue, progress: await progressOf(db, issue.id) };
}

/**
 * `sent` once nothing of the issue is queued or sending: the transition, the activity record and the audit entry
 * in one transaction. Returns the issue's state afterwards.
 */
export async function finishIssue(
  db: Db,
  o: { actor: Actor; projectId: string; issueId: string; clock: Clock },
): Promise<{ state: string; progress?: IssueProgress }> {
  return db.transaction(async (tx) => {
    const [issue] = await tx
      .select()
      .from(newsletterIssues)
      .where(and(eq(newsletterIssues.projectId, o.projectId), eq(newsletterIssues.id, o.issueId)))
      .for('update');
    if (!issue) throw notFound('issue');
    if (issue.state !== 'sending') return { state: issue.state };
    const progress = await progressOf(tx, issue.id);
    if (progress.queued + progress.sending > 0) return { state: 'sending', progress };
    const current = await getCurrentPlan(tx, o.projectId);
    if (!current) throw notFound('project');
    const { plan } = current;
    const vocabulary = vocabularyFor(plan.project.programme);
    const audiences = audiencesFor(vocabulary, 'communication');
    const audience = audiences.find((a) => /general public/i.test(a)) ?? audiences[audiences.length - 1];
    const lead = plan.project.coordinator ?? plan.project.dissemination_leads[0] ?? plan.partners[0]?.code;
    // A send outside the project's dates cannot be a record of it (the records refuse it): sent, with the reason audited.
    let activity: string | null = null;
    let refused: string | null = null;
    try {
      const record = await createRecord(tx, {
        actor: o.actor,
        projectId: o.projectId,
        kind: 'activity',
        source: 'newsletter',
        clock: o.clock,
        input: {
          lead_partner: lead,
          title: issue.subjectEn,
          start_date: o.clock.today(),
          kind: 'newsletter',
          category: 'communication',
          type: 'Other',
          audiences: [audience],
          channels: ['Newsletter'],
          status: 'Delivered',
          persons_reached: progress.sent,
        },
      });
      activity = record.id;
    } catch (e) {
      if (!(isAppError(e) && e.code === 'validation')) throw e;
      refused = e.message;
    }
    const now = o.clock.now();
    await tx
      .update(newsletterIssues)
      .set({ state: 'sent', sentAt: now, updatedAt: now, activityId: activity })
      .where(eq(newsletterIssues.id, issue.id));
    await appendAudit(tx, {
      projectId: o.projectId,
      actor: o.actor,
      action: 'newsletter.issue.sent',
      entityType: 'newsletter_issue',
      entityId: issue.id,
      after: {
        state: 'sent',
        sent: progress.sent,
        failed: progress.failed,
        activity,
        ...(refused ? { activity_refused: refused } : {}),
      },
    });
    return { state: 'sent', progress };
  });
}

const sendPayload = z.object({ projectId: z.string().min(1).max(100), issueId: z.string().uuid() });
type SendPayload = z.infer<typeof sendPayload>;

/** How often the job looks again while messages are still queued. */
export const FINISH_CHECK_MS = 60_000;

/** `newsletter.send`: watches an issue's messages and marks it sent (with its activity) once they are all handled. */
export const newsletterSendJob: JobDefinition<SendPayload> = defineJob({
  kind: 'newsletter.send',
  payload: sendPayload,
  maxAttempts: 5,
  async run(ctx, p) {
    const out = await finishIssue(ctx.db, {
      actor: ctx.actor,
      projectId: p.projectId,
      issueId: p.issueId,
      clock: ctx.clock,
    });
    if (out.state === 'sending') {
      const at = new Date(ctx.clock.now().getTime() + FINISH_CHECK_MS);
      await enqueue(ctx.db, {
        job: newsletterSendJob,
        payload: p,
        projectId: p.projectId,
        runAt: at,
        idempotencyKey: `issue:${p.issueId}:${at.toISOString()}`,
        createdBy: `job:${ctx.job.id}`,
        clock: ctx.clock,
      });
    }
    return out;
  },
});
