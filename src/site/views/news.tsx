/**
 * The site's news: the list (newest first, keyset pages), the article (image, date, body rendered from Markdown by
 * src/site/news/markdown.ts only) and the home page's latest posts. The same article view is the app's preview.
 */
import type { FC } from 'hono/jsx';
import { raw } from 'hono/html';
import { formatDate } from '../../i18n';
import type { Picked } from '../site';
import { SiteLayout, Text, type Frame, type SiteCtx } from './layout';

/** A post as the site shows it: texts picked in the page's language (English fallback marked). */
export interface NewsItem {
  slug: string;
  title: Picked;
  summary: Picked;
  publishOn: string;
  image: { src: string; alt: Picked } | null;
}

export interface Article extends NewsItem {
  /** Sanitised HTML of the body (src/site/news/markdown.ts). */
  bodyHtml: string;
  /** The body is the English text on a non-English page. */
  bodyEn: boolean;
  /** Absolute address of the image for Open Graph (null in the preview when there is none). */
  ogImage: string | null;
}

const DateLine: FC<{ ctx: SiteCtx; day: string }> = ({ ctx, day }) => (
  <p class="date">
    <time datetime={day}>{formatDate(ctx.lang, day)}</time>
  </p>
);

/** Posts as a list of teasers (the news page and the home page). */
export const NewsList: FC<{ ctx: SiteCtx; items: NewsItem[]; heading: 'h2' | 'h3' }> = ({
  ctx,
  items,
  heading,
}) => {
  const { t, base, lang } = ctx;
  return (
    <ul class="items news">
      {items.map((n) => {
        const link = (
          <a href={`${base}/${lang}/news/${n.slug}`}>
            <Text v={n.title} t={t} />
          </a>
        );
        return (
          <li>
            {heading === 'h2' ? <h2>{link}</h2> : <h3>{link}</h3>}
            <DateLine ctx={ctx} day={n.publishOn} />
            <p>
              <Text v={n.summary} t={t} mark />
            </p>
          </li>
        );
      })}
    </ul>
  );
};

interface PageProps {
  ctx: SiteCtx;
  frame: Frame;
  fallback: boolean;
  description: string;
}

export const NewsPage: FC<PageProps & { items: NewsItem[]; more: string | null }> = ({
  ctx,
  frame,
  fallback,
  description,
  items,
  more,
}) => {
  const { t, base, lang } = ctx;
  return (
    <SiteLayout
      ctx={ctx}
      frame={frame}
      title={t('site.news.title')}
      description={description}
      fallback={fallback}
    >
      <h1>{t('site.news.title')}</h1>
      <ul class="links">
        <li>
          <a href={`${base}/${lang}/news/feed.rss`} type="application/rss+xml">
            {t('site.news.feedRss')}
          </a>
        </li>
        <li>
          <a href={`${base}/${lang}/news/feed.atom`} type="application/atom+xml">
            {t('site.news.feedAtom')}
          </a>
        </li>
      </ul>
      {items.length > 0 ? <NewsList ctx={ctx} items={items} heading="h2" /> : <p>{t('site.news.none')}</p>}
      {more ? (
        <p>
          <a href={`${base}/${lang}/news?before=${encodeURIComponent(more)}`}>{t('site.news.more')}</a>
        </p>
      ) : null}
    </SiteLayout>
  );
};

export const ArticlePage: FC<PageProps & { article: Article }> = ({
  ctx,
  frame,
  fallback,
  description,
  article,
}) => {
  const { t, base, lang } = ctx;
  return (
    <SiteLayout
      ctx={ctx}
      frame={frame}
      title={article.title.text}
      description={description}
      fallback={fallback}
      article={{
        published: article.publishOn,
        image:
          article.ogImage && article.image ? { url: article.ogImage, alt: article.image.alt.text } : null,
      }}
    >
      <article>
        <h1>
          <Text v={article.title} t={t} />
        </h1>
        <DateLine ctx={ctx} day={article.publishOn} />
        {article.image ? (
          <figure class="news-image">
            <img
              src={article.image.src}
              alt={article.image.alt.text}
              lang={article.image.alt.en ? 'en' : undefined}
            />
          </figure>
        ) : null}
        <p class="summary">
          <Text v={article.summary} t={t} mark />
        </p>
        <div class="news-body" lang={article.bodyEn ? 'en' : undefined}>
          {raw(article.bodyHtml)}
        </div>
        {article.bodyEn ? <p class="fallback">{t('site.fallback.marker')}</p> : null}
      </article>
      <p>
        <a href={`${base}/${lang}/news`}>{t('site.news.back')}</a>
      </p>
    </SiteLayout>
  );
};
