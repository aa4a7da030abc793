/**
 * The site for crawlers: `sitemap.xml` (every public page in every language, each with its language alternates,
 * sitemaps.org 0.9 + xhtml:link) and `robots.txt` (everything allowed, the sitemap's address).
 */
import type { Lang } from '../i18n';

/** The pages of a site, after the language segment (`` is the home page). */
export const SITE_PAGES = [
  '',
  '/news',
  '/events',
  '/publications',
  '/deliverables',
  '/accessibility',
] as const;

const xmlEscape = (s: string): string =>
  s.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] ?? c,
  );

/** The sitemap of a site whose root (for canonical addresses) is `root`; `more`: pages of its content (news posts). */
export function sitemapXml(root: string, langs: readonly Lang[], more: readonly string[] = []): string {
  const urls = [...SITE_PAGES, ...more].flatMap((page) =>
    langs.map((lang) => {
      const alternates = langs
        .map(
          (l) =>
            `    <xhtml:link rel="alternate" hreflang="${l}" href="${xmlEscape(`${root}/${l}${page}`)}"/>`,
        )
        .join('\n');
      return `  <url>\n    <loc>${xmlEscape(`${root}/${lang}${page}`)}</loc>\n${alternates}\n  </url>`;
    }),
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ...urls,
    '</urlset>',
    '',
  ].join('\n');
}

/** robots.txt: the public site may be crawled; its sitemap. */
export function robotsTxt(root: string): string {
  return `User-agent: *\nAllow: /\nSitemap: ${root}/sitemap.xml\n`;
}
