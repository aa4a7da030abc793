/**
 * The site's news addresses (relative to the site's root): /:lang/news (?before= keyset), /:lang/news/<slug>,
 * /:lang/news/feed.rss, /:lang/news/feed.atom, and /images/<sha256> (a public post's image). Only posts in state
 * `published` whose publish date has come by the app's clock are public; everything else is the site's 404.
 * Answers are cached as every page of the site (ETag of the bytes: a changed post changes it).
 */
import type { Context, Hono } from 'hono';
import { notFound } from '../errors';
import type { Lang } from '../i18n';
import type { AppDeps, AppEnv } from '../web/env';
import { parseQuery } from '../web/query';
import { siteCard } from './card';
import { newsFeed } from './news/feed';
import { filesDirOf, readNewsImage, siteImagesDir } from './news/images';
import { newsArticle, newsItem, siteImageUrl } from './news/present';
import { publicImage, publicNews, publicPost } from './news/repository';
import { newsSlug } from './news/schema';
import { cached, CACHE_CONTROL, html } from './respond';
import { cursorOf, type Cursor } from './repository';
import { siteLang, type PublicSite, type TextPicker } from './site';
import type { Frame, SiteCtx } from './views/layout';
import { ArticlePage, NewsPage } from './views/news';
import type { z } from 'zod';

type C = Context<AppEnv>;

/** What the site's routes share with these (src/site/routes.tsx). */
export interface SiteHelpers {
  siteOf(c: C): Promise<PublicSite>;
  addressing(c: C, site: PublicSite): { base: string; canonicalRoot: string };
  prepare(
    c: C,
    page: string,
  ): Promise<{
    site: PublicSite;
    lang: Lang;
    ctx: SiteCtx;
    picker: TextPicker;
    frame: Frame;
    description: string;
  }>;
  listQuery: { before: z.ZodType<Cursor | undefined> };
  pageSize: number;
}

/** How many posts a feed carries (newest first). */
const FEED_SIZE = 50;
const SHA256 = /^[0-9a-f]{64}$/;

export function registerNewsRoutes(site: Hono<AppEnv>, deps: AppDeps, h: SiteHelpers): void {
  const db = () => deps.database.db;

  site.get('/:id/:lang{(?:en|ja)}/news', async (c) => {
    const { before } = parseQuery(c, h.listQuery);
    const { site: s, ctx, picker, frame, description } = await h.prepare(c, '/news');
    const rows = await publicNews(db(), {
      projectId: s.projectId,
      today: ctx.today,
      before,
      limit: h.pageSize,
    });
    const shown = rows.slice(0, h.pageSize);
    const items = shown.map((p) => newsItem(p, picker, null));
    const last = shown.at(-1);
    const more = rows.length > h.pageSize && last ? cursorOf(last.publishOn, last.id) : null;
    return html(
      c,
      <NewsPage
        ctx={ctx}
        frame={frame}
        fallback={picker.fellBack}
        description={description}
        items={items}
        more={more}
      />,
    );
  });

  for (const format of ['rss', 'atom'] as const)
    site.get(`/:id/:lang{(?:en|ja)}/news/feed.${format}`, async (c) => {
      const s = await h.siteOf(c);
      const lang = siteLang(s, c.req.param('lang'));
      const { canonicalRoot } = h.addressing(c, s);
      const rows = await publicNews(db(), {
        projectId: s.projectId,
        today: c.var.clock.today(),
        limit: FEED_SIZE,
      });
      const { project } = s.plan;
      const text = newsFeed({
        format,
        lang,
        root: canonicalRoot,
        title: `${project.acronym} · ${c.var.t('site.news.title')}`,
        description: project.title,
        posts: rows.slice(0, FEED_SIZE),
        fallbackUpdated: s.importedAt,
        copyright: project.acronym,
      });
      const type = format === 'rss' ? 'application/rss+xml' : 'application/atom+xml';
      return cached(c, text, `${type}; charset=utf-8`);
    });

  site.get('/:id/:lang{(?:en|ja)}/news/:slug', async (c) => {
    const slug = newsSlug.safeParse(c.req.param('slug'));
    if (!slug.success) throw notFound('news');
    const { site: s, lang, ctx, picker, frame } = await h.prepare(c, `/news/${slug.data}`);
    const post = await publicPost(db(), { projectId: s.projectId, today: ctx.today, slug: slug.data });
    if (!post) throw notFound('news');
    const src = post.imageSha256 ? `${ctx.base}/images/${post.imageSha256}` : null;
    const article = newsArticle(post, {
      lang,
      picker,
      imageSrc: src,
      ogImage: siteImageUrl(ctx.canonicalRoot, post),
    });
    return html(
      c,
      <ArticlePage
        ctx={ctx}
        frame={frame}
        fallback={picker.fellBack}
        description={article.summary.text}
        article={article}
      />,
    );
  });

  site.get('/:id/images/:sha', async (c) => {
    const s = await h.siteOf(c);
    const sha = c.req.param('sha');
    if (!SHA256.test(sha)) throw notFound('image');
    const type = await publicImage(db(), { projectId: s.projectId, today: c.var.clock.today(), sha256: sha });
    if (!type) throw notFound('image');
    const etag = `"${sha.slice(0, 32)}"`;
    const headers = { etag, 'cache-control': CACHE_CONTROL, 'x-content-type-options': 'nosniff' };
    if (c.req.header('if-none-match') === etag) return c.body(null, 304, headers);
    const bytes = await readNewsImage(siteImagesDir(filesDirOf(deps)), sha);
    if (!bytes) throw notFound('image');
    return c.body(new Uint8Array(bytes), 200, { ...headers, 'content-type': type });
  });

  site.get('/:id/card.png', async (c) => {
    const s = await h.siteOf(c);
    const bytes = await siteCard(s);
    const etag = `"${s.contentHash.slice(0, 32)}"`;
    const headers = { etag, 'cache-control': CACHE_CONTROL };
    if (c.req.header('if-none-match') === etag) return c.body(null, 304, headers);
    return c.body(new Uint8Array(bytes), 200, { ...headers, 'content-type': 'image/png' });
  });
}
