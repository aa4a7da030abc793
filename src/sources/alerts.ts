/**
 * A failing source raises an alert without blocking the others (issue 25 item 3). A source is failing while its
 * last finished run (dry runs left out) failed or partly failed: an `ok` run ends the streak. The sources page and
 * the KPI digest list failing sources; the coordinators get ONE mail per streak (topic `alerts`, honouring their
 * preferences like the inconsistency alerts; in each one's language), keyed by the streak's first failed run, and
 * the mail is audited (`source.alert`: the source, the run, the error code; never a credential).
 */
import { and, desc, eq, gt, inArray, sql } from 'drizzle-orm';
import { appendAudit } from '../audit/chain';
import { systemActor, type Actor } from '../auth/permissions';
import type { Db } from '../db/client';
import { projects, sourceRuns } from '../db/schema';
import { translate, type Lang } from '../i18n';
import type { Clock } from '../lib/clock';
import type { LocalizedText } from '../plan/schema';
import { enqueueMail } from '../mail/enqueue';
import { mayMail } from '../mail/preferences';
import { mailLanguage, projectRecipients, topicFooter, topicLinks } from '../mail/recipients';
import { getCurrentPlan } from '../projects/repository';
import { lastRuns, type SourceRunRow } from './runs';

export interface FailingSource {
  source: string;
  /** The last run (failed or partial). */
  last: SourceRunRow;
  /** The streak's first failed run (its id keys the one mail). */
  since: SourceRunRow;
}

/** The project's failing sources (see the module's note), in source order. */
export async function failingSources(db: Db, projectId: string): Promise<FailingSource[]> {
  const out: FailingSource[] = [];
  for (const [source, last] of [...(await lastRuns(db, projectId))].sort(([a], [b]) => a.localeCompare(b))) {
    if (last.status !== 'failed' && last.status !== 'partial') continue;
    const [ok] = await db
      .select({ id: sourceRuns.id })
      .from(sourceRuns)
      .where(
        and(
          eq(sourceRuns.projectId, projectId),
          eq(sourceRuns.source, source),
          eq(sourceRuns.dryRun, false),
          eq(sourceRuns.status, 'ok'),
        ),
      )
      .orderBy(desc(sourceRuns.id))
      .limit(1);
    const [since] = await db
      .select()
      .from(sourceRuns)
      .where(
        and(
          eq(sourceRuns.projectId, projectId),
          eq(sourceRuns.source, source),
          eq(sourceRuns.dryRun, false),
          inArray(sourceRuns.status, ['failed', 'partial']),
          ok ? gt(sourceRuns.id, ok.id) : sql`true`,
        ),
      )
      .orderBy(sourceRuns.id)
      .limit(1);
    out.push({ source, last, since: since ?? last });
  }
  return out;
}

/** The sources page of a project (an app path). */
export const sourcesPath = (projectId: string): string => `/p/${encodeURIComponent(projectId)}/sources`;

/** A failing source as one sentence, in one language. */
export function failingText(lang: Lang, f: FailingSource): string {
  const code = f.last.errorCode ?? f.last.status;
  return translate(lang, 'sources.alert.line', {
    source: translate(lang, `sources.name.${f.source}` as never),
    status: translate(lang, `sources.run.${f.last.status}` as never),
    since: f.since.startedAt.toISOString().slice(0, 10),
    code: translate(lang, `sources.code.${code}` as never),
  });
}

/** The digest's items: each failing source in English and Japanese, linked to the sources page. */
export async function failingSourceItems(
  db: Db,
  projectId: string,
): Promise<Array<{ label: LocalizedText; href: string }>> {
  return (await failingSources(db, projectId)).map((f) => ({
    label: { en: failingText('en', f), ja: failingText('ja', f) },
    href: sourcesPath(projectId),
  }));
}

/**
 * Mails the coordinators about a source whose streak of failures began with `failing.since`, once per streak and
 * coordinator (the mail's idempotency key), and audits it once. Returns the user ids mailed now.
 */
export async function mailSourceAlert(
  db: Db,
  o: {
    projectId: string;
    failing: FailingSource;
    clock: Clock;
    baseUrl: string;
    keyFile?: string;
    actor?: Actor;
  },
): Promise<string[]> {
  const { projectId, failing: f, clock } = o;
  const today = clock.today();
  return db.transaction(async (tx) => {
    const [project] = await tx
      .select({ acronym: projects.acronym })
      .from(projects)
      .where(eq(projects.id, projectId));
    const plan = (await getCurrentPlan(tx as unknown as Db, projectId))?.plan;
    const link = `${o.baseUrl}${sourcesPath(projectId)}`;
    const mailed: string[] = [];
    for (const r of await projectRecipients(tx, { projectId, roles: ['coordinator'] })) {
      if (!(await mayMail(tx, { userId: r.userId, projectId, topic: 'alerts', today }))) continue;
      const lang = mailLanguage(plan?.reminders?.language, r.lang);
      const params = {
        project: project?.acronym ?? projectId,
        source: translate(lang, `sources.name.${f.source}` as never),
        line: failingText(lang, f),
        message: f.last.message ?? '',
        link,
      };
      const links = topicLinks(
        { baseUrl: o.baseUrl, keyFile: o.keyFile },
        { userId: r.userId, projectId, topic: 'alerts' },
      );
      const footer = topicFooter(lang, links);
      const sent = await enqueueMail(tx, {
        message: {
          purpose: 'sources.alert',
          idempotencyKey: `sources.alert:${projectId}:${f.source}:${f.since.id}:${r.userId}`,
          lang,
          projectId,
          to: r.email,
          subject: translate(lang, 'sources.mail.subject', params),
          text: translate(lang, 'sources.mail.body', params) + footer.text,
          headers: footer.headers,
        },
        clock,
      });
      if (sent.created) mailed.push(r.userId);
    }
    if (mailed.length > 0)
      await appendAudit(tx, {
        projectId,
        actor: o.actor ?? systemActor('job:sources.fetch'),
        action: 'source.alert',
        entityType: 'source_run',
        entityId: f.since.id,
        after: {
          source: f.source,
          run: f.last.id,
          status: f.last.status,
          code: f.last.errorCode,
          recipients: mailed.length,
        },
        at: clock.now(),
      });
    return mailed;
  });
}
