/** The sitemap lists every page in every language with its alternates; robots.txt points at it; palette colours. */
import { describe, expect, it } from 'vitest';
import { robotsTxt, SITE_PAGES, sitemapXml } from './seo';
import { contrast, siteColours, siteCss } from './style';

describe('sitemap.xml', () => {
  it('has every page in both languages, each with both alternates, escaped', () => {
    const xml = sitemapXml('https://www.example.eu', ['en', 'ja']);
    const locs = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
    expect(locs).toHaveLength(SITE_PAGES.length * 2);
    expect(locs).toContain('https://www.example.eu/ja/publications');
    expect(locs).toContain('https://www.example.eu/en');
    expect(xml.match(/<xhtml:link rel="alternate" hreflang="en"/g)).toHaveLength(SITE_PAGES.length * 2);
    expect(sitemapXml('https://h/site/a&b', ['en'])).toContain('<loc>https://h/site/a&amp;b/en</loc>');
  });

  it('lists content pages (news posts) after the fixed pages, in every language', () => {
    const xml = sitemapXml('https://www.example.eu', ['en', 'ja'], ['/news/pilot-launch']);
    const locs = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
    expect(locs).toHaveLength((SITE_PAGES.length + 1) * 2);
    expect(locs).toContain('https://www.example.eu/ja/news/pilot-launch');
    expect(xml).toContain(
      '<xhtml:link rel="alternate" hreflang="en" href="https://www.example.eu/en/news/pilot-launch"/>',
    );
  });

  it('robots.txt allows everything and names the sitemap', () => {
    expect(robotsTxt('https://www.example.eu')).toBe(
      'User-agent: *\nAllow: /\nSitemap: https://www.example.eu/sitemap.xml\n',
    );
  });
});

describe('site colours', () => {
  it('takes the darkest readable palette colour as the brand and another as the accent', () => {
    // M-Sec: muted red, light matt blue, dark matt blue, black.
    const { brand, accent } = siteColours(['#EE7260', '#5BC3DF', '#003D58', '#000']);
    expect(brand).toBe('#003d58');
    expect(accent).toBe('#ee7260');
    expect(contrast(brand, '#ffffff')).toBeGreaterThanOrEqual(4.5);
  });

  it('falls back to a readable dark blue when no palette colour is readable on white', () => {
    const { brand } = siteColours(['#ffff00', '#5bc3df']);
    expect(brand).toBe('#1f4e79');
    expect(siteCss([])).toMatch(/^:root \{\n {2}--brand: #1f4e79;/);
  });
});
