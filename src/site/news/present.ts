/** A post as the site's views take it, in one language (English fallback picked and marked): list item and article. */
import type { Lang } from '../../i18n';
import type { TextPicker } from '../site';
import type { Article, NewsItem } from '../views/news';
import { renderMarkdown } from './markdown';
import type { NewsRow } from './repository';

const text = (en: string, ja: string | null) => (ja ? { en, ja } : { en });

/** `imageSrc`: where the page loads the image from (the site's `/images/<sha>`, or the app's preview address). */
export function newsItem(post: NewsRow, picker: TextPicker, imageSrc: string | null): NewsItem {
  return {
    slug: post.slug,
    title: picker.name(text(post.titleEn, post.titleJa)),
    summary: picker.prose(text(post.summaryEn, post.summaryJa)),
    publishOn: post.publishOn,
    image:
      post.imageSha256 && imageSrc && post.imageAltEn
        ? { src: imageSrc, alt: picker.name(text(post.imageAltEn, post.imageAltJa)) }
        : null,
  };
}

export function newsArticle(
  post: NewsRow,
  o: { lang: Lang; picker: TextPicker; imageSrc: string | null; ogImage: string | null },
): Article {
  const bodyEn = o.lang !== 'en' && !post.bodyJa;
  if (bodyEn) o.picker.fellBack = true;
  const body = o.lang === 'en' || !post.bodyJa ? post.bodyEn : post.bodyJa;
  const item = newsItem(post, o.picker, o.imageSrc);
  // A title without its translation is prose here (the article's own heading): the page's notice says so.
  if (item.title.en) o.picker.fellBack = true;
  return { ...item, bodyHtml: renderMarkdown(body), bodyEn, ogImage: o.ogImage };
}

/** The image's address under a site root (`<root>/images/<sha256>`), or null. */
export const siteImageUrl = (root: string, post: NewsRow): string | null =>
  post.imageSha256 ? `${root}/images/${post.imageSha256}` : null;
