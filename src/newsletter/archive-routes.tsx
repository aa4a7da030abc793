/**
 * The newsletter's public archive, mounted into the site's sub-app (src/site/routes.tsx) beside the subscription
 * pages: sent issues only (a draft or one still sending is the site's 404), in the page's language with the
 * English fallback and its notice, in the sitemap.
 *   GET /:lang/newsletter/archive            the list, newest first, linking to the subscribe page
 *   GET /:lang/newsletter/archive/:issueId   one issue
 */
import { and, desc, eq } from 'drizzle-orm';
import { Hono, type Context } from 'hono';
import { raw } from 'hono/html';
import type { FC } from 'hono/jsx';
import type { Db } from '../db/client';
import { newsletterIssues, type NewsletterIssueRow } from '../db/schema';
import { notFound } from '../errors';
import { formatDate } from '../i18n';
import { uuidParam } from '../schema-pieces';
import { renderMarkdown } from '../site/news/markdown';
import { SiteLayout } from '../site/views/layout';
import type { AppEnv } from '../web/env';
import { newsletterPage, type NewsletterPage } from './site-context';

type C = Context<AppEnv>;
const LANG = ':lang{(?:en|ja)}';

/** The sent issues of a project (the archive and the sitemap). */
export async function sentIssues(db: Db, projectId: string): Promise<NewsletterIssueRow[]> {
  return db
    .select()
    .from(newsletterIssues)
    .where(and(eq(newsletterIssues.projectId, projectId), eq(newsletterIssues.state, 'sent')))
    .orderBy(desc(newsletterIssues.sentAt), desc(newsletterIssues.id));
}

export const sentIssueIds = async (db: Db, projectId: string): Promise<string[]> =>
  (await sentIssues(db, projectId)).map((r) => r.id);

const subjectOf = (p: NewsletterPage, r: NewsletterIssueRow) =>
  p.picker.prose(r.subjectJa ? { en: r.subjectEn, ja: r.subjectJa } : r.subjectEn);

const ArchivePage: FC<{ p: NewsletterPage; rows: NewsletterIssueRow[] }> = ({ p, rows }) => {
  const { ctx, frame, picker } = p;
  const { t, lang, base } = ctx;
  const items = rows.map((r) => ({ r, subject: subjectOf(p, r) }));
  return (
    <SiteLayout
      ctx={ctx}
      frame={frame}
      title={t('newsletter.archive.title')}
      description={t('newsletter.archive.intro', { project: ctx.site.plan.project.acronym })}
      fallback={picker.fellBack}
    >
      <h1>{t('newsletter.archive.title')}</h1>
      <p>{t('newsletter.archive.intro', { project: ctx.site.plan.project.acronym })}</p>
      <p>
        <a href={`${base}/${lang}/newsletter`}>{t('newsletter.archive.subscribe')}</a>
      </p>
      {items.length === 0 ? (
        <p>{t('newsletter.archive.none')}</p>
      ) : (
        <ul class="newsletter-archive">
          {items.map(({ r, subject }) => (
            <li data-issue={r.id}>
              <a
                href={`${base}/${lang}/newsletter/archive/${r.id}`}
                lang={subject.en && lang !== 'en' ? 'en' : undefined}
              >
                {subject.text}
              </a>{' '}
              <span class="muted">
                {r.sentAt ? t('newsletter.archive.sent', { date: formatDate(lang, r.sentAt) }) : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
    </SiteLayout>
  );
};

const IssuePage: FC<{ p: NewsletterPage; r: NewsletterIssueRow }> = ({ p, r }) => {
  const { ctx, frame, picker } = p;
  const { t, lang, base } = ctx;
  const subject = subjectOf(p, r);
  const body = picker.prose(r.bodyJa ? { en: r.bodyEn, ja: r.bodyJa } : r.bodyEn);
  return (
    <SiteLayout
      ctx={ctx}
      frame={frame}
      title={subject.text}
      description={subject.text}
      fallback={picker.fellBack}
    >
      <article class="newsletter-issue">
        <h1 lang={subject.en && lang !== 'en' ? 'en' : undefined}>{subject.text}</h1>
        {r.sentAt ? (
          <p class="muted">{t('newsletter.archive.sent', { date: formatDate(lang, r.sentAt) })}</p>
        ) : null}
        <div class="news-body" lang={body.en && lang !== 'en' ? 'en' : undefined}>
          {raw(renderMarkdown(body.text))}
        </div>
        {body.en && lang !== 'en' ? <p class="fallback">{t('site.fallback.marker')}</p> : null}
      </article>
      <p>
        <a href={`${base}/${lang}/newsletter/archive`}>{t('newsletter.archive.back')}</a> ·{' '}
        <a href={`${base}/${lang}/newsletter`}>{t('newsletter.archive.subscribe')}</a>
      </p>
    </SiteLayout>
  );
};

const page = (c: C, body: unknown): Response =>
  c.html(`<!doctype html>${String(body)}`, 200, { 'cache-control': 'no-cache' });

export function archiveRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get(`/:id/${LANG}/newsletter/archive`, async (c) => {
    const p = await newsletterPage(c, '/newsletter/archive');
    const rows = await sentIssues(p.use.db, p.site.projectId);
    return page(c, <ArchivePage p={p} rows={rows} />);
  });
  app.get(`/:id/${LANG}/newsletter/archive/:issueId`, async (c) => {
    const issueId = c.req.param('issueId');
    const p = await newsletterPage(c, `/newsletter/archive/${issueId}`);
    if (!uuidParam.safeParse(issueId).success) throw notFound('page');
    const [r] = await p.use.db
      .select()
      .from(newsletterIssues)
      .where(
        and(
          eq(newsletterIssues.projectId, p.site.projectId),
          eq(newsletterIssues.id, issueId),
          eq(newsletterIssues.state, 'sent'),
        ),
      );
    if (!r) throw notFound('page');
    return page(c, <IssuePage p={p} r={r} />);
  });
  return app;
}
