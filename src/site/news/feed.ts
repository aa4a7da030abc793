/**
 * The news feeds (`feed`): RSS 2.0 and Atom 1.0 per language, every link absolute (the site's canonical root), the
 * content the same sanitised HTML as the article page. Dates come from the posts (never the time of the request), so
 * the same posts give the same bytes and the same ETag.
 */
import { Feed } from 'feed';
import { localize } from '../../plan/schema';
import type { Lang } from '../../i18n';
import type { NewsRow } from './repository';
import { renderMarkdown } from './markdown';

export interface NewsFeedOptions {
  format: 'rss' | 'atom';
  lang: Lang;
  /** The site's canonical root (`https://www.example.eu` or `<app>/site/<project>`). */
  root: string;
  title: string;
  description: string;
  /** Newest first. */
  posts: NewsRow[];
  /** When nothing is published: the feed's `updated` (the plan's import). */
  fallbackUpdated: Date;
  copyright: string;
}

/** A post's text in the feed's language (English when it has none). */
export const postText = (post: NewsRow, lang: Lang) => ({
  title: localize({ en: post.titleEn, ...(post.titleJa ? { ja: post.titleJa } : {}) }, lang),
  summary: localize({ en: post.summaryEn, ...(post.summaryJa ? { ja: post.summaryJa } : {}) }, lang),
  body: localize({ en: post.bodyEn, ...(post.bodyJa ? { ja: post.bodyJa } : {}) }, lang),
});

/** The publish day as a date at 00:00 UTC (what feeds show as the item's date). */
export const publishDate = (post: Pick<NewsRow, 'publishOn'>): Date =>
  new Date(`${post.publishOn}T00:00:00Z`);

export function newsFeed(o: NewsFeedOptions): string {
  const home = `${o.root}/${o.lang}/news`;
  const newest = o.posts.reduce<Date | null>((latest, p) => {
    const d = p.updatedAt > publishDate(p) ? p.updatedAt : publishDate(p);
    return !latest || d > latest ? d : latest;
  }, null);
  const feed = new Feed({
    id: home,
    title: o.title,
    description: o.description,
    link: home,
    language: o.lang,
    updated: newest ?? o.fallbackUpdated,
    generator: 'Herald',
    copyright: o.copyright,
    feedLinks: { rss: `${home}/feed.rss`, atom: `${home}/feed.atom` },
  });
  for (const post of o.posts) {
    const text = postText(post, o.lang);
    const link = `${home}/${post.slug}`;
    feed.addItem({
      title: text.title,
      id: link,
      guid: link,
      link,
      date: publishDate(post),
      published: publishDate(post),
      description: text.summary,
      content: renderMarkdown(text.body),
      ...(post.imageSha256 && post.imageType
        ? { image: { url: `${o.root}/images/${post.imageSha256}`, type: post.imageType } }
        : {}),
    });
  }
  return o.format === 'rss' ? feed.rss2() : feed.atom1();
}
