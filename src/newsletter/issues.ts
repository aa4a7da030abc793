/**
 * The coordinator's issue use cases (`newsletter.manage`, audited on the project's chain): list, read, write
 * (drafts only), preview per language and a test send to oneself. Sending is src/newsletter/issue-send.ts.
 */
import { and, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { appendAudit } from '../audit/chain';
import { actorId, authorize, type Actor } from '../auth/permissions';
import type { Db, Tx } from '../db/client';
import { newsletterIssues, users, type NewsletterIssueRow } from '../db/schema';
import { AppError, forbidden, notFound } from '../errors';
import type { Lang } from '../i18n';
import type { Clock } from '../lib/clock';
import { newId } from '../lib/ids';
import { getCurrentPlan } from '../projects/repository';
import { inputConflict, parseInput } from '../reports/inputs-shared';
import { lineText, multilineText, uuidParam } from '../schema-pieces';
import { fundedByEu, siteIdentity } from '../site/site';
import { renderIssue, personalise, type IssueIdentity, type RenderedIssue } from './issue-render';
import { sendNewsletterMail } from './mail';

export const ISSUE_STATES = ['draft', 'sending', 'sent'] as const;
export type IssueState = (typeof ISSUE_STATES)[number];

const required = (max: number, multiline = false) =>
  (multiline ? multilineText(max) : lineText(max)).pipe(z.string().min(1, 'is required'));
const optional = (max: number, multiline = false) =>
  (multiline ? multilineText(max) : lineText(max)).optional().transform((v) => (v ? v : null));

/** What the issue form sends: English required, Japanese optional. */
export const issueInputSchema = z.strictObject({
  subject_en: required(300),
  subject_ja: optional(300),
  body_en: required(100_000, true),
  body_ja: optional(100_000, true),
  /** The version (updated_at in ms) the form was loaded with (edits only). */
  version: z
    .string()
    .regex(/^\d{1,16}$/)
    .optional(),
});
export type IssueInput = z.input<typeof issueInputSchema>;
export const ISSUE_FIELDS = ['subject_en', 'subject_ja', 'body_en', 'body_ja', 'version'] as const;

interface Base {
  actor: Actor;
  projectId: string;
}

const manage = (o: Base) => authorize(o.actor, 'newsletter.manage', { projectId: o.projectId });

export async function findIssue(db: Db | Tx, o: { projectId: string; id: string }) {
  if (!uuidParam.safeParse(o.id).success) return undefined;
  const [row] = await db
    .select()
    .from(newsletterIssues)
    .where(and(eq(newsletterIssues.projectId, o.projectId), eq(newsletterIssues.id, o.id)));
  return row;
}

export async function listIssues(db: Db, o: Base): Promise<NewsletterIssueRow[]> {
  manage(o);
  return db
    .select()
    .from(newsletterIssues)
    .where(eq(newsletterIssues.projectId, o.projectId))
    .orderBy(desc(newsletterIssues.createdAt), desc(newsletterIssues.id));
}

export async function getIssue(db: Db, o: Base & { id: string }): Promise<NewsletterIssueRow> {
  manage(o);
  const row = await findIssue(db, o);
  if (!row) throw notFound('issue');
  return row;
}

const auditView = (r: NewsletterIssueRow) => ({
  state: r.state,
  subject_en: r.subjectEn,
  subject_ja: r.subjectJa,
  body_en_chars: r.bodyEn.length,
  body_ja_chars: r.bodyJa?.length ?? 0,
  recipients: r.recipients,
});

const fieldsOf = (input: unknown) => {
  const v = parseInput(issueInputSchema, input);
  return {
    version: v.version === undefined ? undefined : Number(v.version),
    fields: { subjectEn: v.subject_en, subjectJa: v.subject_ja, bodyEn: v.body_en, bodyJa: v.body_ja },
  };
};

export async function createIssue(
  db: Db,
  o: Base & { input: unknown; clock: Clock },
): Promise<NewsletterIssueRow> {
  manage(o);
  const { fields } = fieldsOf(o.input);
  const now = o.clock.now();
  return db.transaction(async (tx) => {
    const [row] = (await tx
      .insert(newsletterIssues)
      .values({
        ...fields,
        id: newId(),
        projectId: o.projectId,
        state: 'draft',
        createdBy: actorId(o.actor),
        createdAt: now,
        updatedAt: now,
      })
      .returning()) as [NewsletterIssueRow];
    await appendAudit(tx, {
      projectId: o.projectId,
      actor: o.actor,
      action: 'newsletter.issue.create',
      entityType: 'newsletter_issue',
      entityId: row.id,
      after: auditView(row),
    });
    return row;
  });
}

/** Only a draft changes (409 once sending); a stale version (another save in between) is a 409 too. */
export const notDraft = (state: string): AppError =>
  new AppError({
    code: 'conflict',
    status: 409,
    message: `the issue is ${state}: only a draft can change or be sent`,
    messageKey: 'newsletter.issue.error.notDraft',
  });

export async function updateIssue(
  db: Db,
  o: Base & { id: string; input: unknown; clock: Clock },
): Promise<NewsletterIssueRow> {
  manage(o);
  const { fields, version } = fieldsOf(o.input);
  const now = o.clock.now();
  return db.transaction(async (tx) => {
    const [before] = uuidParam.safeParse(o.id).success
      ? await tx
          .select()
          .from(newsletterIssues)
          .where(and(eq(newsletterIssues.projectId, o.projectId), eq(newsletterIssues.id, o.id)))
          .for('update')
      : [];
    if (!before) throw notFound('issue');
    if (before.state !== 'draft') throw notDraft(before.state);
    if (version !== undefined && version !== before.updatedAt.getTime())
      throw inputConflict(before.updatedAt.getTime(), version);
    const [row] = (await tx
      .update(newsletterIssues)
      .set({ ...fields, updatedAt: now })
      .where(eq(newsletterIssues.id, before.id))
      .returning()) as [NewsletterIssueRow];
    await appendAudit(tx, {
      projectId: o.projectId,
      actor: o.actor,
      action: 'newsletter.issue.update',
      entityType: 'newsletter_issue',
      entityId: row.id,
      before: auditView(before),
      after: auditView(row),
    });
    return row;
  });
}

/** The plan's identity as a mail shows it; `root` is the site's root for links (`<app>/site/<p>` or a host). */
export async function issueIdentity(
  db: Db | Tx,
  o: { projectId: string; lang: Lang; root: string },
): Promise<IssueIdentity> {
  const current = await getCurrentPlan(db as Db, o.projectId);
  if (!current) throw notFound('project');
  const { plan } = current;
  const identity = await siteIdentity(
    {
      projectId: o.projectId,
      plan,
      contentHash: current.contentHash,
      importedAt: current.importedAt,
      langs: ['en'],
    },
    o.lang,
  );
  return {
    acronym: plan.project.acronym,
    palette: identity.palette,
    logoUrl: identity.logo ? `${o.root}/logo` : null,
    acknowledgement: identity.acknowledgement,
    eu: fundedByEu(plan),
  };
}

/** The archive page of an issue on the public site. */
export const archiveUrl = (root: string, lang: Lang, id: string): string =>
  `${root}/${lang}/newsletter/archive/${id}`;

/** The issue as a subscriber in `lang` would receive it (the unsubscribe link is an example). */
export async function previewIssue(
  db: Db,
  o: Base & { id: string; lang: Lang; root: string },
): Promise<RenderedIssue> {
  const issue = await getIssue(db, o);
  const identity = await issueIdentity(db, o);
  const r = renderIssue({ issue, lang: o.lang, identity, webUrl: archiveUrl(o.root, o.lang, issue.id) });
  const example = `${o.root}/${o.lang}/newsletter`;
  return { ...r, ...personalise(r, example) };
}

/** Queues one copy in `lang` to the signed-in user's own address (each press sends one; audited). */
export async function testSendIssue(
  db: Db,
  o: Base & { id: string; lang: Lang; root: string; clock: Clock },
): Promise<{ to: string }> {
  const issue = await getIssue(db, o);
  if (o.actor.kind !== 'user') throw forbidden('only a person can test-send');
  const [user] = await db.select({ email: users.email }).from(users).where(eq(users.id, o.actor.userId));
  if (!user?.email) throw notFound('user');
  const preview = await previewIssue(db, o);
  const now = o.clock.now();
  await db.transaction(async (tx) => {
    await sendNewsletterMail(tx, {
      mail: {
        to: user.email as string,
        lang: o.lang,
        subject: `[TEST] ${preview.subject}`,
        text: preview.text,
        html: preview.html,
      },
      purpose: 'newsletter.test',
      key: `newsletter.test:${issue.id}:${actorId(o.actor)}:${now.getTime()}`,
      projectId: o.projectId,
      clock: o.clock,
    });
    await appendAudit(tx, {
      projectId: o.projectId,
      actor: o.actor,
      action: 'newsletter.issue.test',
      entityType: 'newsletter_issue',
      entityId: issue.id,
      after: { lang: o.lang },
    });
  });
  return { to: user.email };
}
